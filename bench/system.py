"""What the pipeline bench reads from the machine: /proc figures, the machine, wrk."""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")
LUA = Path(__file__).resolve().parent / "lua" / "post_assets.lua"


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of one process so far (/proc/<pid>/stat)."""
    text = Path(f"/proc/{pid}/stat").read_text()
    fields = text[text.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def rss_mib(pid: int) -> float:
    """Resident memory of one process in MiB (/proc/<pid>/status VmRSS)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def broker_pid() -> int | None:
    """The RabbitMQ node's Erlang VM (beam.smp), if one runs on this machine."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if b"beam.smp" in cmdline and b"rabbit" in cmdline:
            return int(entry.name)
    return None


def machine() -> str:
    """CPU model, cores and memory of this machine."""
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    mem = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem = int(line.split()[1]) // 1024
    cores = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    return f"{model}, nproc {cores}, {mem:,} MiB memory, {platform.system()} {platform.release()}"


@dataclass
class Sampler:
    """CPU and peak RSS of named processes between `start()` and `stop()`."""

    pids: dict[str, int]

    def start(self) -> None:
        self.cpu0 = {name: cpu_seconds(pid) for name, pid in self.pids.items()}
        self.peak = {name: rss_mib(pid) for name, pid in self.pids.items()}

    def sample(self) -> None:
        for name, pid in self.pids.items():
            self.peak[name] = max(self.peak[name], rss_mib(pid))

    def stop(self) -> dict[str, float]:
        """CPU seconds each process used since `start()`."""
        self.sample()
        return {name: cpu_seconds(pid) - self.cpu0[name] for name, pid in self.pids.items()}


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    failed: int
    p50_ms: float
    p99_ms: float

    @property
    def ok(self) -> int:
        return self.requests - self.failed

    @property
    def rate(self) -> float:
        return self.ok / self.seconds


def wrk(url: str, *, seconds: float, connections: int, token: str, prefix: str) -> WrkResult:
    """Run wrk with the asset-posting script; its summary line parsed."""
    cmd = [
        "wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds:.0f}s",
        "--timeout", "10s", "-s", str(LUA), url, "--", token, prefix,
    ]  # fmt: skip
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=seconds + 60)
    match = re.search(r"^WRK_JSON (.*)$", out.stdout, re.M)
    if match is None:
        raise RuntimeError(f"wrk printed no summary: {out.stdout}{out.stderr}")
    return parse_wrk(match.group(1))


def parse_wrk(line: str) -> WrkResult:
    """The figures of the Lua script's `WRK_JSON {...}` summary."""
    s = json.loads(line)
    failed = s["status_errors"] + s["connect"] + s["read"] + s["write"] + s["timeout"]
    return WrkResult(
        requests=s["requests"],
        seconds=s["duration_us"] / 1e6,
        failed=failed,
        p50_ms=s["p50_us"] / 1000,
        p99_ms=s["p99_us"] / 1000,
    )
