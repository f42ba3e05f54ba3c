"""Maintenance's mutating routes (on the demo's places, register, teams and rules)."""

from __future__ import annotations

from tests.unit.changes.table import Row

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
CSV = (
    "campus_id,campus_name,building_id,building_name,floor,room_id,room_name\n"
    "main,主校区,B04,第四教学楼,1,B04-101,101教室\n"
)
ROUTE = {
    "name": "配电房巡查",
    "campus_id": "main",
    "checkpoints": [
        {"id": "c1", "name": "配电柜", "location_id": "B01-101", "category": "electrical"},
        {
            "id": "c2",
            "name": "烟感",
            "location_id": "B01-301",
            "category": "electrical",
            "device_tag": "SMK-B01-301",
        },
    ],
}


def _qr_form(state: dict) -> dict:
    return {
        "token": state["qr_token"],
        "category": "electrical",
        "description": "走廊灯不亮",
        "contact_name": "李同学",
        "contact_phone": "13900000000",
    }


def _step(method: str, action: str, role: str, json: dict | None = None) -> Row:
    return Row(method, f"/tickets/{{ticket_id}}/{action}", role, json=json)


ROWS: tuple[Row, ...] = (
    Row(
        "POST",
        "/locations/import",
        "dispatcher",
        content=CSV.encode(),
        headers={"content-type": "text/csv"},
    ),
    Row(
        "PUT",
        "/assets/{tag}",
        "dispatcher",
        path="/assets/PROJ-0042",
        json={"location_id": "B04-101", "name": "投影仪"},
    ),
    Row(
        "PUT",
        "/technicians/{technician_id}",
        "dispatcher",
        path="/technicians/u-tech-9",
        json={"campus_id": "main", "name": "周师傅 Zhou"},
    ),
    Row(
        "PUT",
        "/teams/{team_id}",
        "dispatcher",
        path="/teams/lifts",
        json={"campus_id": "main", "name": "电梯班", "members": ["u-tech-1"]},
    ),
    Row(
        "PUT",
        "/dispatch/rules/{rule_id}",
        "dispatcher",
        path="/dispatch/rules/b04-electrical",
        json={
            "campus_id": "main",
            "category": "electrical",
            "building_id": "B04",
            "team_id": "lifts",
        },
    ),
    Row(
        "PUT",
        "/contractors/{contractor_id}",
        "dispatcher",
        path="/contractors/otis",
        json={"name": "奥的斯电梯", "technician_id": "otis-rep"},
    ),
    Row(
        "PUT",
        "/warranties/{warranty_id}",
        "dispatcher",
        path="/warranties/b04-lifts",
        json={
            "contractor_id": "otis",
            "campus_id": "main",
            "until": "2030-12-31",
            "building_id": "B04",
            "categories": ["electrical"],
        },
    ),
    Row(
        "PUT",
        "/schedules/{schedule_id}",
        "dispatcher",
        path="/schedules/b04-extinguishers",
        json={
            "name": "灭火器月检",
            "location_id": "B04",
            "category": "other",
            "kind": "interval",
            "interval_days": 30,
            "start": "2030-01-01",
        },
    ),
    Row(
        "PUT",
        "/patrol-routes/{route_id}",
        "dispatcher",
        path="/patrol-routes/power-room",
        json=ROUTE,
    ),
    Row(
        "POST",
        "/patrol-routes/{route_id}/runs",
        "technician",
        path="/patrol-routes/power-room/runs",
        json={
            "results": [
                {"checkpoint_id": "c1", "passed": True},
                {"checkpoint_id": "c2", "passed": True},
            ]
        },
    ),
    Row(
        "POST",
        "/devices/{tag}/incidents",
        "dispatcher",
        path="/devices/SMK-B01-101/incidents",
        json={"kind": "false_alarm", "location_id": "B01-101"},
    ),
    # A ticket's whole life, filed by a student on the web.
    Row(
        "POST",
        "/tickets",
        "requester",
        keep={"ticket_id": "id"},
        json={"location_id": "B01-101", "category": "electrical", "description": "灯不亮"},
    ),
    _step("POST", "triage", "dispatcher", {"priority": "high"}),
    _step("POST", "assign", "dispatcher", {"technician_id": "u-tech-1"}),
    _step("POST", "start", "technician"),
    _step("POST", "hold", "technician", {"reason": "parts"}),
    _step("POST", "resume", "technician"),
    Row(
        "POST",
        "/tickets/{ticket_id}/photos",
        "technician",
        files=[("photos", ("lamp.jpg", JPEG, "image/jpeg"))],
    ),
    _step("POST", "resolve", "technician", {"note": "换了灯管"}),
    _step("POST", "reopen", "requester", {"reason": "又不亮了"}),
    _step("POST", "start", "technician"),
    _step("POST", "resolve", "technician", {"note": "换了镇流器"}),
    _step("POST", "close", "requester", {"rating": 5}),
    # A request filed from a QR sticker, followed with its key (no account: the actor says so).
    Row(
        "POST",
        "/qr-codes",
        "dispatcher",
        json={"location_id": "B01-301"},
        keep={"qr_token": "token", "code_id": "code_id"},
    ),
    Row(
        "POST",
        "/public/requests",
        None,
        data=_qr_form,
        actor="anonymous:qr",
        keep={"public_id": "ticket_id", "follow_up": "follow_up_key"},
    ),
    Row(
        "POST",
        "/tickets/{ticket_id}/triage",
        "dispatcher",
        path="/tickets/{public_id}/triage",
        json={},
    ),
    Row(
        "POST",
        "/tickets/{ticket_id}/assign",
        "dispatcher",
        path="/tickets/{public_id}/assign",
        json={"technician_id": "u-tech-1"},
    ),
    Row("POST", "/tickets/{ticket_id}/start", "technician", path="/tickets/{public_id}/start"),
    Row(
        "POST",
        "/tickets/{ticket_id}/resolve",
        "technician",
        path="/tickets/{public_id}/resolve",
        json={},
    ),
    Row(
        "POST",
        "/public/requests/{ticket_id}/reopen",
        None,
        actor="follow-up:{public_id}",
        path="/public/requests/{public_id}/reopen",
        json={"reason": "还是不亮"},
        headers={"X-Follow-Up-Key": "{follow_up}"},
    ),
    Row("POST", "/tickets/{ticket_id}/start", "technician", path="/tickets/{public_id}/start"),
    Row(
        "POST",
        "/tickets/{ticket_id}/resolve",
        "technician",
        path="/tickets/{public_id}/resolve",
        json={},
    ),
    Row(
        "POST",
        "/public/requests/{ticket_id}/close",
        None,
        actor="follow-up:{public_id}",
        path="/public/requests/{public_id}/close",
        json={"rating": 4},
        headers={"X-Follow-Up-Key": "{follow_up}"},
    ),
    Row("POST", "/qr-codes/{code_id}/revoke", "dispatcher"),
)
