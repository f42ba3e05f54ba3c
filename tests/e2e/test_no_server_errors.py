"""Property-based requests from each service's own OpenAPI document never get a 5xx.

schemathesis generates valid and invalid requests for every operation (bounded: a few examples
each) against the running processes (the console's document lists only its probes), as the
logistics administrator and with no token.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from campusctl.platform import SERVICES
from tests.e2e.conftest import bearer

pytestmark = [pytest.mark.broker, pytest.mark.slow]


def run_schemathesis(
    url: str, headers: dict[str, str], examples: int
) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("schemathesis")
    args = [str(exe), "run", f"{url}/openapi.json", "--checks", "not_a_server_error"]
    args += ["--max-examples", str(examples), "--no-color", "--seed", "20261123"]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    return subprocess.run(args, capture_output=True, text=True, timeout=300, check=False)


async def test_no_operation_answers_5xx(platform):
    for svc in SERVICES:
        for headers in (bearer("logistics_admin"), {}):
            done = run_schemathesis(platform.url(svc), headers, examples=6)
            assert done.returncode == 0, f"{svc.name}:\n{done.stdout[-4000:]}"
            assert " passed" in done.stdout and "generated" in done.stdout
