"""`python -m bench [--quick] [NAME [ARGS...]]`: one benchmark with its own arguments, or the suite.

The suite (no NAME) runs the pipeline against the raw broker, then relay, audit, maintenance and
assets (small sizes with `--quick`, under two minutes), prints everything as it goes, and writes
every figure of the run to BENCHMARKS.md (or to CAMPUS_BENCH_REPORT) with the machine, the date
and the command. Each benchmark prints a ratio against a baseline measured in the same run.
"""

from __future__ import annotations

import contextlib
import io
import os
import pkgutil
import runpy
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import bench
from bench import report, system

ROOT = Path(__file__).resolve().parents[1]
#: The suite: (benchmark, arguments in full mode, arguments in quick mode).
SUITE: tuple[tuple[str, list[str], list[str]], ...] = (
    ("pipeline", [], ["--quick"]),
    ("relay", ["--events", "2000"], ["--events", "500"]),
    (
        "audit",
        ["--records", "50000", "--queries", "200"],
        ["--records", "10000", "--queries", "50"],
    ),
    (
        "maintenance",
        ["--orders", "10000", "--requests", "200"],
        ["--orders", "1000", "--requests", "50"],
    ),
    (
        "assets",
        ["--assets", "50000", "--people", "5000", "--requests", "100", "--import-rows", "10000"],
        ["--assets", "5000", "--people", "500", "--requests", "40", "--import-rows", "1000"],
    ),
)


def available() -> list[str]:
    """Every benchmark module's name (`<name>_bench.py`)."""
    return sorted(
        m.name.removesuffix("_bench")
        for m in pkgutil.iter_modules(bench.__path__)
        if m.name.endswith("_bench")
    )


def plan(argv: list[str]) -> tuple[list[tuple[str, list[str]]], bool]:
    """What to run, and whether it is the suite (which writes BENCHMARKS.md)."""
    quick = "--quick" in argv[:1]
    rest = argv[1:] if quick else argv
    if rest:
        return [(rest[0], rest[1:])], False
    return [(name, q if quick else full) for name, full, q in SUITE], True


class _Tee(io.TextIOBase):
    """Writes to the terminal and keeps a copy."""

    def __init__(self, out: io.TextIOBase) -> None:
        self.out, self.copy = out, io.StringIO()

    def write(self, text: str) -> int:
        self.out.write(text)
        self.out.flush()
        return self.copy.write(text)


def run_one(name: str, args: list[str]) -> str:
    """Run one benchmark as `__main__`; what it printed."""
    print(f"== {name} {' '.join(args)} ==", flush=True)
    started = time.perf_counter()
    tee = _Tee(sys.stdout)
    sys.argv = [f"bench/{name}_bench.py", *args]
    with contextlib.redirect_stdout(tee):
        try:
            runpy.run_module(f"bench.{name}_bench", run_name="__main__")
        except (Exception, SystemExit) as exc:  # the other benchmarks still run; this is shown
            print(f"FAILED: {type(exc).__name__}: {exc}")
    took = f"({name} took {time.perf_counter() - started:.1f} s)\n"
    print(took, flush=True)
    return tee.copy.getvalue() + took


def main(argv: list[str]) -> int:
    """Run the named benchmark (passing the rest of the arguments) or the suite."""
    runs, suite = plan(argv)
    unknown = [name for name, _ in runs if name not in available()]
    if unknown:
        print(f"unknown benchmark {unknown[0]!r}; available: {', '.join(available())}")
        return 2
    date = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg()) + " (1 / 5 / 15 min)"
    outputs = [(f"{name} {' '.join(args)}".strip(), run_one(name, args)) for name, args in runs]
    if suite:
        command = "./campus bench" + (" --quick" if "--quick" in argv else "")
        section = report.run_section(
            machine=system.machine(), date=date, command=command, load=load, outputs=outputs
        )
        path = Path(os.environ.get("CAMPUS_BENCH_REPORT", ROOT / "BENCHMARKS.md"))
        report.write(path, section)
        print(f"figures written to {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
