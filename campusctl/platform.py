"""The platform on one machine: the broker, the service processes and the console, demo data,
clean stop."""

from __future__ import annotations

import asyncio
import importlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from shared.auth import AuthSettings, mint_token

ROOT = Path(__file__).resolve().parents[1]
#: The demo campus's people, read by `campus up`, the console's sign-in and the demo seeds.
PEOPLE_FILE = ROOT / "deploy" / "demo" / "people.json"


@dataclass(frozen=True)
class ServiceProcess:
    """One service as `campus up` runs it."""

    name: str
    port: int
    #: No store and no queue (the console): it calls the other services' APIs.
    stateless: bool = False


SERVICES = (
    ServiceProcess("canteen", 8101),
    ServiceProcess("assets", 8102),
    ServiceProcess("maintenance", 8103),
    ServiceProcess("notifications", 8104),
    ServiceProcess("audit", 8105),
    ServiceProcess("console", 8106, stateless=True),
)
#: The address the console's calls come from, by the host the platform listens on (a host
#: name resolving to both families may be reached over either).
LOOPBACK_OF = {"127.0.0.1": "127.0.0.1", "::1": "::1", "localhost": "127.0.0.1,::1"}


def _demo_people() -> tuple[dict[str, Any], ...]:
    """The people of the demo file whose tokens the demo uses (one per role)."""
    people = json.loads(PEOPLE_FILE.read_text(encoding="utf-8"))["people"]
    return tuple(p for p in people if p.get("sign_in"))


#: Demo people: (user id, role, display name). Their ids match the demo data of each service.
DEMO_PEOPLE = tuple((p["id"], p["roles"][0], p["name"]) for p in _demo_people())
#: Each demo person's scopes (realistic and different: the requester has none).
DEMO_SCOPES = {p["id"]: p.get("scopes", {}) for p in _demo_people()}


def demo_steps() -> list[tuple[ServiceProcess, str]]:
    """The order the demo is loaded in: (service, function of its `demo` module).

    Nothing that publishes an alert runs before someone can hear it and before every place it
    names exists (issue 13: the first alerts once reached nobody, and a canteen fault reached
    maintenance before its locations): first the notifications directory, then every service's
    reference data (`seed_reference`: locations, canteens, suppliers, assets…), then each
    service's day (`seed_day`: deliveries, requests, custody, damage…).
    """
    first = [s for s in SERVICES if s.name == "notifications"]
    rest = [s for s in SERVICES if s.name != "notifications"]
    return [
        *((s, "seed_reference") for s in first + rest),
        *((s, "seed_day") for s in first + rest),
    ]


def say(message: str) -> None:
    """Print one line for the person at the terminal."""
    print(message, flush=True)


def demo_token(role: str, auth: AuthSettings, ttl_seconds: int = 12 * 3600) -> str:
    """A development token for the demo person holding `role`."""
    user_id, _, name = next(p for p in DEMO_PEOPLE if p[1] == role)
    return mint_token(
        auth,
        sub=user_id,
        roles=[role],
        scopes=DEMO_SCOPES[user_id],
        name=name,
        ttl_seconds=ttl_seconds,
    )


def port_open(host: str, port: int) -> bool:
    """True when a TCP connect succeeds."""
    try:
        with socket.create_connection((host, port), timeout=1.0):
            return True
    except OSError:
        return False


def ensure_broker(amqp_url: str, *, wait_seconds: float = 10.0) -> None:
    """Fail clearly unless RabbitMQ answers at `amqp_url`.

    Installing and starting the machine's broker is `./campus up`'s job (deploy/bootstrap.sh,
    the same code `./campus test` uses); this only waits a moment for a broker that is starting.
    """
    parts = urlsplit(amqp_url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 5672
    deadline = time.monotonic() + wait_seconds
    while not port_open(host, port):
        if time.monotonic() > deadline:
            raise SystemExit(
                f"RabbitMQ is not reachable at {host}:{port}: `./campus up` installs and starts "
                "the machine's broker; or point --amqp-url at a running one"
            )
        time.sleep(0.5)
    say(f"RabbitMQ: reachable at {host}:{port}")


class Platform:
    """Starts, watches and stops the five service processes."""

    def __init__(
        self,
        *,
        data_dir: Path,
        amqp_url: str,
        namespace: str,
        host: str = "127.0.0.1",
        port_offset: int = 0,
        extra_env: dict[str, str] | None = None,
    ) -> None:
        self.data_dir = data_dir.resolve()
        self.amqp_url = amqp_url
        self.namespace = namespace
        self.host = host
        self.port_offset = port_offset
        self.extra_env = extra_env or {}
        self.procs: dict[str, subprocess.Popen[bytes]] = {}

    def port(self, service: ServiceProcess) -> int:
        """The port this platform runs a service on."""
        return service.port + self.port_offset

    def url(self, service: ServiceProcess | str) -> str:
        """Base URL of a service (by process or by name)."""
        if isinstance(service, str):
            service = next(s for s in SERVICES if s.name == service)
        return f"http://{self.host}:{self.port(service)}"

    def start(self) -> None:
        """Start every service as its own process, logging to <data>/logs/<name>.log."""
        busy = [s for s in SERVICES if port_open(self.host, self.port(s))]
        if busy:
            names = ", ".join(f"{s.name} ({self.port(s)})" for s in busy)
            raise SystemExit(f"ports already in use: {names}; is the platform already running?")
        (self.data_dir / "logs").mkdir(parents=True, exist_ok=True)
        for svc in SERVICES:
            self.start_one(svc)

    def start_one(self, svc: ServiceProcess) -> None:
        """Start (or restart) one service process."""
        prefix = f"CAMPUS_{svc.name.upper()}_"
        env = {
            **os.environ,
            **self.extra_env,
            prefix + "DATA_DIR": str(self.data_dir),
            prefix + "HTTP_PORT": str(self.port(svc)),
            prefix + "HTTP_HOST": self.host,
            prefix + "AMQP_URL": self.amqp_url,
            prefix + "NAMESPACE": self.namespace,
            prefix + "LOG_JSON": "true",
        }
        if "CAMPUS_JWT_SECRET" in os.environ:
            env[prefix + "AUTH__HS256_SECRET"] = os.environ["CAMPUS_JWT_SECRET"]
        env.update(self.links(svc))
        with open(self.data_dir / "logs" / f"{svc.name}.log", "ab") as log:
            self.procs[svc.name] = subprocess.Popen(
                [sys.executable, "-m", f"services.{svc.name}"],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )

    def links(self, svc: ServiceProcess) -> dict[str, str]:
        """Where a process finds the others: the console every service's URL, and maintenance
        the console's (its QR codes open the console's repair page), under any port offset."""
        console = self.url("console")
        if svc.name == "maintenance":
            # The console files QR requests for the people it serves and names each one's
            # address in X-Forwarded-For, so the per-client limit counts people, not the
            # console: maintenance believes that header from the console's loopback address
            # only, and from nobody when the platform listens on another address.
            return {
                "CAMPUS_MAINTENANCE_PUBLIC_BASE_URL": console,
                "CAMPUS_MAINTENANCE_TRUST_FORWARDED_FOR": LOOPBACK_OF.get(self.host, ""),
            }
        if svc.name == "canteen":
            # The public menu's ratings and complaints come through the console too, with the
            # diner's address in X-Forwarded-For: the same trust, for the same reason.
            return {"CAMPUS_CANTEEN_TRUST_FORWARDED_FOR": LOOPBACK_OF.get(self.host, "")}
        if svc.name == "assets":
            # Each label's QR code leads to the asset's page in the console.
            return {"CAMPUS_ASSETS_CONSOLE_URL": console}
        if svc.name != "console":
            return {}
        urls = {f"CAMPUS_CONSOLE_{s.name.upper()}_URL": self.url(s) for s in SERVICES}
        urls.pop("CAMPUS_CONSOLE_CONSOLE_URL")
        return {**urls, "CAMPUS_CONSOLE_PUBLIC_BASE_URL": console}

    async def wait_ready(self, timeout: float = 90.0) -> dict[str, float]:
        """Wait until every /ready answers 200; seconds each took. Fails if a process exits."""
        started = time.monotonic()
        took: dict[str, float] = {}
        async with httpx.AsyncClient(timeout=2.0) as http:
            while len(took) < len(SERVICES):
                for svc in SERVICES:
                    if svc.name in took:
                        continue
                    self.check_alive()
                    try:
                        r = await http.get(self.url(svc) + "/ready")
                    except httpx.TransportError:
                        continue
                    if r.status_code == 200:
                        took[svc.name] = time.monotonic() - started
                if time.monotonic() - started > timeout:
                    missing = [s.name for s in SERVICES if s.name not in took]
                    raise SystemExit(f"not ready within {timeout:.0f} s: {', '.join(missing)}")
                await asyncio.sleep(0.2)
        return took

    def check_alive(self) -> None:
        """Raise SystemExit naming a service process that has exited, with its log's tail."""
        for name, proc in self.procs.items():
            code = proc.poll()
            if code is not None:
                log = self.data_dir / "logs" / f"{name}.log"
                tail = log.read_text(errors="replace").splitlines()[-15:] if log.exists() else []
                raise SystemExit(f"{name} exited with {code}; last log lines:\n" + "\n".join(tail))

    async def load_demo(self, auth: AuthSettings) -> bool:
        """Load demo data once per data directory; False when it was already there."""
        marker = self.data_dir / ".demo-loaded"
        if marker.exists():
            return False
        async with httpx.AsyncClient(timeout=30.0) as http:
            for svc, step in demo_steps():
                module = importlib.import_module(f"services.{svc.name}.demo")
                http.base_url = httpx.URL(self.url(svc))
                await getattr(module, step)(http, lambda role: demo_token(role, auth))
        marker.write_text(time.strftime("%Y-%m-%dT%H:%M:%S%z\n"))
        return True

    def stop(self, grace: float = 15.0) -> None:
        """SIGTERM every process, then SIGKILL what is left after `grace` seconds."""
        for proc in list(self.procs.values()):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + grace
        for proc in self.procs.values():
            remaining = max(0.1, deadline - time.monotonic())
            try:
                proc.wait(timeout=remaining)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
