"""Services as real processes (`python -m services.<name>`), for replica and fault tests.

Each process gets only its own `CAMPUS_<SERVICE>_*` variables (none leak from the test's
environment), logs to a file of its own, and can be SIGKILLed or stopped; `ProcessGroup` stops
every process it started when the test ends, however it ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.harness import free_port

ROOT = Path(__file__).resolve().parents[1]


def service_env(service: str, **settings: object) -> dict[str, str]:
    """The environment of one service process: PATH and friends, plus its own settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAMPUS_")}
    prefix = f"CAMPUS_{service.upper()}_"
    env.update({prefix + key.upper(): str(value) for key, value in settings.items()})
    env["PYTHONPATH"] = str(ROOT)
    return env


@dataclass
class ServiceProcess:
    """One process of one service, on its own HTTP port."""

    service: str
    settings: Mapping[str, object]
    log_path: Path
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None
    #: Variables beyond the service's settings (the fault tests' `CAMPUS_FAULTS` plan).
    extra_env: Mapping[str, str] = field(default_factory=dict)
    #: The address its HTTP listens on (another than loopback inside a network namespace).
    host: str = "127.0.0.1"
    #: Put before the command, e.g. `ip netns exec NAME` to run it in a network namespace.
    prefix: tuple[str, ...] = ()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def pid(self) -> int:
        assert self.proc is not None, "not started"
        return self.proc.pid

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self) -> ServiceProcess:
        """Start the process (returns at once; `wait_ready` waits for /ready)."""
        env = service_env(
            self.service,
            http_host=self.host,
            http_port=self.port,
            log_json="true",
            **dict(self.settings),
        )
        env.update(self.extra_env)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [*self.prefix, sys.executable, "-m", f"services.{self.service}"],
                env=env,
                cwd=ROOT,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    async def wait_ready(self, timeout: float = 60.0) -> None:
        """Wait until GET /ready answers 200 (store open, broker and relay connected)."""
        deadline = time.monotonic() + timeout
        async with httpx.AsyncClient(timeout=5) as http:
            while True:
                if not self.alive:
                    raise RuntimeError(f"{self.service} exited: {self.log_tail()}")
                with contextlib.suppress(httpx.TransportError):
                    if (await http.get(f"{self.base_url}/ready")).status_code == 200:
                        return
                if time.monotonic() > deadline:
                    tail = self.log_tail()
                    raise TimeoutError(f"{self.service} not ready in {timeout} s: {tail}")
                await asyncio.sleep(0.2)

    def kill(self) -> float:
        """SIGKILL the process (no shutdown of any kind); returns the monotonic time of the kill."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        at = time.monotonic()
        self.proc.wait(timeout=10)
        return at

    def stop(self, timeout: float = 20.0) -> None:
        """SIGTERM (a clean shutdown), then SIGKILL after `timeout` seconds."""
        if not self.alive:
            return
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def log_tail(self, chars: int = 3000) -> str:
        """The end of the process's log, for failure messages."""
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except FileNotFoundError:
            return "(no log)"

    async def metric(self, name: str, **labels: str) -> float:
        """The sum of one metric's samples on this process's /metrics matching `labels`."""
        async with httpx.AsyncClient(timeout=5) as http:
            text = (await http.get(f"{self.base_url}/metrics")).text
        total = 0.0
        wanted = [f'{k}="{v}"' for k, v in labels.items()]
        for line in text.splitlines():
            if line.startswith(name + "{") or line.startswith(name + " "):
                if all(w in line for w in wanted):
                    total += float(line.rsplit(" ", 1)[1])
        return total


@dataclass
class ProcessGroup:
    """Every service process a test started; `close()` stops them all."""

    processes: list[ServiceProcess] = field(default_factory=list)

    def add(self, process: ServiceProcess) -> ServiceProcess:
        self.processes.append(process)
        return process

    def close(self) -> None:
        """Stop every live process (SIGTERM, then SIGKILL)."""
        for process in self.processes:
            with contextlib.suppress(Exception):
                process.stop(timeout=10)


@contextlib.contextmanager
def process_group() -> Iterator[ProcessGroup]:
    """A ProcessGroup closed when the block ends, whatever happens in it."""
    group = ProcessGroup()
    try:
        yield group
    finally:
        group.close()
