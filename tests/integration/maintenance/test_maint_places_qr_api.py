"""Locations import and QR-code filing over HTTP: all-or-nothing, place-bound, rate-limited."""

from __future__ import annotations

import httpx

from tests.integration.maintenance.maint_support import JPEG, auth

CSV_HEADER = "campus_id,campus_name,building_id,building_name,floor,room_id,room_name\n"


async def _import(maint, text: str, role: str = "dispatcher", campus=("main",)):
    return await maint.http.post(
        "/locations/import",
        content=text.encode(),
        headers={**auth(role, campus=campus), "content-type": "text/csv"},
    )


async def test_import_is_idempotent_and_renames(maint):
    r = await _import(maint, CSV_HEADER + "main,,B01,一号楼(新),1,B01-101,\n")
    assert r.status_code == 200
    assert r.json() == {"created": 0, "updated": 1, "unchanged": 3}
    r = await maint.http.get("/locations?building_id=B01&kind=room", headers=auth("requester"))
    assert [loc["id"] for loc in r.json()["items"]] == ["B01-101", "B01-301"]
    r = await maint.http.get("/locations/B01", headers=auth("requester"))
    assert r.json()["name"] == "一号楼(新)"


async def test_import_with_any_bad_row_writes_nothing(maint):
    before = await maint.count("locations")
    text = CSV_HEADER + "main,,B03,,1,B03-101,\nmain,,B03,,two,B03-201,\neast,,B01,,,,\n"
    r = await _import(maint, text)
    assert r.status_code == 422
    body = r.json()
    assert [(e["row"], e["field"]) for e in body["errors"]] == [(3, "floor"), (4, "building_id")]
    assert "nothing was imported" in body["detail"]
    assert await maint.count("locations") == before
    assert await maint.store.get("locations", "B03") is None
    r = await _import(maint, "not,a,location,file\n1,2,3,4\n")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "header"
    r = await maint.http.post(
        "/locations/import",
        content=b"\xff\xfe",
        headers={**auth("dispatcher"), "content-type": "text/csv"},
    )
    assert r.status_code == 422
    r = await maint.http.post("/locations/import", json={"a": 1}, headers=auth("dispatcher"))
    assert r.status_code == 415


async def test_import_outside_scope_forbidden_and_multipart_accepted(maint):
    r = await _import(maint, CSV_HEADER + "east,,E02,,,,\n")
    assert r.status_code == 403
    assert await maint.store.get("locations", "E02") is None
    r = await maint.http.post(
        "/locations/import",
        files={"file": ("rooms.csv", (CSV_HEADER + "main,,B04,,2,B04-201,\n").encode("utf-8-sig"))},
        headers=auth("dispatcher"),
    )
    assert r.status_code == 200 and r.json()["created"] == 3
    assert (
        await _import(maint, CSV_HEADER + "main,,B05,,,,\n", role="requester")
    ).status_code == 403


async def _mint(maint, **body) -> dict:
    r = await maint.http.post("/qr-codes", json=body, headers=auth("dispatcher"))
    assert r.status_code == 201, r.text
    return r.json()


def _form(token: str, **extra) -> dict:
    return {
        "token": token,
        "category": "electrical",
        "description": "灯不亮了",
        "contact_name": "李同学",
        "contact_phone": "13900000000",
        **extra,
    }


async def test_qr_filing_for_that_place_only(maint):
    code = await _mint(maint, location_id="B01-101", label="101教室")
    info = await maint.http.get(f"/public/qr/{code['token']}")
    assert info.status_code == 200 and info.json()["room_id"] == "B01-101"
    assert {"id": "heating", "label": "暖"} in info.json()["categories"]
    r = await maint.http.post(
        "/public/requests",
        data=_form(code["token"]),
        files=[("photos", ("lamp.jpg", JPEG, "image/jpeg"))],
    )
    assert r.status_code == 201, r.text
    filed = r.json()
    doc = await maint.store.get("tickets", filed["ticket_id"])
    assert (
        doc["location_id"] == "B01-101" and doc["channel"] == "qr" and doc["requester_id"] is None
    )
    assert doc["contact"] == {"name": "李同学", "phone": "13900000000"} and len(doc["photos"]) == 1
    # Location fields are refused: the code decides the place.
    r = await maint.http.post("/public/requests", data=_form(code["token"], location_id="B02"))
    assert r.status_code == 422
    # The follow-up key opens that request and nothing else.
    r = await maint.http.get(
        f"/public/requests/{filed['ticket_id']}",
        headers={"X-Follow-Up-Key": filed["follow_up_key"]},
    )
    assert r.status_code == 200 and r.json()["status"] == "opened" and "contact" not in r.json()
    r = await maint.http.get(
        f"/public/requests/{filed['ticket_id']}", headers={"X-Follow-Up-Key": "A" * 22}
    )
    assert r.status_code == 404


async def test_qr_bad_tokens_rate_limit_and_revocation(maint):
    code = await _mint(maint, location_id="B01-301")
    token = code["token"]
    payload, sig = token.split(".")
    forged = payload[:-2] + ("AA" if payload[-2:] != "AA" else "BB") + "." + sig
    for bad in (forged, "x" * 20):
        r = await maint.http.post("/public/requests", data=_form(bad))
        assert r.status_code == 403
    before = await maint.count("tickets")
    for _ in range(3):
        assert (await maint.http.post("/public/requests", data=_form(token))).status_code == 201
    r = await maint.http.post("/public/requests", data=_form(token))
    assert r.status_code == 429 and "this device" in r.json()["detail"]
    assert await maint.count("tickets") == before + 3
    # Another client may still file, up to the per-code limit (5).
    for ip in ("10.0.0.9", "10.0.0.9", "10.0.0.10"):
        transport = httpx.ASGITransport(app=maint.app, client=(ip, 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://maint") as other:
            r = await other.post("/public/requests", data=_form(token))
    assert r.status_code == 429 and "QR code" in r.json()["detail"]
    assert await maint.count("tickets") == before + 5
    # A new window opens again.
    maint.clock.advance(hours=1)
    assert (await maint.http.post("/public/requests", data=_form(token))).status_code == 201
    # Revoked codes stop working.
    r = await maint.http.post(f"/qr-codes/{code['code_id']}/revoke", headers=auth("dispatcher"))
    assert r.status_code == 200
    r = await maint.http.post("/public/requests", data=_form(token))
    assert r.status_code == 403 and "withdrawn" in r.json()["detail"]


async def test_qr_for_an_asset_and_oversize_photo(maint):
    r = await maint.http.put(
        "/assets/PROJ-0042",
        json={"location_id": "B01-301", "name": "投影仪"},
        headers=auth("dispatcher"),
    )
    assert r.status_code == 200
    code = await _mint(maint, asset_tag="PROJ-0042")
    before = (await maint.count("tickets"), await maint.count("rate_counters"))
    r = await maint.http.post(
        "/public/requests",
        data=_form(code["token"]),
        files=[("photos", ("big.jpg", JPEG + b"\x00" * 5000, "image/jpeg"))],
    )
    assert r.status_code == 413
    r = await maint.http.post(
        "/public/requests",
        data=_form(code["token"]),
        files=[("photos", ("x.gif", b"GIF89a" + b"\x00" * 10, "image/gif"))],
    )
    assert r.status_code == 415
    assert (await maint.count("tickets"), await maint.count("rate_counters")) == before
    r = await maint.http.post("/public/requests", data=_form(code["token"]))
    doc = await maint.store.get("tickets", r.json()["ticket_id"])
    assert doc["asset_tag"] == "PROJ-0042" and doc["room_id"] == "B01-301"
    r = await maint.http.post("/qr-codes", json={"location_id": "B99"}, headers=auth("dispatcher"))
    assert r.status_code == 422
    r = await maint.http.post(
        "/qr-codes", json={"location_id": "E01-101"}, headers=auth("dispatcher")
    )
    assert r.status_code == 403


async def test_minted_url_opens_the_console_form(maint):
    code = await _mint(maint, location_id="B01-101")
    assert code["url"] == f"http://127.0.0.1:8106/qr/{code['token']}"


async def _resolved_via_qr(maint) -> tuple[str, str]:
    code = await _mint(maint, location_id="B02-201")
    filed = (await maint.http.post("/public/requests", data=_form(code["token"]))).json()
    tid = filed["ticket_id"]
    for action, role, body in (
        ("triage", "dispatcher", {}),
        ("assign", "dispatcher", {"technician_id": "tech-1"}),
        ("start", "technician", {}),
        ("resolve", "technician", {}),
    ):
        sub = "tech-1" if role == "technician" else None
        assert (await maint.act(tid, action, role, sub, **body)).status_code == 200
    return tid, filed["follow_up_key"]


async def test_follow_up_key_travels_in_the_header_on_close_and_reopen(maint):
    tid, key = await _resolved_via_qr(maint)
    url = f"/public/requests/{tid}"
    # The key in the body is no longer a field; a wrong or missing key opens nothing.
    r = await maint.http.post(f"{url}/reopen", json={"reason": "还在闪", "key": key})
    assert r.status_code == 422
    r = await maint.http.post(
        f"{url}/reopen", json={"reason": "还在闪"}, headers={"X-Follow-Up-Key": "B" * 22}
    )
    assert r.status_code == 404
    r = await maint.http.post(f"{url}/close", json={"rating": 4})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "X-Follow-Up-Key"
    r = await maint.http.post(
        f"{url}/reopen", json={"reason": "还在闪"}, headers={"X-Follow-Up-Key": key}
    )
    assert r.status_code == 200 and r.json()["status"] == "reopened"
    await maint.act(tid, "start", "technician", "tech-1")
    await maint.act(tid, "resolve", "technician", "tech-1")
    r = await maint.http.post(
        f"{url}/close", json={"rating": 4, "comment": "好了"}, headers={"X-Follow-Up-Key": key}
    )
    assert r.status_code == 200 and r.json()["status"] == "closed" and r.json()["rating"] == 4
    closed = [e for e in await maint.events() if e["type"] == "maintenance.ticket.closed.v1"]
    assert closed[-1]["actor"] == f"follow-up:{tid}"
