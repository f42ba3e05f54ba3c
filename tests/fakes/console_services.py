"""Fakes of the services' HTTP APIs as the console calls them (same routes, same JSON shapes).

Each fake is a small FastAPI app with in-memory state, reached through `httpx.ASGITransport`;
a `down` fake answers nothing (every call raises a connection error), as a stopped service.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

import httpx
from fastapi import FastAPI, Header, Request
from fastapi.responses import JSONResponse

TICKET_ID = "WO-20260501-0000ABCD"
TOKEN = "qr-token-0123456789"
KEY = "follow-up-key-123"


def _problem(status: int, detail: str, **extra: Any) -> JSONResponse:
    body = {"type": "/problems/x", "title": "refused", "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type="application/problem+json")


def ticket(status: str = "opened", **fields: Any) -> dict[str, Any]:
    """A ticket as maintenance's read view shows it."""
    base = {
        "id": TICKET_ID,
        "status": status,
        "campus_id": "main",
        "building_id": "B02",
        "location_id": "B02-201",
        "floor": 2,
        "room_id": "B02-201",
        "asset_tag": None,
        "category": "plumbing",
        "priority": "high",
        "channel": "web",
        "description": "宿舍卫生间水龙头一直滴水",
        "requester_id": "u-student-1",
        "assignee_id": None,
        "created_at": "2026-05-01T01:00:00Z",
        "updated_at": "2026-05-01T01:00:00Z",
        "sla": {
            "response": {
                "due_at": "2026-05-01T02:00:00Z",
                "at_risk_from": "2026-05-01T01:45:00Z",
                "breached": False,
            }
        },
        "correlation_id": "c-open",
        "photos": [],
        "history": [{"action": "opened", "at": "2026-05-01T01:00:00Z", "by": "u-student-1"}],
    }
    return {**base, **fields}


class FakeMaintenance:
    """Maintenance's routes the console uses; `calls` records (method, path, body, headers)."""

    def __init__(self) -> None:
        self.tickets: dict[str, dict[str, Any]] = {TICKET_ID: ticket()}
        self.calls: list[tuple[str, str, Any, dict[str, str]]] = []
        #: path -> the query string of each GET, parsed (every value a list)
        self.queries: dict[str, list[dict[str, list[str]]]] = {}
        self.rate_limited = False
        self.app = self._build()

    def _build(self) -> FastAPI:
        app = FastAPI()

        @app.middleware("http")
        async def record(request: Request, call_next):  # type: ignore[no-untyped-def]
            body = await request.body()
            self.calls.append((request.method, request.url.path, body, dict(request.headers)))
            if request.method == "GET":
                query = parse_qs(request.url.query)
                self.queries.setdefault(request.url.path, []).append(query)
            return await call_next(request)

        @app.get("/health")
        async def health() -> Any:
            return {"status": "ok", "service": "maintenance"}

        @app.get("/ready")
        async def ready() -> Any:
            checks = {"store": True, "broker": False, "relay": False}
            return _problem(503, "not ready: broker, relay", checks=checks)

        @app.get("/public/qr/{token}")
        async def qr(token: str) -> Any:
            if token != TOKEN:
                return _problem(403, "this QR code is not valid")
            return {
                "kind": "location",
                "target": "B01-301",
                "campus_id": "main",
                "building_id": "B01",
                "building_name": "化学楼",
                "location_id": "B01-301",
                "floor": 3,
                "floor_name": "3F",
                "room_id": "B01-301",
                "room_name": "301 室",
                "asset_tag": None,
                "asset_name": None,
                "categories": [
                    {"id": "plumbing", "label": "水"},
                    {"id": "electrical", "label": "电"},
                ],
            }

        @app.post("/public/requests", status_code=201)
        async def file(request: Request) -> Any:
            if self.rate_limited:
                return _problem(429, "too many requests", retry_after="2026-05-01T02:00:00Z")
            form = await request.form()
            phone = str(form.get("contact_phone", ""))
            if phone and not phone.startswith("1"):
                errors = [{"field": "contact_phone", "location": "body", "reason": "bad phone"}]
                return _problem(422, "the request has invalid fields", errors=errors)
            return {"ticket_id": TICKET_ID, "status": "opened", "follow_up_key": KEY}

        @app.get("/public/requests/{ticket_id}")
        async def follow(ticket_id: str, key: str = Header(alias="X-Follow-Up-Key")) -> Any:
            if key != KEY or ticket_id not in self.tickets:
                return _problem(404, "no request")
            t = self.tickets[ticket_id]
            return {
                "ticket_id": ticket_id,
                "status": t["status"],
                "category": t["category"],
                "location_id": t["location_id"],
                "created_at": t["created_at"],
                "rating": t.get("rating"),
                "history": [{"action": h["action"], "at": h["at"]} for h in t["history"]],
                "photos": 0,
                "correlation_id": t.get("correlation_id"),
            }

        @app.post("/public/requests/{ticket_id}/{action}")
        async def answer(ticket_id: str, action: str, request: Request) -> Any:
            if request.headers.get("x-follow-up-key") != KEY:
                return _problem(404, "no request")
            body = await request.json()
            t = self.tickets[ticket_id]
            t["status"] = "closed" if action == "close" else "reopened"
            t["rating"] = body.get("rating")
            return {"ticket_id": ticket_id, "status": t["status"]}

        @app.get("/tickets")
        async def tickets() -> Any:
            return {"items": list(self.tickets.values()), "next_cursor": None}

        @app.post("/tickets", status_code=201)
        async def file_web(request: Request) -> Any:
            body = await request.json()
            filed = ticket(asset_tag=body.get("asset_tag"), location_id=body.get("location_id"))
            return {**filed, "id": "WO-20260501-0000BEEF"}

        @app.get("/tickets/{ticket_id}")
        async def one(ticket_id: str) -> Any:
            return self.tickets.get(ticket_id) or _problem(404, "no ticket")

        @app.post("/tickets/{ticket_id}/{action}")
        async def act(ticket_id: str, action: str) -> Any:
            moves = {"triage": "triaged", "assign": "assigned", "start": "in_progress"}
            self.tickets[ticket_id]["status"] = moves.get(action, action)
            return self.tickets[ticket_id]

        @app.get("/locations")
        async def locations(kind: str = "room") -> Any:
            item = {"id": "B02", "kind": "building", "name": "学生公寓2号楼", "building_id": "B02"}
            if kind == "room":
                item = {"id": "B02-201", "kind": "room", "name": "201宿舍", "building_id": "B02"}
            return {"items": [item], "next_cursor": None}

        @app.get("/contractors")
        async def contractors() -> Any:
            return {"items": [{"id": "jianan", "name": "建安建设"}]}

        @app.get("/teams")
        async def teams() -> Any:
            return {"items": [{"id": "water", "name": "水暖班", "members": ["u-tech-2"]}]}

        @app.get("/technicians")
        async def technicians(campus_id: str) -> Any:
            water = {"id": "water", "name": "水暖班"}
            return {
                "items": [
                    {
                        "id": "u-tech-2", "campus_id": campus_id, "name": "张师傅 Zhang",
                        "active": True, "registered": True, "teams": [water], "open_orders": 1,
                    },
                    {
                        "id": "u-tech-9", "campus_id": campus_id, "name": "赵师傅 Zhao",
                        "active": False, "registered": True, "teams": [], "open_orders": 0,
                    },
                    {
                        "id": "u-tech-1", "campus_id": campus_id, "name": None,
                        "active": True, "registered": False, "teams": [], "open_orders": 0,
                    },
                ]
            }  # fmt: skip

        return app


def _record(seq: int, kind: str, correlation: str, caused_by: str | None) -> dict[str, Any]:
    event = {
        "id": f"e-{seq}",
        "type": f"maintenance.ticket.{kind}.v1",
        "time": f"2026-05-01T0{seq}:00:00Z",
        "subject": TICKET_ID,
        "actor": "u-dispatcher-1",
        "correlationid": correlation,
        "causationid": caused_by,
    }
    return {"seq": seq, "recorded_at": event["time"], "hash": "h", "prev_hash": "p", "event": event}


def fake_audit() -> FastAPI:
    """Audit's read routes over three records of one work order (two correlations)."""
    app = FastAPI()
    records = [
        _record(1, "opened", "c-open", None),
        _record(2, "triaged", "c-triage", None),
        _record(3, "assigned", "c-triage", "e-2"),
    ]

    @app.get("/audit/records")
    async def search(subject: str | None = None, correlation_id: str | None = None) -> Any:
        items = [r for r in records if subject in (None, r["event"]["subject"])]
        return {"items": items, "next_cursor": None}

    @app.get("/audit/correlations/{cid}")
    async def story(cid: str) -> Any:
        items = [r for r in records if r["event"]["correlationid"] == cid]
        seq = {r["event"]["id"]: r["seq"] for r in items}
        links = [
            {
                "seq": r["seq"],
                "event_id": r["event"]["id"],
                "type": r["event"]["type"],
                "caused_by": r["event"]["causationid"],
                "caused_by_seq": seq.get(r["event"]["causationid"] or ""),
            }
            for r in items
        ]
        return {"correlation_id": cid, "items": items, "links": links, "next_cursor": None}

    @app.get("/audit/chain")
    async def chain() -> Any:
        return {"head_seq": 3, "head_hash": "h", "records_stored": 3, "base_seq": 0}

    @app.get("/audit/verify")
    async def verify() -> Any:
        return {
            "ok": True, "checked": 3, "first_seq": 1, "last_seq": 3, "last_hash": "h",
            "base_seq": 0, "base_hash": "0", "problem": None, "types": {"x.y.v1": 3},
        }  # fmt: skip

    @app.get("/audit/export")
    async def export(format: str = "jsonl") -> Any:
        from fastapi.responses import PlainTextResponse

        return PlainTextResponse(
            "seq,type\n1,maintenance.ticket.opened.v1\n",
            media_type="text/csv",
            headers={"Content-Disposition": 'attachment; filename="audit-export.csv"'},
        )

    return app


def transports(
    maintenance: FakeMaintenance,
    *,
    down: tuple[str, ...] = (),
    notifications: Any = None,
) -> dict[str, Any]:
    """Transports for the console's backends: the fakes (`notifications`: a FakeNotifications,
    a fresh one if not given), and a dead one for each in `down`."""
    from tests.fakes.console_notifications import FakeNotifications  # it imports this module

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    found: dict[str, Any] = {
        "maintenance": httpx.ASGITransport(app=maintenance.app),
        "notifications": httpx.ASGITransport(app=(notifications or FakeNotifications()).app),
        "audit": httpx.ASGITransport(app=fake_audit()),
    }
    for name in ("canteen", "assets", *down):
        found[name] = httpx.MockTransport(refuse)
    return found
