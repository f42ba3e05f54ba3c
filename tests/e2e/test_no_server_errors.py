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

pytestmark = [pytest.mark.broker, pytest.mark.slow, pytest.mark.timeout(600)]


def run_schemathesis(
    url: str, headers: dict[str, str], examples: int
) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("schemathesis")
    args = [str(exe), "run", f"{url}/openapi.json", "--checks", "not_a_server_error"]
    args += ["--max-examples", str(examples), "--no-color", "--seed", "20261123"]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    return subprocess.run(args, capture_output=True, text=True, timeout=540, check=False)


@pytest.mark.parametrize("who", ["logistics_admin", None], ids=["admin", "no-token"])
@pytest.mark.parametrize("svc", SERVICES, ids=[s.name for s in SERVICES])
def test_no_operation_answers_5xx(shared_platform, svc, who):
    """One service, one caller: its own run, so a loaded machine's slow run has its own bound."""
    headers = bearer(who) if who else {}
    done = run_schemathesis(shared_platform.url(svc), headers, examples=6)
    assert done.returncode == 0, f"{svc.name}:\n{done.stdout[-4000:]}"
    assert " passed" in done.stdout and "generated" in done.stdout
