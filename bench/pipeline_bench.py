"""The whole pipeline against the raw broker: what a user's command costs until audit has it.

Run: `./campus bench pipeline [--quick]` (or `./campus bench [--quick]` for every benchmark).

On a private vhost of the machine's RabbitMQ, in one run: the raw aio-pika baseline
(`bench.broker_baseline`); the load generator's ceiling (wrk against a bare FastAPI endpoint,
`bench.floor_app`, whose CPU per request is the floor); assets, audit and notifications as real
processes, saturated by wrk at fixed concurrency (commands/s accepted and end to end until audit
has recorded them, CPU per command per process from /proc, peak RSS); paced at 200 commands/s
with p50/p95/p99 from the moment a command was due to audit's `recorded_at`; audit draining a
queued backlog live; and `campus up` to ready. Goals are printed met / not met, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import system
from bench.broker_baseline import baseline
from bench.pipeline_phases import audit_backlog, bind_notifications, paced_latency, saturated
from bench.pipeline_report import print_report
from campusctl.platform import SERVICES, Platform, port_open
from shared.auth import AuthSettings, mint_token
from shared.topology import Names
from tests.harness import free_port, temporary_vhost
from tests.service_procs import ROOT, ServiceProcess, process_group

SIZES = {
    "full": {"baseline": 10_000, "seconds": 15, "paced": 15, "backlog": 2_000},
    "quick": {"baseline": 2_000, "seconds": 4, "paced": 4, "backlog": 500},
}
CONNECTIONS = 32
RATE = 200.0
NAMESPACE = "bench"
UP_TIMEOUT = 240.0


async def floor(token: str, seconds: float, figures: dict) -> None:
    """wrk against the bare endpoint: the client's ceiling and the HTTP stack's CPU floor."""
    port = free_port()
    proc = subprocess.Popen(  # noqa: ASYNC220 - started once, before anything is measured
        [sys.executable, "-m", "bench.floor_app", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not port_open("127.0.0.1", port):
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("the bare endpoint did not start")
            await asyncio.sleep(0.1)
        cpu0 = system.cpu_seconds(proc.pid)
        result = await asyncio.to_thread(
            system.wrk, f"http://127.0.0.1:{port}", seconds=seconds,
            connections=CONNECTIONS, token=token, prefix="f",
        )  # fmt: skip
        cpu = system.cpu_seconds(proc.pid) - cpu0
        figures["floor"] = {
            "per_s": result.rate,
            "cpu_ms_per_request": 1000 * cpu / max(1, result.ok),
            "rss_mib": system.rss_mib(proc.pid),
            "failed": result.failed,
        }
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _busy(port: int) -> bool:
    return port_open("127.0.0.1", port)


async def campus_up(url: str, workdir: Path) -> dict[str, float]:
    """Seconds from starting the five services (no demo data) until every /ready answers."""
    free = (o for o in range(20_000, 40_000, 97) if not any(_busy(s.port + o) for s in SERVICES))
    offset = next(free)
    platform = Platform(data_dir=workdir, amqp_url=url, namespace="benchup", port_offset=offset)
    started = time.monotonic()
    try:
        platform.start()
        took: dict = await platform.wait_ready(timeout=UP_TIMEOUT)
    except SystemExit as exc:  # not ready in time: a figure of this run, not the end of it
        return {"total": float("nan"), "error": str(exc).splitlines()[0]}
    finally:
        platform.stop()
    took["total"] = time.monotonic() - started
    return took


async def measure(size: dict, workdir: Path) -> dict:
    """Every phase, in one run on one private vhost."""
    figures: dict = {"size": size}
    token = mint_token(AuthSettings(), sub="bench", roles=["logistics_admin"])
    with temporary_vhost("campus-bench") as url:
        say("raw aio-pika baseline")
        figures["baseline_per_s"] = await baseline(url, size["baseline"])
        say("wrk against the bare endpoint")
        await floor(token, size["seconds"], figures)
        common = {"amqp_url": url, "namespace": NAMESPACE, "log_level": "WARNING"}
        with process_group() as group:
            procs = {
                name: group.add(
                    ServiceProcess(
                        name,
                        {**common, "data_dir": workdir / name, **extra},
                        workdir / "logs" / f"{name}.log",
                    )
                )
                for name, extra in (
                    ("audit", {"checkpoint_every_seconds": 3600}),
                    ("notifications", {}),
                    ("assets", {}),
                )
            }
            say("starting assets, audit, notifications")
            for p in procs.values():
                p.start()
            await asyncio.gather(*(p.wait_ready() for p in procs.values()))
            await bind_notifications(url, Names(NAMESPACE))
            pids = {name: p.pid for name, p in procs.items()}
            if (broker := system.broker_pid()) is not None:
                pids["broker"] = broker
            sampler = system.Sampler(pids)
            assets, audit, notes = procs["assets"], procs["audit"], procs["notifications"]
            say("pipeline saturated by wrk")
            figures["saturated"] = await saturated(
                assets, audit, notes, sampler, token,
                seconds=size["seconds"], connections=CONNECTIONS,
            )  # fmt: skip
            say(f"pipeline paced at {RATE:.0f}/s")
            figures["paced"] = await paced_latency(
                assets, audit, workdir / "audit" / "audit.db", token,
                rate=RATE, seconds=size["paced"],
            )  # fmt: skip
            say("audit draining a backlog")
            figures["backlog"] = await audit_backlog(url, Names(NAMESPACE), audit, size["backlog"])
        say("campus up to ready")
        figures["campus_up"] = await campus_up(url, workdir / "up")
    return figures


def say(text: str) -> None:
    """Progress on stderr (the figures go to stdout)."""
    print(f"  [{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def _terminated(signum: int, frame: object) -> None:
    raise SystemExit(f"terminated by signal {signum}")  # so the processes and vhost are removed


def main() -> None:
    """Entry point for `python -m bench pipeline [--quick]`."""
    parser = argparse.ArgumentParser(prog="bench pipeline")
    parser.add_argument("--quick", action="store_true", help="short phases (under a minute)")
    args = parser.parse_args()
    previous = signal.signal(signal.SIGTERM, _terminated)
    size = SIZES["quick" if args.quick else "full"]
    try:
        with tempfile.TemporaryDirectory(prefix="campus-bench-") as tmp:
            figures = asyncio.run(measure(size, Path(tmp)))
    finally:
        signal.signal(signal.SIGTERM, previous)  # the suite's next benchmarks: their own
    print_report(figures)


if __name__ == "__main__":
    main()
