"""Locations import and QR-code filing over HTTP: all-or-nothing, place-bound, rate-limited."""

from __future__ import annotations

import httpx

from shared.store import Query
from tests.integration.maintenance.maint_support import JPEG, auth, harness

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


async def test_a_scanned_code_names_the_building_floor_room_and_asset(maint):
    code = await _mint(maint, location_id="B01-301")
    place = (await maint.http.get(f"/public/qr/{code['token']}")).json()
    assert (place["building_id"], place["building_name"]) == ("B01", "一号教学楼")
    assert (place["floor"], place["floor_name"]) == (3, "3F")
    assert (place["room_id"], place["room_name"]) == ("B01-301", "实验室")
    assert place["asset_tag"] is None and place["asset_name"] is None
    await maint.http.put(
        "/assets/PROJ-0042",
        json={"location_id": "B01-301", "name": "投影仪"},
        headers=auth("dispatcher"),
    )
    asset = await _mint(maint, asset_tag="PROJ-0042")
    place = (await maint.http.get(f"/public/qr/{asset['token']}")).json()
    assert (place["asset_tag"], place["asset_name"]) == ("PROJ-0042", "投影仪")
    assert place["room_name"] == "实验室" and place["building_name"] == "一号教学楼"
    building = await _mint(maint, location_id="B02")
    place = (await maint.http.get(f"/public/qr/{building['token']}")).json()
    assert place["building_name"] == "学生公寓2号楼" and place["room_name"] is None


async def test_the_qr_contact_is_optional_but_never_half_given(maint):
    code = await _mint(maint, location_id="B01-101")
    bare = {"token": code["token"], "category": "civil", "description": "门锁坏了"}
    before = (await maint.count("tickets"), await maint.count("rate_counters"))
    for extra, field in (
        ({"contact_name": "李同学"}, "contact_phone"),
        ({"contact_phone": "13900000000"}, "contact_name"),
        ({"contact_email": "li@example.edu.cn"}, "contact_name"),
    ):
        r = await maint.http.post("/public/requests", data={**bare, **extra})
        assert r.status_code == 422 and r.json()["field"] == field, r.text
    assert (await maint.count("tickets"), await maint.count("rate_counters")) == before
    # Without a contact (empty inputs of a form are not given): followed by its key only.
    r = await maint.http.post(
        "/public/requests", data={**bare, "contact_name": "", "contact_phone": " "}
    )
    assert r.status_code == 201, r.text
    filed = r.json()
    assert (await maint.store.get("tickets", filed["ticket_id"]))["contact"] is None
    follow = await maint.http.get(
        f"/public/requests/{filed['ticket_id']}",
        headers={"X-Follow-Up-Key": filed["follow_up_key"]},
    )
    assert follow.status_code == 200 and follow.json()["status"] == "opened"
    r = await maint.http.post(
        "/public/requests",
        data={**_form(code["token"]), "contact_email": "li@example.edu.cn"},
    )
    assert r.status_code == 201
    opened = [e for e in await maint.events() if e["type"] == "maintenance.ticket.opened.v1"]
    assert opened[-2]["data"]["contact"] is None
    assert opened[-1]["data"]["contact"] == {
        "name": "李同学",
        "phone": "13900000000",
        "email": "li@example.edu.cn",
    }


async def _ips_counted(maint, code_id: str) -> set[str]:
    page = await maint.store.find("rate_counters", Query({}))
    prefix = f"qr:{code_id}:ip:"
    return {
        d["_id"][len(prefix) :].rsplit(":", 1)[0] for d in page.items if d["_id"].startswith(prefix)
    }


async def _file_from(app, token: str, peer: str, forwarded: str | None) -> int:
    transport = httpx.ASGITransport(app=app, client=(peer, 40000))
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    async with httpx.AsyncClient(transport=transport, base_url="http://maint") as http:
        r = await http.post("/public/requests", data=_form(token), headers=headers)
    return r.status_code


async def test_x_forwarded_for_counts_only_from_a_trusted_proxy(tmp_path):
    async with harness(tmp_path, trust_forwarded_for=["127.0.0.1"], qr_limit_per_code=30) as h:
        await h.seed_locations()
        code = await _mint(h, location_id="B01-101")
        token, code_id = code["token"], code["code_id"]
        # The console (trusted) names each person; every one has their own allowance.
        for person in ("198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4"):
            assert await _file_from(h.app, token, "127.0.0.1", person) == 201
        # A proxy that appends: whatever the client wrote to the left is not believed.
        assert await _file_from(h.app, token, "127.0.0.1", "10.9.9.9, 203.0.113.7") == 201
        # Anyone else naming an address is counted by their own.
        for forged in ("198.51.100.10", "198.51.100.11", "198.51.100.12"):
            assert await _file_from(h.app, token, "192.0.2.50", forged) == 201
        assert await _file_from(h.app, token, "192.0.2.50", "198.51.100.13") == 429
        counted = await _ips_counted(h, code_id)
        assert counted == {
            "198.51.100.1",
            "198.51.100.2",
            "198.51.100.3",
            "198.51.100.4",
            "203.0.113.7",
            "192.0.2.50",
        }


async def test_no_proxy_is_trusted_unless_named(maint):
    code = await _mint(maint, location_id="B01-101")
    for person in ("198.51.100.1", "198.51.100.2", "198.51.100.3"):
        assert await _file_from(maint.app, code["token"], "127.0.0.1", person) == 201
    assert await _file_from(maint.app, code["token"], "127.0.0.1", "198.51.100.4") == 429
    assert await _ips_counted(maint, code["code_id"]) == {"127.0.0.1"}
