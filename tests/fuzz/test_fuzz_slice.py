"""CI's slice of the fuzz run (``fuzz_run.py``): a fixed seed, a couple of hundred inputs,
a few minutes. A long run: ``python tests/fuzz/fuzz_run.py --count 100000 --seed N``.

A hang here is a command still running after 20 s of CPU time: one that walks without end
or goes quadratic on a long input, whatever the machine. How fast the commands are on the
longest inputs is measured by ``benchmarks/long_inputs.py``, not asserted here."""

from __future__ import annotations

import random

import pytest
from fuzz_mutations import mutant, parse_seed, seeds
from fuzz_run import check_input, fuzz

SEED = 12
COUNT = 200
HANG_SECONDS = 20.0


@pytest.mark.slow
def test_a_seeded_slice_of_fuzzed_trips_never_crashes_hangs_or_leaks(tmp_path):
    tally = fuzz(COUNT, SEED, tmp_path / "findings", limit=HANG_SECONDS)
    report = tally.to_json()
    assert tally.inputs == COUNT and tally.loaded > COUNT // 5, report
    assert tally.internal == 0, report
    assert tally.hangs == 0, report
    assert tally.terminal_leaks == 0, report
    assert report["located_share"] >= 0.999, report
    assert not (tmp_path / "findings").exists()


def test_every_shipped_trip_and_test_file_is_a_seed():
    names = {p.name for p in seeds()}
    assert "2024-06-yokohama-bangkok.toml" in names
    assert "2025-03-example-tokyo-bangkok.toml" in names
    assert {"unknown-key.json", "tz005-trigger.toml", "messy.toml"} <= names


def test_mutants_replay_from_their_seed():
    pool = [(p, parse_seed(p)) for p in seeds()[:3]]
    first = [mutant(random.Random(5), p, d) for p, d in pool]
    again = [mutant(random.Random(5), p, d) for p, d in pool]
    assert first == again


def test_a_file_the_model_refuses_is_no_failure():
    # the runner itself: a file the model refuses is exit 2, located, no failure
    found = check_input(b'id = "t"\ntitle = "T\x1b[2J"\n', ".toml", random.Random(0), None)
    assert found == []
