"""`campus up`: everything ready, Ctrl-C stops every process, a second start keeps the data."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from campusctl.platform import SERVICES
from tests.e2e.conftest import bearer, free_offset

pytestmark = [pytest.mark.broker, pytest.mark.slow]


def children_of(pid: int) -> set[int]:
    """PIDs whose parent is `pid` (from /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def start_campus(data_dir: Path, url: str, namespace: str, offset: int) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "campusctl.cli",
            "up",
            "--data-dir",
            str(data_dir),
            "--amqp-url",
            url,
            "--namespace",
            namespace,
            "--port-offset",
            str(offset),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def read_until(proc: subprocess.Popen, pattern: str, timeout: float = 120) -> list[str]:
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            raise AssertionError("campus up exited early:\n" + "".join(lines))
        lines.append(line)
        if re.search(pattern, line):
            return lines
    raise AssertionError(f"no {pattern!r} within {timeout} s:\n" + "".join(lines))


def stop_and_check(proc: subprocess.Popen) -> str:
    children = children_of(proc.pid)
    assert len(children) == len(SERVICES), f"expected a process per service, found {children}"
    proc.send_signal(signal.SIGINT)
    rest, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0, rest
    left = {pid for pid in children if alive(pid)}
    assert not left, f"processes left behind: {left}"
    return rest


def test_campus_up_ready_ctrl_c_and_restart_keeps_data(vhost_url, namespace, tmp_path):
    data_dir = tmp_path / "data"
    offset = free_offset()
    first = start_campus(data_dir, vhost_url, namespace, offset)
    try:
        out = read_until(first, r"Ctrl-C stops every process")
    finally:
        if first.poll() is None and not children_of(first.pid):
            first.kill()
    text = "".join(out)
    assert f"all {len(SERVICES)} processes ready" in text and "demo data loaded" in text
    for port in range(8101 + offset, 8107 + offset):
        assert f"http://127.0.0.1:{port}/docs" in text
    assert f"console (the pages people use): http://127.0.0.1:{8106 + offset}/" in text
    assert text.count("eyJ") >= 9  # a token per demo role
    tickets_url = f"http://127.0.0.1:{8103 + offset}/tickets"
    before = httpx.get(tickets_url, headers=bearer("logistics_admin"), timeout=10).json()
    assert "stopped" in stop_and_check(first)

    second = start_campus(data_dir, vhost_url, namespace, offset)
    try:
        text = "".join(read_until(second, r"Ctrl-C stops every process"))
        assert "demo data already present (kept)" in text
        after = httpx.get(tickets_url, headers=bearer("logistics_admin"), timeout=10).json()
        # Kept: every order from the first run is still there (events still arriving from the
        # demo, such as the canteen's equipment fault, may have added more since).
        assert {t["id"] for t in before["items"]} <= {t["id"] for t in after["items"]}
        assert before["items"], "the demo files repair requests"
    finally:
        stop_and_check(second)
