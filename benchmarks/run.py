"""Run every tripplan benchmark and print the figures (one command; see benchmarks/README.md).

    .venv/bin/python benchmarks/run.py            # full run (a few minutes)
    .venv/bin/python benchmarks/run.py --quick    # fewer runs, for a quick look

What it measures, each with its target from issue #7:

* start-up: ``tripplan --version``, ``tripplan validate`` and ``tripplan list`` on the
  reference trip, against ``python -c "import typer, rich.table, pydantic, icalendar,
  dateutil.parser"`` in the same hyperfine run (target: no slower than that line).
  ``validate`` and ``list`` are measured twice: as run again on an unchanged file (the
  warm-up runs fill their cache, in the work folder) and with ``--no-cache``, which is what
  the first run after an edit costs. With ``--instructions`` (valgrind installed) the same
  start-up commands are also counted in machine instructions (``valgrind --tool=callgrind``,
  one run each): the same count whatever else the machine is doing, so the ratios hold on
  a shared or busy machine where wall times spread by ±20 %;
* scale, on a generated corpus of 100 trips × 100 items (``gen_corpus.py``): ``validate``
  (target: under 1 s) and ``export --ics`` against icalendar alone building and serialising
  the same events — the very events of tripplan's export, rebuilt from their values
  (``ics_baseline.py``; target: within 1.1×);
* the same with twice the items per trip (100 × 200; target: at most 2.2× the time);
* peak memory (``ru_maxrss`` of the child) of ``validate`` and ``export --ics`` on the
  bigger corpus (target: under 150 MiB);
* the longest texts and spans the model accepts, and some it refuses, through every command
  (``long_inputs.py``: CPU seconds, with their limits).

Timings use hyperfine when it is installed (``apt-get install hyperfine``), else Python's
own timer over the same commands. Bytecode caching is on for the measured commands (an
installed package has its ``.pyc`` files), whatever ``PYTHONDONTWRITEBYTECODE`` says.
``--check`` makes the exit code 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
REFERENCE = ROOT / "itineraries" / "2024-06-yokohama-bangkok.toml"
PYTHON = sys.executable
TRIPPLAN = str(Path(PYTHON).with_name("tripplan"))
NAIVE = "import typer, rich.table, pydantic, icalendar, dateutil.parser"
NAIVE_LABEL = f"python -c '{NAIVE}'"


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONDONTWRITEBYTECODE", "NO_COLOR") and not k.startswith("TRIPPLAN_")}
    env["TRIPPLAN_CONFIG"] = os.devnull + ".none"  # no personal config file
    if CACHE_DIR is not None:
        env["TRIPPLAN_CACHE_DIR"] = str(CACHE_DIR)  # not the user's own cache
    return env


CACHE_DIR: Path | None = None


def timed(commands: dict[str, list[str]], *, runs: int, warmup: int, workdir: Path,
          name: str) -> dict[str, dict]:
    """Mean, σ, min and median in seconds of each command, measured in one run."""
    env = environment()
    if shutil.which("hyperfine"):
        out = workdir / f"{name}.json"
        argv = ["hyperfine", "-N", "--style", "none", "--warmup", str(warmup), "--runs",
                str(runs), "--export-json", str(out)]
        for label, cmd in commands.items():
            argv += ["--command-name", label, shlex.join(cmd)]
        subprocess.run(argv, check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
        results = json.loads(out.read_text())["results"]
        return {r["command"]: {"mean": r["mean"], "stddev": r["stddev"] or 0.0,
                               "min": r["min"], "median": r["median"], "tool": "hyperfine"}
                for r in results}
    figures = {}
    for label, cmd in commands.items():
        samples = []
        for i in range(warmup + runs):
            start = time.perf_counter()
            subprocess.run(cmd, check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            if i >= warmup:
                samples.append(time.perf_counter() - start)
        figures[label] = {"mean": statistics.mean(samples),
                          "stddev": statistics.stdev(samples) if len(samples) > 1 else 0.0,
                          "min": min(samples), "median": statistics.median(samples),
                          "tool": "perf_counter"}
    return figures


def instructions(commands: dict[str, list[str]]) -> dict[str, int]:
    """Machine instructions each command executes (callgrind's total ``Ir``), one run each.

    Run after the timed runs, so the ``.pyc`` files and tripplan's cache exist as they do
    for the timed commands.
    """
    counts = {}
    for label, cmd in commands.items():
        done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                               *cmd], env=environment(), cwd=ROOT, capture_output=True,
                              text=True, check=True)
        counts[label] = int(done.stderr.rsplit("Collected : ", 1)[1].split()[0])
    return counts


def peak_memory_mib(cmd: list[str]) -> float:
    """Peak resident memory of ``cmd`` (its own child process, alone in a fresh wrapper)."""
    wrapper = ("import resource, subprocess, sys; "
               "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    done = subprocess.run([PYTHON, "-c", wrapper, *cmd], check=True, capture_output=True,
                          text=True, env=environment(), cwd=ROOT)
    kib = int(done.stdout.strip())
    return kib / 1024 if sys.platform != "darwin" else kib / 1024 / 1024


def generate(workdir: Path, items: int) -> tuple[Path, Path]:
    """The corpus, and the events tripplan exports from it (for the baseline; not timed)."""
    corpus = workdir / f"corpus-100x{items}"
    events = workdir / f"events-100x{items}.json"
    if not corpus.exists():
        subprocess.run([PYTHON, str(HERE / "gen_corpus.py"), str(corpus), "--trips", "100",
                        "--items", str(items)], check=True, stdout=subprocess.DEVNULL)
    if not events.exists():
        reference = workdir / f"ics-reference-{items}"
        subprocess.run([TRIPPLAN, "export", str(corpus), "--ics", "-o", str(reference)],
                       check=True, stderr=subprocess.DEVNULL, env=environment())
        subprocess.run([PYTHON, str(HERE / "ics_baseline.py"), "extract", str(reference),
                        str(events)], check=True)
    return corpus, events


def main() -> int:
    parser = argparse.ArgumentParser(description="tripplan benchmarks")
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--workdir", type=Path, help="keep the corpus and outputs here")
    parser.add_argument("--instructions", action="store_true",
                        help="also count start-up instructions with valgrind (load-independent)")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="tripplan-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    runs, big_runs = (10, 2) if args.quick else (30, 5)
    global CACHE_DIR
    CACHE_DIR = workdir / "cache"
    shutil.rmtree(CACHE_DIR, ignore_errors=True)

    startup_commands = {
        "tripplan --version": [TRIPPLAN, "--version"],
        "tripplan validate REF": [TRIPPLAN, "validate", str(REFERENCE)],
        "tripplan list REF": [TRIPPLAN, "list", str(REFERENCE)],
        "tripplan validate --no-cache REF": [TRIPPLAN, "validate", "--no-cache", str(REFERENCE)],
        "tripplan list --no-cache REF": [TRIPPLAN, "list", "--no-cache", str(REFERENCE)],
        NAIVE_LABEL: [PYTHON, "-c", NAIVE],
    }
    startup = timed(startup_commands, runs=runs, warmup=5, workdir=workdir, name="startup")
    counted = instructions(startup_commands) if args.instructions else {}

    (small, small_events), (big, big_events) = generate(workdir, 100), generate(workdir, 200)
    scale = timed({  # every file is new to validate: the cache is not what is measured here
        "validate 100x100": [TRIPPLAN, "validate", str(small), "--quiet", "--no-cache"],
        "validate 100x200": [TRIPPLAN, "validate", str(big), "--quiet", "--no-cache"],
        "export --ics 100x100": [TRIPPLAN, "export", str(small), "--ics", "-o",
                                 str(workdir / "ics-100")],
        "icalendar alone 100x100": [PYTHON, str(HERE / "ics_baseline.py"), "build",
                                    str(small_events), str(workdir / "base-100")],
        "export --ics 100x200": [TRIPPLAN, "export", str(big), "--ics", "-o",
                                 str(workdir / "ics-200")],
        "icalendar alone 100x200": [PYTHON, str(HERE / "ics_baseline.py"), "build",
                                    str(big_events), str(workdir / "base-200")],
    }, runs=big_runs, warmup=1, workdir=workdir, name="scale")

    memory = {
        "validate 100x200": peak_memory_mib([TRIPPLAN, "validate", str(big), "--quiet",
                                             "--no-cache"]),
        "export --ics 100x200": peak_memory_mib([TRIPPLAN, "export", str(big), "--ics", "-o",
                                                 str(workdir / "ics-200")]),
    }

    sys.path.insert(0, str(HERE))
    import long_inputs

    long = long_inputs.measure(workdir / "long")

    naive = startup[NAIVE_LABEL]
    checks = []
    for label in ("tripplan --version", "tripplan validate REF", "tripplan list REF",
                  "tripplan validate --no-cache REF", "tripplan list --no-cache REF"):
        checks.append((f"start-up: {label} ≤ naive import line",
                       startup[label]["mean"] / naive["mean"], 1.0))
    checks.append(("validate 100x100 < 1 s", scale["validate 100x100"]["mean"], 1.0))
    checks.append(("export --ics 100x100 ≤ 1.1 × icalendar alone",
                   scale["export --ics 100x100"]["mean"]
                   / scale["icalendar alone 100x100"]["mean"], 1.1))
    for what in ("validate", "export --ics"):
        checks.append((f"{what}: 2× items ≤ 2.2× time",
                       scale[f"{what} 100x200"]["mean"] / scale[f"{what} 100x100"]["mean"], 2.2))
    for label, mib in memory.items():
        checks.append((f"peak memory {label} < 150 MiB", mib, 150.0))

    print(f"tripplan benchmarks ({startup['tripplan --version']['tool']}, "
          f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}), outputs in {workdir}\n")
    print("| command | mean ± σ | min |\n|---|---|---|")
    for figures in (startup, scale):
        for label, f in figures.items():
            print(f"| `{label}` | {f['mean'] * 1000:.0f} ± {f['stddev'] * 1000:.0f} ms "
                  f"| {f['min'] * 1000:.0f} ms |")
    if counted:
        print("\n| command | instructions | × naive line |\n|---|---|---|")
        for label, count in counted.items():
            print(f"| `{label}` | {count / 1e6:.0f} M | {count / counted[NAIVE_LABEL]:.2f} |")
    print("\n| peak memory (maxrss) | MiB |\n|---|---|")
    for label, mib in memory.items():
        print(f"| `{label}` | {mib:.0f} |")
    checks += [(f"{label}: CPU s", seconds, limit) for label, seconds, limit in long]
    print("\n| target | measured | limit | |\n|---|---|---|---|")
    missed = 0
    for label, value, limit in checks:
        ok = value <= limit
        missed += not ok
        print(f"| {label} | {value:.2f} | {limit:g} | {'ok' if ok else 'MISSED'} |")
    (workdir / "results.json").write_text(json.dumps(
        {"startup": startup, "startup_instructions": counted, "scale": scale,
         "memory_mib": memory, "long_inputs": long,
         "checks": [{"target": t, "value": v, "limit": lim} for t, v, lim in checks]},
        indent=2))
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
