"""The smoke test of `./campus bench --quick`: the whole suite runs end to end on the machine's
broker and writes its report (here to a temporary file, never the repository's BENCHMARKS.md).
It judges no figure: benchmarks print timings, tests never assert them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from bench.__main__ import SUITE
from tests.service_procs import ROOT

pytestmark = [pytest.mark.broker, pytest.mark.slow]


@pytest.mark.timeout(600)
def test_the_quick_suite_runs_every_benchmark_and_writes_its_report(tmp_path):
    if shutil.which("wrk") is None:
        pytest.skip(reason="wrk is not installed (./campus bench installs it; the test does not)")
    report = tmp_path / "BENCHMARKS.md"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAMPUS_")}
    env["CAMPUS_BENCH_REPORT"] = str(report)
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=580,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "FAILED:" not in done.stdout, done.stdout[-3000:]
    text = report.read_text()
    for name, _, quick_args in SUITE:
        assert f"### {' '.join([name, *quick_args])}" in text, name
    assert "./campus bench --quick" in text and "goal" in text
