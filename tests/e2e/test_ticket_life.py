"""A repair request's whole life across the platform: QR filing to a rated close, all audited."""

from __future__ import annotations

import httpx
import pytest

from tests.e2e.conftest import bearer
from tests.harness import eventually

pytestmark = [pytest.mark.broker, pytest.mark.slow]

LIFE = [
    "maintenance.ticket.opened.v1",
    "maintenance.ticket.triaged.v1",
    "maintenance.ticket.assigned.v1",
    "maintenance.ticket.started.v1",
    "maintenance.ticket.put_on_hold.v1",
    "maintenance.ticket.resumed.v1",
    "maintenance.ticket.resolved.v1",
    "maintenance.ticket.closed.v1",
]


async def test_qr_filing_to_rated_close_in_order_in_audit(platform):
    m = platform.url("maintenance")
    dispatcher, tech = bearer("dispatcher"), bearer("technician")
    async with httpx.AsyncClient(timeout=10) as http:
        code = await http.post(
            m + "/qr-codes",
            json={"location_id": "B01-301", "label": "化学实验室"},
            headers=dispatcher,
        )
        assert code.status_code == 201, code.text
        prefill = await http.get(m + f"/public/qr/{code.json()['token']}")
        assert prefill.status_code == 200 and prefill.json()["location_id"] == "B01-301"
        filed = await http.post(
            m + "/public/requests",
            data={
                "token": code.json()["token"],
                "category": "plumbing",
                "description": "实验室水槽下水管漏水 (sink drain leaking)",
                "contact_name": "周同学",
                "contact_phone": "13900000009",
            },
        )
        assert filed.status_code == 201, filed.text
        ticket_id, key = filed.json()["ticket_id"], filed.json()["follow_up_key"]
        steps = [
            ("triage", {"priority": "urgent"}, dispatcher),
            ("assign", {"technician_id": "u-tech-1"}, dispatcher),
            ("start", None, tech),
            ("hold", {"reason": "parts", "note": "等配件 waiting for a trap"}, tech),
            ("resume", None, tech),
            ("resolve", {"note": "换了存水弯 replaced the trap"}, tech),
        ]
        for action, body, who in steps:
            r = await http.post(m + f"/tickets/{ticket_id}/{action}", json=body, headers=who)
            assert r.status_code == 200, (action, r.text)
        illegal = await http.post(m + f"/tickets/{ticket_id}/start", headers=tech)
        assert illegal.status_code == 409 and illegal.json()["detail"]
        closed = await http.post(
            m + f"/public/requests/{ticket_id}/close",
            json={"rating": 5, "comment": "很快修好了"},
            headers={"X-Follow-Up-Key": key},
        )
        assert closed.status_code == 200 and closed.json()["status"] == "closed"

        async def audited() -> list[dict]:
            r = await http.get(
                platform.url("audit") + "/audit/records",
                params={"subject": ticket_id, "limit": 100},
                headers=bearer("auditor"),
            )
            assert r.status_code == 200, r.text
            return [i["event"] for i in r.json()["items"]]

        events = await eventually(audited, lambda evs: len(evs) >= len(LIFE), timeout=30)
    assert [e["type"] for e in events] == LIFE  # each once, in order
    assert events[0]["actor"] == "anonymous:qr"
    assert events[2]["data"]["assignee_id"] == "u-tech-1"
    assert events[-1]["data"]["rating"] == 5
