"""The fuzz runner: fuzzed trip files through every read command and export, in-process.

    python tests/fuzz/fuzz_run.py --count 100000 --seed 12 --out fuzz-findings

Each input (see ``fuzz_mutations.py``) is written to a fresh folder and run through
``validate``; when it loads (exit 0 or 1) also through ``show`` (plain, terminal and
``--json``), ``tz``, ``list``, ``search``, ``agenda``, ``next``, ``check``,
``translations``, ``fmt --diff``, ``convert`` and ``export`` in every
format (``--ics``, ``--html``, ``--md``, ``--txt``, ``--pdf``, ``--vcard``; a language and
an audience drawn at random). Every command runs in this process, with strict UTF-8
output streams, under a limit of CPU time (``--limit``, 2 s by default; ``SIGPROF``: the
machine may be shared, so the clock on the wall would measure the neighbours; a command
that spins is stopped all the same). The runner counts exit codes, internal errors
(exit 70), hangs, located exit-2 messages (``file:line:col``) and control characters
reaching a terminal, and saves one shrunk reproducer for each distinct failure (exception
type and innermost tripplan frame).
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import io
import json
import os
import random
import re
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fuzz_mutations import mutant, parse_seed, seeds  # noqa: E402

LIMIT_SECONDS = 2.0
LOCATED = re.compile(r"^[^\n]*?:\d+:\d+: [A-Z]+\d+ ")
FRAME = re.compile(r'^  File "(?P<file>[^"]+)", line (?P<line>\d+), in (?P<func>\S+)', re.M)
TERMINAL_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class Hang(BaseException):
    """Raised by the alarm: the command ran past the time limit."""


@dataclass
class Run:
    command: str
    code: int
    stdout: str
    stderr: str
    seconds: float


@dataclass
class Failure:
    kind: str  # internal, hang, unlocated, terminal
    signature: str
    command: list[str]
    detail: str


@dataclass
class Tally:
    inputs: int = 0
    loaded: int = 0
    commands: int = 0
    codes: collections.Counter = field(default_factory=collections.Counter)
    internal: int = 0
    hangs: int = 0
    exit2: int = 0
    located: int = 0
    terminal_leaks: int = 0
    slowest: float = 0.0
    slowest_command: str = ""
    distinct: dict[str, Failure] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"inputs": self.inputs, "loaded": self.loaded, "commands": self.commands,
                "exit_codes": dict(sorted(self.codes.items())), "internal_errors": self.internal,
                "hangs": self.hangs, "exit2_messages": self.exit2, "located": self.located,
                "located_share": self.located / self.exit2 if self.exit2 else 1.0,
                "terminal_leaks": self.terminal_leaks,
                "slowest_cpu_seconds": round(self.slowest, 3),
                "slowest_command": self.slowest_command,
                "distinct_failures": sorted(self.distinct)}


def _stream() -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict", newline="")


def _value(stream: io.TextIOWrapper) -> str:
    with contextlib.suppress(ValueError, UnicodeError):
        stream.flush()
    return stream.buffer.getvalue().decode("utf-8", "backslashreplace")


def _alarm(_signum, _frame):
    raise Hang()


def run_command(args: list[str], folder: Path, *, terminal: bool = False,
                limit: float = LIMIT_SECONDS) -> Run:
    """``tripplan ARGS`` in this process; exit 70 for anything escaping ``main``, -1 past
    ``limit`` CPU seconds."""
    from tripplan.app.env import Environment
    from tripplan.cli.entry import main

    out, err = _stream(), _stream()
    env = Environment(stdout=out, stderr=err, stdout_is_terminal=terminal, cwd=folder,
                      environ={"TRIPPLAN_DEBUG": "1", "NO_COLOR": "1", "COLUMNS": "100",
                               "TRIPPLAN_CONFIG": str(folder / "no-config.toml"),
                               "TRIPPLAN_CACHE_DIR": str(folder / ".cache")})
    started = time.process_time()
    signal.signal(signal.SIGPROF, _alarm)
    signal.setitimer(signal.ITIMER_PROF, limit)
    try:
        main(args, env)
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else 1
    except Hang:
        code = -1
    except BaseException as escaped:  # noqa: BLE001 - whatever escapes main is a bug
        import traceback

        code = 70
        with contextlib.suppress(Exception):
            err.write("".join(traceback.format_exception(escaped)).encode(
                "utf-8", "backslashreplace").decode("utf-8"))
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
    seconds = time.process_time() - started
    if seconds > limit and code != -1:
        code = -1
    return Run(" ".join(args[:2]), code, _value(out), _value(err), seconds)


def _signature(run: Run) -> str:
    frames = FRAME.findall(run.stderr)
    ours = [f for f in frames if "tripplan" in f[0] and "fuzz" not in f[0]]
    top = ours[-1] if ours else (frames[-1] if frames else ("?", "0", "?"))
    last = [line for line in run.stderr.splitlines() if line and not line.startswith(" ")]
    kind = last[-1].split(":")[0] if last else "?"
    for line in reversed(last):
        if m := re.match(r"tripplan: internal error: (\w+)", line):
            kind = m.group(1)
            break
    return f"{kind}@{Path(top[0]).name}:{top[2]}"


def commands_for(name: str, rng: random.Random) -> list[tuple[list[str], bool]]:
    """What runs on an input that loads: (arguments, stdout is a terminal)."""
    lang = rng.choice(["ja", "en", "ja+en"])
    audience = rng.choice(["public", "internal", "confidential"])
    one = rng.choice(["ja", "en"])
    out = [(["show", name, "--lang", one], False), (["show", name], True),
           (["show", name, "--json"], False), (["tz", name, "--lang", one], False),
           (["list", "."], False), (["search", rng.choice(["a", "会", "ＥＳＣＡＰ", "0"]), "."],
                                     rng.random() < 0.5),
           (["agenda", ".", "--from", "1900-01-01", "--days", "366"], False),
           (["next", ".", "--today", "2024-06-21"], True),
           (["check", name, "--today", "2024-06-15", "--format",
             rng.choice(["text", "json", "github"])], rng.random() < 0.5),
           (["translations", name, "--require", "en"], False),
           (["fmt", "--diff", name], False),
           (["convert", name, "--to", "json" if name.endswith(".toml") else "toml"], False)]
    for fmt in ("--ics", "--html", "--md", "--txt", "--pdf", "--vcard"):
        extra = ["--no-state"] if fmt == "--ics" else []
        use = one if fmt in ("--ics", "--pdf") and lang == "ja+en" else lang
        out.append((["export", name, fmt, "--lang", use, "--audience", audience, *extra,
                     "-o", f"out{fmt[2:]}.{fmt[2:]}"], False))
    return out


def check_input(data: bytes, suffix: str, rng: random.Random, tally: Tally | None, *,
                limit: float = LIMIT_SECONDS) -> list[Failure]:
    """Run one input through every command; the failures found (and counts in ``tally``)."""
    failures: list[Failure] = []
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        folder = Path(tmp)
        name = f"trip{suffix}"
        (folder / name).write_bytes(data)
        old = os.getcwd()
        os.chdir(folder)
        try:
            first = run_command(["validate", name, "--no-cache"], folder, limit=limit)
            runs = [(first, ["validate", name, "--no-cache"])]
            if first.code in (0, 1):
                if tally:
                    tally.loaded += 1
                for args, terminal in commands_for(name, rng):
                    runs.append((run_command(args, folder, terminal=terminal, limit=limit),
                                 args))
        finally:
            os.chdir(old)
    for run, args in runs:
        failures += _judge(run, args, tally)
    return failures


def _judge(run: Run, args: list[str], tally: Tally | None) -> list[Failure]:
    out: list[Failure] = []
    if tally:
        tally.commands += 1
        tally.codes[run.code] += 1
        if run.seconds > tally.slowest:
            tally.slowest, tally.slowest_command = run.seconds, " ".join(args[:3])
    if run.code == 70:
        out.append(Failure("internal", _signature(run), args, run.stderr[-4000:]))
    elif run.code == -1:
        out.append(Failure("hang", f"hang@{args[0]}", args, f"{run.seconds:.2f} s"))
    elif run.code == 2 and args[0] == "validate":
        if tally:
            tally.exit2 += 1
        message = run.stdout + run.stderr
        if LOCATED.match(message):
            if tally:
                tally.located += 1
        else:
            code = re.search(r"\b(F\d{3})\b", message)
            out.append(Failure("unlocated", f"unlocated@{code.group(1) if code else '?'}",
                               args, message[:2000]))
    on_terminal = ("show", "tz", "list", "search", "agenda", "next", "check", "translations",
                   "fmt")
    shown = run.stderr + (run.stdout if args[0] in on_terminal and "--json" not in args else "")
    if bad := TERMINAL_UNSAFE.search(shown):
        out.append(Failure("terminal", f"terminal@{args[0]}", args,
                           f"{bad.group()!r} in output"))
    if tally:
        for f in out:
            tally.internal += f.kind == "internal"
            tally.hangs += f.kind == "hang"
            tally.terminal_leaks += f.kind == "terminal"
    return out


def shrink(data: bytes, suffix: str, signature: str, budget: int = 60, *,
           limit: float = LIMIT_SECONDS) -> bytes:
    """A smaller input that still fails with ``signature`` (lines, then chunks, dropped)."""
    def fails(candidate: bytes) -> bool:
        found = check_input(candidate, suffix, random.Random(0), None, limit=limit)
        return any(f.signature == signature for f in found)

    for unit in (b"\n", None):
        chunk = 64
        while budget > 0 and (unit is not None or chunk >= 1):
            parts = data.split(b"\n") if unit else [data[i:i + chunk]
                                                    for i in range(0, len(data), chunk)]
            changed = False
            i = 0
            while i < len(parts) and budget > 0:
                candidate = (unit or b"").join(parts[:i] + parts[i + 1:])
                budget -= 1
                if candidate and fails(candidate):
                    parts, data, changed = parts[:i] + parts[i + 1:], candidate, True
                else:
                    i += 1
            if unit is not None:
                if not changed:
                    break
                continue
            chunk //= 2
    return data


def fuzz(count: int, seed: int, out_dir: Path | None = None, *, minimize: bool = True,
         progress: bool = False, limit: float = LIMIT_SECONDS) -> Tally:
    """``count`` inputs from ``seed``; a command past ``limit`` CPU seconds is a hang."""
    rng = random.Random(seed)
    pool = [(path, parse_seed(path)) for path in seeds()]
    tally = Tally()
    started = time.monotonic()
    for n in range(count):
        path, data = rng.choice(pool)
        suffix, raw = mutant(rng, path, data)
        tally.inputs += 1
        for failure in check_input(raw, suffix, random.Random(rng.random()), tally,
                                   limit=limit):
            if failure.signature not in tally.distinct:
                tally.distinct[failure.signature] = failure
                if out_dir is not None:
                    _save(out_dir, failure, raw, suffix, minimize, limit)
        if progress and (n + 1) % 500 == 0:
            print(f"{n + 1} inputs, {time.monotonic() - started:.0f} s: "
                  f"{json.dumps(tally.to_json())}", file=sys.stderr, flush=True)
    return tally


def _save(out_dir: Path, failure: Failure, raw: bytes, suffix: str, minimize: bool,
          limit: float) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    small = shrink(raw, suffix, failure.signature, limit=limit) if minimize else raw
    stem = re.sub(r"[^A-Za-z0-9_.@-]+", "_", failure.signature)
    (out_dir / f"{stem}{suffix}").write_bytes(small)
    (out_dir / f"{stem}.txt").write_text(
        f"{failure.kind}: tripplan {' '.join(failure.command)}\n\n{failure.detail}\n",
        encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--out", type=Path, default=None,
                        help="folder for one shrunk reproducer per distinct failure")
    parser.add_argument("--no-shrink", action="store_true")
    parser.add_argument("--limit", type=float, default=LIMIT_SECONDS,
                        help="CPU seconds after which a command counts as a hang")
    args = parser.parse_args(argv)
    tally = fuzz(args.count, args.seed, args.out, minimize=not args.no_shrink, progress=True,
                 limit=args.limit)
    report = tally.to_json()
    print(json.dumps({"seed": args.seed, **report}, indent=2))
    clean = not (tally.internal or tally.hangs or tally.terminal_leaks)
    return 0 if clean and report["located_share"] >= 0.999 else 1


if __name__ == "__main__":
    sys.exit(main())
