"""A fake of notifications' HTTP API as the console calls it (same routes, same JSON shapes):
the inbox with a critical and an escalated alert, one's own entry, rules, endpoints (secrets
never shown), templates with a preview, an undeliverable incident with its needs."""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from tests.fakes.console_services import TICKET_ID, _problem


def _note(nid: str, **fields: Any) -> dict[str, Any]:
    base = {
        "notification_id": nid,
        "recipient_id": "u-dispatcher-1",
        "event_type": "maintenance.ticket.opened.v1",
        "source_event_id": f"e-{nid}",
        "correlation_id": "c-1",
        "subject": TICKET_ID,
        "title": {"zh-CN": "新报修", "en": "New repair request"},
        "body": {"zh-CN": "B02-201 水", "en": "B02-201 plumbing"},
        "links": {},
        "status": "unread",
        "created_at": "2026-05-01T01:00:00Z",
        "read_at": None,
        "severity": "warning",
        "kind": "alert",
        "ack_required": False,
        "acknowledged_at": None,
        "acknowledged_by": None,
        "template_error": None,
    }
    return {**base, **fields}


RULE = {
    "rule_id": "canteen-stock",
    "rule": {
        "events": ["canteen.stock.expiring.v1", "canteen.delivery.rejected.v1"],
        "recipients": [{"role": "canteen_manager", "in": "canteen"}],
        "scope": {},
        "channels": {},
        "fallback": True,
        "enabled": True,
        "description": "Receiving and stock of a canteen: its managers",
    },
    "recipients": "canteen_manager of the canteen",
    "origin": "file",
    "updated_at": "2026-05-01T00:00:00Z",
    "updated_by": "deploy:rules.toml",
}
MILK = "canteen.stock.expiring.v1.zh-CN"
MILK_SOURCE = (
    "{% block title %}库存临期：{{ data.item }}{% endblock %}{% block body %}b{% endblock %}"
)


class FakeNotifications:
    """Notifications' routes the console uses; `calls` records (method, path, JSON body)."""

    def __init__(self) -> None:
        self.notes = [
            _note("n-1"),
            _note(
                "n-crit",
                event_type="canteen.temperature.out_of_range.v1",
                subject="fridge-2",
                title={"zh-CN": "冷藏温度超标", "en": "Fridge out of range"},
                body={"zh-CN": "2号冷藏柜 11°C", "en": "fridge 2 at 11 °C"},
                severity="critical",
                ack_required=True,
            ),
            _note(
                "n-esc",
                kind="escalation",
                severity="critical",
                status="read",
                title={"zh-CN": "【升级】冷藏温度超标", "en": "[Escalated] Fridge out of range"},
            ),
        ]
        self.person: dict[str, Any] | None = {
            "user_id": "u-dispatcher-1",
            "name": "王调度",
            "roles": ["dispatcher"],
            "scopes": {"campus": ["main"]},
            "email": "wang.dispatch@example.edu.cn",
            "channels": ["in_app", "email"],
            "active": True,
            "duties": [],
            "phone": None,
            "language": "zh-CN",
            "quiet_hours": None,
            "digest": False,
            "updated_at": "2026-05-01T00:00:00Z",
        }
        self.rules: dict[str, dict[str, Any]] = {RULE["rule_id"]: RULE}
        self.endpoints: dict[str, dict[str, Any]] = {}
        self.secrets: dict[str, str] = {}
        self.overrides: dict[str, str] = {}
        self.calls: list[tuple[str, str, Any]] = []
        self.app = self._build()

    def _build(self) -> FastAPI:  # noqa: C901 - one route per endpoint of the real service
        app = FastAPI()

        @app.middleware("http")
        async def record(request: Request, call_next):  # type: ignore[no-untyped-def]
            body = await request.body()
            parsed = None
            if body and request.headers.get("content-type", "").startswith("application/json"):
                parsed = json.loads(body)
            self.calls.append((request.method, request.url.path, parsed))
            return await call_next(request)

        def note(nid: str) -> dict[str, Any] | None:
            return next((n for n in self.notes if n["notification_id"] == nid), None)

        @app.get("/notifications/me/unread-count")
        async def count() -> Any:
            return {"unread": sum(n["status"] == "unread" for n in self.notes)}

        @app.get("/notifications/me")
        async def mine(unread: bool = False) -> Any:
            items = [n for n in self.notes if not unread or n["status"] == "unread"]
            return {"items": items, "next_cursor": None}

        @app.post("/notifications/{nid}/read")
        async def read(nid: str) -> Any:
            found = note(nid)
            if found is None:
                return _problem(404, "no notification")
            found["status"] = "read"
            return found

        @app.post("/notifications/{nid}/acknowledge")
        async def acknowledge(nid: str) -> Any:
            found = note(nid)
            if found is None:
                return _problem(404, "no notification")
            if found["severity"] != "critical":
                return _problem(409, "only critical alerts are acknowledged")
            found.update(
                status="read",
                acknowledged_at="2026-05-01T02:00:00Z",
                acknowledged_by="u-dispatcher-1",
            )
            return found

        @app.get("/people/me")
        async def me() -> Any:
            return self.person or _problem(404, "you are not in the directory yet")

        @app.put("/people/me/preferences")
        async def preferences(request: Request) -> Any:
            body = await request.json()
            if self.person is None:
                return _problem(404, "you are not in the directory yet")
            if "sms" in body["channels"] and not body.get("phone"):
                return _problem(422, "the sms channel needs a phone number", field="channels")
            start, end = body.get("quiet_hours_start"), body.get("quiet_hours_end")
            self.person.update(
                channels=body["channels"],
                digest=body["digest"],
                language=body["language"],
                phone=body.get("phone"),
                quiet_hours=f"{start}-{end}" if start else None,
            )
            return self.person

        @app.get("/routing-rules")
        async def rules() -> Any:
            return list(self.rules.values())

        @app.get("/routing-rules/{rid}")
        async def rule(rid: str) -> Any:
            return self.rules.get(rid) or _problem(404, "no routing rule")

        @app.put("/routing-rules/{rid}")
        async def put_rule(rid: str, request: Request) -> Any:
            body = await request.json()
            for i, r in enumerate(body["recipients"]):
                if "role" in r and r["role"] not in ("canteen_manager", "dispatcher"):
                    errors = [{"field": f"recipients.{i}.role", "reason": "not a role"}]
                    return _problem(422, "invalid", errors=errors)
            created = rid not in self.rules
            self.rules[rid] = {
                **RULE, "rule_id": rid, "rule": body, "origin": "api", "updated_by": "u-admin-1"
            }  # fmt: skip
            return JSONResponse(self.rules[rid], status_code=201 if created else 200)

        @app.delete("/routing-rules/{rid}")
        async def delete_rule(rid: str) -> Any:
            if self.rules.pop(rid, None) is None:
                return _problem(404, "no routing rule")
            return Response(status_code=204)

        def endpoint_read(eid: str) -> dict[str, Any]:
            e = self.endpoints[eid]
            url = e["url"].split("?")[0] + ("?…" if "?" in e["url"] else "")
            has = eid in self.secrets
            return {
                **{k: v for k, v in e.items() if k != "url"},
                "url": url,
                "endpoint_id": eid,
                "has_secret": has,
                "secret_fingerprint": "f1ngerpr1nt0" if has else None,
                "updated_at": "2026-05-01T00:00:00Z",
            }

        @app.get("/endpoints")
        async def endpoints() -> Any:
            return [endpoint_read(e) for e in self.endpoints]

        @app.get("/endpoints/{eid}")
        async def endpoint(eid: str) -> Any:
            return endpoint_read(eid) if eid in self.endpoints else _problem(404, "no endpoint")

        @app.put("/endpoints/{eid}")
        async def put_endpoint(eid: str, request: Request) -> Any:
            body = await request.json()
            url = body.pop("url", None) or self.endpoints.get(eid, {}).get("url")
            if url is None:
                return _problem(422, "a new endpoint needs its url", field="url")
            if "secret" in body:
                self.secrets[eid] = body.pop("secret")
            self.endpoints[eid] = {**body, "url": url}
            return endpoint_read(eid)

        @app.get("/templates")
        async def templates() -> Any:
            names = [MILK, "canteen.stock.expiring.v1.en", "email.html"]
            return [{"name": n, "origin": "override" if n in self.overrides else "file"}
                    for n in names]  # fmt: skip

        @app.get("/templates/{name}")
        async def template(name: str) -> Any:
            source = self.overrides.get(name, MILK_SOURCE)
            origin = "override" if name in self.overrides else "file"
            return {"name": name, "origin": origin, "source": source, "file_source": MILK_SOURCE}

        @app.put("/templates/{name}")
        async def put_template(name: str, request: Request) -> Any:
            source = (await request.json())["source"]
            if "{% block body" not in source:
                return _problem(422, "the template does not compile: lacks body", field="source")
            self.overrides[name] = source
            return {"name": name, "origin": "override", "source": source}

        @app.delete("/templates/{name}")
        async def reset_template(name: str) -> Any:
            self.overrides.pop(name, None)
            return Response(status_code=204)

        @app.post("/templates/{name}/preview")
        async def preview(name: str, request: Request) -> Any:
            source = (await request.json())["source"]
            ok = "{% block body" in source
            return {
                "name": name, "event_type": "canteen.stock.expiring.v1", "language": "zh-CN",
                "channel": None, "title": "库存临期：鲜牛奶" if ok else None,
                "body": "b" if ok else None,
                "error": None if ok else "the template lacks the block(s) ['body']",
                "sample": "event", "sample_event_id": "e-milk",
            }  # fmt: skip

        @app.get("/incidents")
        async def incidents(state: str = "undeliverable") -> Any:
            item = {
                "source_event_id": "e-milk", "event_type": "canteen.stock.expiring.v1",
                "subject": "B-77", "correlation_id": "c-milk", "time": "2026-05-01T01:00:00Z",
                "severity": "warning", "state": state, "recipients": [],
                "reason": "nobody is canteen_manager of canteen north in the directory",
                "escalate_at": None, "acknowledged_by": None, "acknowledged_at": None,
                "escalated_at": None,
                "needs": [
                    {"kind": "person", "rule_id": "canteen-stock", "role": "canteen_manager",
                     "scope_kind": "canteen", "scope": "north"},
                    {"kind": "fallback", "role": "logistics_admin"},
                ],
            }  # fmt: skip
            return {"items": [item] if state == "undeliverable" else [], "next_cursor": None}

        return app
