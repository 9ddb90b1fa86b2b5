"""Pathological inputs: how long tripplan takes on the longest texts and spans it accepts.

    .venv/bin/python benchmarks/long_inputs.py          # the table; also part of run.py

Each command runs in this process (imports warm, so start-up is not in the figure) and is
timed in CPU seconds (``time.process_time``: a neighbour on a shared machine does not move
it). The inputs are the ones that once made a command quadratic or walk without end:

* a title (and notes) of 20,000 characters — the longest the model accepts — of three
  kinds: one unbroken word, words, and Japanese with no space; through every read command
  and every export (target: under 2 s each);
* a 100,000-character title, which ``validate`` refuses (target: under 2 s);
* a trip ending a century after it begins, refused by every command (target: under 1 s);
* line breaking (``present.linebreak.wrap``) of 100,000 characters of Japanese phrases,
  of ``ー`` (no break anywhere), of ``（`` (every break forbidden) and of English
  (target: under 1 s each);
* the TZ rules on one trip of 3,000 items (target: under 5 s).

Nothing here is a unit test: the tests check what these inputs give, this file how long.
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

READ = [("validate",), ("show",), ("show", "--json"), ("show", "--audience", "public"),
        ("tz",), ("list",)]
EXPORTS = [("--ics", "--no-state", "--lang", "en"), ("--ics", "--no-state", "--lang", "ja"),
           ("--html",), ("--md",), ("--txt",), ("--pdf",), ("--html", "--lang", "ja+en"),
           ("--txt", "--lang", "ja+en", "--audience", "public")]


def trip_text(*, start="2024-06-20", end="2024-06-21", title="Trip", items="") -> str:
    return (f'id = "t"\ntitle = "{title}"\nhome_timezone = "Asia/Tokyo"\n'
            f"start = {start}\nend = {end}\n\n[places.far]\nname = \"Kiritimati\"\n"
            f'timezone = "Pacific/Kiritimati"\n{items}')


def item(n: int, start: str, end: str, title: str) -> str:
    return (f'\n[[items]]\nid = "i{n}"\nkind = "meeting"\ntitle = "{title}"\n'
            f'notes = "{title}"\nstart = {start}\nend = {end}\nplace = "far"\n'
            'visibility = "public"\n')


def run(args: list[str], folder: Path) -> tuple[int, float]:
    """``tripplan ARGS`` in this process: its exit code and CPU seconds."""
    from tripplan.app.env import Environment
    from tripplan.cli.entry import main

    env = Environment.for_test(stdout=io.StringIO(), stderr=io.StringIO(), cwd=folder,
                               environ={"TRIPPLAN_CACHE_DIR": str(folder / ".cache"),
                                        "NO_COLOR": "1", "COLUMNS": "100"})
    started = time.process_time()
    try:
        main(args, env)
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else 1
    return code, time.process_time() - started


def every_command(path: Path) -> list[tuple[str, int, float]]:
    out = []
    for args in READ:
        target = str(path.parent) if args[0] == "list" else str(path)
        code, seconds = run([args[0], target, *args[1:]], path.parent)
        out.append((" ".join(args), code, seconds))
    for args in EXPORTS:
        code, seconds = run(["export", str(path), *args, "-o", str(path.parent / "out.bin")],
                            path.parent)
        out.append(("export " + " ".join(args), code, seconds))
    return out


def cpu(work: Callable[[], object]) -> float:
    started = time.process_time()
    work()
    return time.process_time() - started


def measure(workdir: Path) -> list[tuple[str, float, float]]:
    """(what, CPU seconds, limit) for every long input; the slowest command of each trip."""
    from tripplan.present.linebreak import cell_width, wrap

    checks: list[tuple[str, float, float]] = []
    for name, unit in (("one word", "x"), ("words", "word "), ("Japanese", "漢")):
        folder = workdir / f"title-{name.replace(' ', '-')}"
        folder.mkdir(parents=True, exist_ok=True)
        title = (unit * (20_000 // len(unit)))[:20_000].strip()
        path = folder / "t.toml"
        path.write_text(trip_text(title=title, items=item(
            1, "2024-06-20T10:00:00", "2024-06-20T11:00:00", title)), encoding="utf-8")
        runs = every_command(path)
        label, _, seconds = max(runs, key=lambda r: r[2])
        assert all(code in (0, 1) for _, code, _ in runs), runs
        checks.append((f"20,000-character title ({name}), slowest: `{label}`", seconds, 2.0))

    folder = workdir / "title-100000"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "t.toml").write_text(trip_text(title="x" * 100_000), encoding="utf-8")
    code, seconds = run(["validate", str(folder / "t.toml"), "--no-cache"], folder)
    assert code == 2
    checks.append(("100,000-character title refused by `validate`", seconds, 2.0))

    folder = workdir / "century"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "t.toml").write_text(trip_text(end="2124-06-20"), encoding="utf-8")
    runs = [r for r in every_command(folder / "t.toml") if r[0] != "list"]
    label, _, seconds = max(runs, key=lambda r: r[2])
    assert all(code == 2 for _, code, _ in runs), runs
    checks.append((f"trip ending a century later, slowest: `{label}`", seconds, 1.0))

    wrap("ウォームアップ", 40, cell_width)  # BudouX's model is loaded once
    for name, title in (("phrases", "バンコク都知事との両都市間連携等にかかるトップ会談" * 4000),
                        ("ー, no break", "ー" * 100_000), ("（, kinsoku", "（" * 100_000),
                        ("English", "Courtesy call on the Ambassador " * 3125)):
        text = title[:100_000]
        checks.append((f"wrap 100,000 characters ({name})",
                       cpu(lambda text=text: wrap(text, 40, cell_width)), 1.0))

    checks.append(("TZ rules on a trip of 3,000 items", tz_rules_large(workdir), 5.0))
    return checks


def tz_rules_large(workdir: Path) -> float:
    from tripplan.app.env import Environment
    from tripplan.app.validate import validate

    parts = []
    for n in range(3000):
        day, hour = divmod(n, 10)
        date = f"2024-06-{1 + day % 28:02d}"
        parts.append(f'\n[[items]]\nid = "i{n}"\nkind = "meal"\ntitle = "Item {n}"\n'
                     f'start = {date}T{8 + hour:02d}:00:00\nend = {date}T{8 + hour:02d}:30:00\n'
                     f'place = "{"far" if n % 2 else "near"}"\n')
    path = workdir / "big.toml"
    path.write_text(trip_text(start="2024-06-01", end="2024-06-28")
                    + '\n[places.near]\nname = "Tokyo"\ntimezone = "Asia/Tokyo"\n'
                    + "".join(parts), encoding="utf-8")
    env = Environment.for_test(environ={"TRIPPLAN_CACHE_DIR": str(workdir / ".cache")})
    report = None

    def work():
        nonlocal report
        report = validate(env, [str(path)], select=["TZ"], jobs=1)
    seconds = cpu(work)
    assert report.files == 1 and report.diagnostics, report  # travel-time, night findings
    return seconds


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="tripplan-long-") as tmp:
        checks = measure(Path(tmp))
    print("| long input | CPU s | limit | |\n|---|---|---|---|")
    missed = 0
    for label, value, limit in checks:
        missed += value > limit
        print(f"| {label} | {value:.2f} | {limit:g} | {'ok' if value <= limit else 'MISSED'} |")
    return 1 if "--check" in sys.argv and missed else 0


if __name__ == "__main__":
    sys.exit(main())
