"""Helpers for the maintenance tests: a harness over the app without a broker, tokens, seeds."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from services.maintenance.main import build
from services.maintenance.settings import CalendarSetting, MaintenanceSettings
from shared.auth import AuthSettings, mint_token
from shared.clock import FrozenClock
from shared.store import Query
from tests.harness import routes_client

#: Monday 12 January 2026, 09:00 in Shanghai.
START = datetime(2026, 1, 12, 1, 0, tzinfo=UTC)
LOCATIONS_CSV = (
    "campus_id,campus_name,building_id,building_name,floor,room_id,room_name\n"
    "main,主校区,B01,一号教学楼,1,B01-101,101教室\n"
    "main,主校区,B01,一号教学楼,3,B01-301,实验室\n"
    "main,主校区,B02,学生公寓2号楼,2,B02-201,201宿舍\n"
    "east,东校区,E01,东区食堂,1,E01-101,后厨\n"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64


def token(role: str, sub: str | None = None, campus: tuple[str, ...] = ("main",)) -> str:
    """A bearer token for one role, scoped to campus `main` unless told."""
    return mint_token(
        AuthSettings(), sub=sub or f"u-{role}", roles=[role], scopes={"campus": list(campus)}
    )


def auth(role: str, sub: str | None = None, campus: tuple[str, ...] = ("main",)) -> dict:
    """The Authorization header for `token(...)`."""
    return {"Authorization": f"Bearer {token(role, sub, campus)}"}


def settings_for(tmp_path: Path, **overrides: Any) -> MaintenanceSettings:
    """Settings on a SQLite file under tmp_path, a Shanghai 08-12 / 14-18 calendar."""
    base: dict[str, Any] = {
        "data_dir": tmp_path,
        "store_url": f"sqlite:///{tmp_path / 'maintenance.db'}",
        "calendar": CalendarSetting(windows=[("08:00", "12:00"), ("14:00", "18:00")]),
        "photo_max_bytes": 4096,
        "photos_per_ticket": 3,
        "qr_limit_per_client": 3,
        "qr_limit_per_code": 5,
    }
    base.update(overrides)
    return MaintenanceSettings(**base)


@dataclass
class Harness:
    """The app over ASGI (no broker): HTTP client, store, clock, jobs."""

    app: Any
    http: httpx.AsyncClient
    clock: FrozenClock

    @property
    def store(self) -> Any:
        return self.app.runtime.store

    @property
    def jobs(self) -> Any:
        return self.app.maintenance

    async def events(self, prefix: str = "maintenance.") -> list[dict[str, Any]]:
        """Outbox envelopes in commit order."""
        page = await self.store.find("outbox", Query({}, sort=[("order", 1)]))
        return [e["envelope"] for e in page.items if e["routing_key"].startswith(prefix)]

    async def count(self, collection: str, filter: dict | None = None) -> int:
        return await self.store.count(collection, filter or {})

    async def seed_locations(self) -> None:
        r = await self.http.post(
            "/locations/import",
            content=LOCATIONS_CSV.encode(),
            headers={**auth("logistics_admin"), "content-type": "text/csv"},
        )
        assert r.status_code == 200, r.text

    async def file(self, role: str = "requester", sub: str = "stu-1", **body: Any) -> dict:
        payload = {"location_id": "B01-301", "category": "plumbing", "description": "水管漏水"}
        payload.update(body)
        self.clock.advance(seconds=1)  # the outbox orders commits by their clock time
        r = await self.http.post("/tickets", json=payload, headers=auth(role, sub))
        assert r.status_code == 201, r.text
        return r.json()

    async def act(
        self,
        ticket_id: str,
        action: str,
        role: str = "dispatcher",
        sub: str | None = None,
        **body: Any,
    ) -> httpx.Response:
        self.clock.advance(seconds=1)
        return await self.http.post(
            f"/tickets/{ticket_id}/{action}", json=body, headers=auth(role, sub)
        )


@contextlib.asynccontextmanager
async def harness(tmp_path: Path, **overrides: Any) -> AsyncIterator[Harness]:
    """Build the app on a tmp SQLite file and open its store (no broker, no relay)."""
    clock = FrozenClock(START)
    app = build(settings_for(tmp_path, **overrides), clock=clock)
    async with routes_client(app, base_url="http://maint") as http:
        yield Harness(app, http, clock)


class FakeDelivery:
    """A stand-in for one RabbitMQ delivery, enough for `Consumer.handle` (records the ack)."""

    def __init__(self, body: bytes) -> None:
        self.raw_message = _Raw(body)
        self.settled: str | None = None

    async def ack(self) -> None:
        self.settled = "ack"

    async def nack(self, requeue: bool = True) -> None:
        self.settled = "nack"


@dataclass
class _Raw:
    body: bytes
    headers: dict | None = None
    routing_key: str = ""
    exchange: str = ""


def envelope_bytes(data: Any, *, event_id: str | None = None, source: str = "/test") -> bytes:
    """A structured-mode CloudEvent carrying `data` (an EventData instance)."""
    from shared.envelope import make_envelope

    env = make_envelope(
        data,
        source=source,
        subject=None,
        correlation_id=None,
        causation_id=None,
        actor=None,
        event_id=event_id,
    )
    return env.to_bytes()
