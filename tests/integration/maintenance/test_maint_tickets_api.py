"""Work orders over HTTP on a SQLite store: filing, transitions, permissions, bad input."""

from __future__ import annotations

from tests.integration.maintenance.maint_support import JPEG, auth, harness


async def test_web_request_through_rated_close(maint):
    t = await maint.file()
    tid = t["id"]
    assert t["status"] == "opened" and t["requester_id"] == "stu-1"
    assert t["building_id"] == "B01" and t["floor"] == 3 and t["campus_id"] == "main"
    assert (await maint.act(tid, "triage", priority="high")).status_code == 200
    r = await maint.act(tid, "assign", technician_id="tech-1")
    assert r.status_code == 200 and r.json()["assignee_id"] == "tech-1"
    assert (await maint.act(tid, "start", "technician", "tech-1")).status_code == 200
    r = await maint.act(tid, "hold", "technician", "tech-1", reason="parts", note="阀门")
    assert r.json()["status"] == "on_hold"
    assert (await maint.act(tid, "resume", "technician", "tech-1")).status_code == 200
    assert (
        await maint.act(tid, "resolve", "technician", "tech-1", note="换阀门")
    ).status_code == 200
    r = await maint.act(tid, "close", "requester", "stu-1", rating=4, comment="快")
    assert r.status_code == 200 and r.json()["status"] == "closed" and r.json()["rating"] == 4
    types = [e["type"] for e in await maint.events("maintenance.ticket.")]
    assert types == [
        "maintenance.ticket.opened.v1",
        "maintenance.ticket.triaged.v1",
        "maintenance.ticket.assigned.v1",
        "maintenance.ticket.started.v1",
        "maintenance.ticket.put_on_hold.v1",
        "maintenance.ticket.resumed.v1",
        "maintenance.ticket.resolved.v1",
        "maintenance.ticket.closed.v1",
    ]
    closed = (await maint.events())[-1]
    assert closed["data"]["rating"] == 4 and closed["actor"] == "stu-1"
    assert closed["subject"] == tid


async def test_illegal_transition_is_409_with_reason_and_writes_nothing(maint):
    tid = (await maint.file())["id"]
    before = await maint.count("outbox")
    r = await maint.act(tid, "resolve", "dispatcher")
    assert r.status_code == 409
    assert "it is opened" in r.json()["detail"]
    r = await maint.act(tid, "close", "requester", "stu-1", rating=5)
    assert r.status_code == 409
    assert await maint.count("outbox") == before
    doc = await maint.store.get("tickets", tid)
    assert doc["status"] == "opened" and doc["_v"] == 1


async def test_bad_input_is_4xx_with_the_field_and_nothing_written(maint):
    before = (await maint.count("tickets"), await maint.count("outbox"))
    r = await maint.http.post(
        "/tickets",
        json={"location_id": "B99-999", "category": "plumbing", "description": "漏水了"},
        headers=auth("requester", "stu-1"),
    )
    assert r.status_code == 422 and r.json()["field"] == "location_id"
    assert "unknown location" in r.json()["detail"]
    r = await maint.http.post(
        "/tickets",
        json={"location_id": "B01", "category": "gardening", "description": "x"},
        headers=auth("requester", "stu-1"),
    )
    assert r.status_code == 422
    assert {f["field"] for f in r.json()["errors"]} == {"category", "description"}
    r = await maint.http.post(
        "/tickets",
        json={"location_id": "main", "category": "civil", "description": "整个校区"},
        headers=auth("requester", "stu-1"),
    )
    assert r.status_code == 422  # a campus is too vague to repair
    assert (await maint.count("tickets"), await maint.count("outbox")) == before
    # Rating out of range.
    tid = (await maint.file())["id"]
    await maint.act(tid, "triage")
    await maint.act(tid, "assign", technician_id="tech-1")
    await maint.act(tid, "start", "technician", "tech-1")
    await maint.act(tid, "resolve", "technician", "tech-1")
    before = await maint.count("outbox")
    for bad in (0, 6, "5", 4.5):
        r = await maint.act(tid, "close", "requester", "stu-1", rating=bad)
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "rating", r.text
    assert await maint.count("outbox") == before
    assert (await maint.store.get("tickets", tid))["status"] == "resolved"


async def test_permissions_requester_technician_dispatcher(maint):
    mine = (await maint.file(sub="stu-1"))["id"]
    theirs = (await maint.file(sub="stu-2", location_id="B02-201"))["id"]
    east = (await maint.file(sub="stu-3", location_id="E01-101"))["id"]
    r = await maint.http.get("/tickets", headers=auth("requester", "stu-1"))
    assert [t["id"] for t in r.json()["items"]] == [mine]
    assert (
        await maint.http.get(f"/tickets/{theirs}", headers=auth("requester", "stu-1"))
    ).status_code == 404
    # Dispatcher of main sees main's orders only, and cannot act on east's.
    r = await maint.http.get("/tickets", headers=auth("dispatcher"))
    assert {t["id"] for t in r.json()["items"]} == {mine, theirs}
    assert (await maint.act(east, "triage")).status_code == 404
    r = await maint.http.get("/tickets?campus_id=east", headers=auth("dispatcher"))
    assert r.json()["items"] == []
    # Technician sees own assignments only and cannot triage.
    await maint.act(mine, "triage")
    await maint.act(mine, "assign", technician_id="tech-1")
    r = await maint.http.get("/tickets", headers=auth("technician", "tech-1"))
    assert [t["id"] for t in r.json()["items"]] == [mine]
    assert (await maint.act(theirs, "triage", "technician", "tech-1")).status_code == 403
    assert (await maint.act(mine, "start", "technician", "tech-2")).status_code == 404
    # Only the requester rates.
    await maint.act(mine, "start", "technician", "tech-1")
    await maint.act(mine, "resolve", "technician", "tech-1")
    r = await maint.act(mine, "close", "dispatcher", rating=5)
    assert r.status_code == 403
    # Requesters do not see contact details of others, nor set priorities.
    r = await maint.http.post(
        "/tickets",
        json={
            "location_id": "B01-101",
            "category": "civil",
            "description": "门坏了",
            "priority": "emergency",
        },
        headers=auth("requester", "stu-1"),
    )
    assert r.status_code == 403


async def test_phone_request_by_dispatcher_needs_contact(maint):
    body = {
        "location_id": "B02-201",
        "category": "heating",
        "description": "暖气不热",
        "channel": "phone",
        "priority": "urgent",
    }
    r = await maint.http.post("/tickets", json=body, headers=auth("dispatcher", "disp-1"))
    assert r.status_code == 422 and r.json()["field"] == "contact"
    body["contact"] = {"name": "张老师", "phone": "13800138000"}
    r = await maint.http.post("/tickets", json=body, headers=auth("dispatcher", "disp-1"))
    assert r.status_code == 201
    t = r.json()
    assert t["channel"] == "phone" and t["priority"] == "urgent" and t["requester_id"] is None
    assert t["contact"]["phone"] == "13800138000"
    r = await maint.http.get(
        f"/public/requests/{t['id']}", headers={"X-Follow-Up-Key": t["follow_up_key"]}
    )
    assert r.status_code == 200 and r.json()["status"] == "opened"
    r = await maint.http.post("/tickets", json=body, headers=auth("requester", "stu-1"))
    assert r.status_code == 403


async def test_list_filters_sort_and_pages(maint):
    ids = []
    for i in range(5):
        maint.clock.advance(minutes=1)
        ids.append((await maint.file(location_id="B01-101" if i % 2 else "B02-201"))["id"])
    h = auth("dispatcher")
    r = await maint.http.get("/tickets?building_id=B01&status=opened&limit=1", headers=h)
    page1 = r.json()
    assert [t["id"] for t in page1["items"]] == [ids[3]]
    r = await maint.http.get(
        f"/tickets?building_id=B01&status=opened&limit=1&cursor={page1['next_cursor']}", headers=h
    )
    assert [t["id"] for t in r.json()["items"]] == [ids[1]] and r.json()["next_cursor"] is None
    r = await maint.http.get("/tickets?sort=created_at&limit=50", headers=h)
    assert [t["id"] for t in r.json()["items"]] == ids
    r = await maint.http.get("/tickets?cursor=garbage", headers=h)
    assert r.status_code == 400


async def test_photos_size_type_and_count(maint):
    tid = (await maint.file())["id"]
    h = auth("requester", "stu-1")
    files = [("photos", ("a.jpg", JPEG, "image/jpeg"))]
    r = await maint.http.post(f"/tickets/{tid}/photos", files=files, headers=h)
    assert r.status_code == 201, r.text
    photo = r.json()["photos"][0]
    got = await maint.http.get(photo["url"], headers=h)
    assert got.status_code == 200 and got.content == JPEG
    assert got.headers["content-type"] == "image/jpeg"
    # Claims to be a JPEG, is a PDF: refused by its bytes.
    r = await maint.http.post(
        f"/tickets/{tid}/photos",
        files=[("photos", ("x.jpg", b"%PDF-1.4 xx", "image/jpeg"))],
        headers=h,
    )
    assert r.status_code == 415 and r.json()["field"] == "photos.0"
    big = JPEG + b"\x00" * 5000
    r = await maint.http.post(
        f"/tickets/{tid}/photos", files=[("photos", ("b.jpg", big, "image/jpeg"))], headers=h
    )
    assert r.status_code == 413
    r = await maint.http.post(
        f"/tickets/{tid}/photos",
        files=[("photos", (f"{i}.jpg", JPEG, "image/jpeg")) for i in range(3)],
        headers=h,
    )
    assert r.status_code == 422  # 1 stored + 3 > 3 per ticket
    doc = await maint.store.get("tickets", tid)
    assert len(doc["photos"]) == 1
    r = await maint.http.post(f"/tickets/{tid}/photos", json={"x": 1}, headers=h)
    assert r.status_code == 415
    other = auth("requester", "stu-9")
    assert (await maint.http.get(photo["url"], headers=other)).status_code == 404


async def test_nul_byte_in_a_description_is_422_and_writes_nothing(maint):
    before = (await maint.count("tickets"), await maint.count("outbox"))
    r = await maint.http.post(
        "/tickets",
        json={"location_id": "B01-101", "category": "civil", "description": "门坏了\x00"},
        headers=auth("requester", "stu-1"),
    )
    assert r.status_code == 422
    assert [e["field"] for e in r.json()["errors"]] == ["description"]
    assert (await maint.count("tickets"), await maint.count("outbox")) == before


async def test_phone_request_history_names_the_dispatcher_who_entered_it(maint):
    body = {
        "location_id": "B02-201",
        "category": "heating",
        "description": "暖气不热",
        "channel": "phone",
        "contact": {"name": "张老师", "phone": "13800138000"},
    }
    r = await maint.http.post("/tickets", json=body, headers=auth("dispatcher", "disp-1"))
    assert r.status_code == 201, r.text
    opened = r.json()["history"][0]
    assert opened["action"] == "opened" and opened["by"] == "disp-1"
    # A web request is filed by its requester.
    web = await maint.file(sub="stu-1")
    assert web["history"][0]["by"] == "stu-1"


async def test_photo_uploads_may_exceed_the_default_body_limit(tmp_path):
    # Two 600 kB photos (1.2 MB) are over the 1 MiB default body limit but within the caps.
    async with harness(tmp_path, photo_max_bytes=700_000, photos_per_ticket=2) as h:
        await h.seed_locations()
        tid = (await h.file())["id"]
        photo = JPEG + b"\x00" * 600_000
        files = [("photos", (f"{i}.jpg", photo, "image/jpeg")) for i in range(2)]
        r = await h.http.post(
            f"/tickets/{tid}/photos", files=files, headers=auth("requester", "stu-1")
        )
        assert r.status_code == 201, r.text
        assert len(r.json()["photos"]) == 2
