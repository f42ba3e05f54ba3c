"""The technician register over HTTP: names dispatchers assign by, every change an event, and
nobody away given an order by name, team or rule."""

from __future__ import annotations

from tests.integration.maintenance.maint_support import auth

D = auth("dispatcher", "disp-1")


async def _put(maint, tech_id: str, headers=D, **body) -> object:
    payload = {"campus_id": "main", "name": "李师傅", "active": True, **body}
    return await maint.http.put(f"/technicians/{tech_id}", json=payload, headers=headers)


async def _technician_events(maint) -> list[dict]:
    return await maint.events("maintenance.technician.")


async def test_every_change_of_the_register_is_an_event_and_a_repeat_is_none(maint):
    r = await _put(maint, "u-tech-1", name="李师傅 Li")
    assert r.status_code == 200, r.text
    assert r.json() == {"id": "u-tech-1", "campus_id": "main", "name": "李师傅 Li", "active": True}
    assert (await _put(maint, "u-tech-1", name="李师傅 Li")).status_code == 200  # the same again
    await _put(maint, "u-tech-1", name="李师傅 Li", active=False)
    await _put(maint, "u-tech-1", name="李建国", active=False)
    events = await _technician_events(maint)
    assert [(e["type"].split(".")[2], e["data"].get("changed")) for e in events] == [
        ("registered", None),
        ("changed", ["active"]),
        ("changed", ["name"]),
    ]
    assert {e["actor"] for e in events} == {"disp-1"} and {e["subject"] for e in events} == {
        "u-tech-1"
    }
    assert events[-1]["data"] == {
        "technician_id": "u-tech-1",
        "campus_id": "main",
        "name": "李建国",
        "active": False,
        "changed": ["name"],
    }
    one = await maint.http.get("/technicians/u-tech-1", headers=D)
    assert one.json()["name"] == "李建国" and one.json()["active"] is False
    assert (await maint.http.get("/technicians/nobody", headers=D)).status_code == 404


async def test_only_the_campus_dispatchers_keep_its_register(maint):
    assert (await _put(maint, "u-tech-1")).status_code == 200
    east = auth("dispatcher", "disp-east", campus=("east",))
    assert (await _put(maint, "u-tech-1", headers=east, campus_id="east")).status_code == 403
    assert (await _put(maint, "u-tech-1", campus_id="east")).status_code == 403  # not east's
    both = auth("dispatcher", "disp-2", campus=("main", "east"))
    moved = await _put(maint, "u-tech-1", headers=both, campus_id="east")
    assert moved.status_code == 200 and moved.json()["campus_id"] == "east"
    assert (await _put(maint, "u-tech-9", headers=auth("requester"))).status_code == 403
    r = await maint.http.get("/technicians?campus_id=main", headers=east)
    assert r.status_code == 403
    before = len(await _technician_events(maint))
    for bad in ({"name": ""}, {"name": "李\x00"}, {"campus_id": "m a i n"}, {"extra": 1}):
        assert (await _put(maint, "u-tech-5", **bad)).status_code == 422, bad
    assert len(await _technician_events(maint)) == before


async def test_the_roster_names_each_technician_with_teams_and_open_orders(maint):
    await _put(maint, "u-tech-1", name="李师傅")
    await _put(maint, "u-tech-3", name="王师傅")
    r = await maint.http.put(
        "/teams/water",
        json={"campus_id": "main", "name": "水暖班", "members": ["u-tech-1", "u-tech-2"]},
        headers=D,
    )
    assert r.status_code == 200
    tid = (await maint.file())["id"]
    await maint.act(tid, "triage")
    await maint.act(tid, "assign", technician_id="u-tech-1")
    r = await maint.http.get("/technicians?campus_id=main", headers=D)
    assert r.status_code == 200, r.text
    rows = [
        (t["id"], t["name"], t["registered"], [x["id"] for x in t["teams"]], t["open_orders"])
        for t in r.json()["items"]
    ]
    assert rows == [
        ("u-tech-1", "李师傅", True, ["water"], 1),
        ("u-tech-3", "王师傅", True, [], 0),
        ("u-tech-2", None, False, ["water"], 0),  # a member nobody named yet: shown, unnamed
    ]


async def test_nobody_away_gets_an_order_by_name_team_or_rule(maint):
    await maint.http.put(
        "/teams/water",
        json={"campus_id": "main", "name": "水暖班", "members": ["u-tech-1", "u-tech-2"]},
        headers=D,
    )
    await _put(maint, "u-tech-1", name="李师傅", active=False)  # on leave
    tid = (await maint.file())["id"]
    await maint.act(tid, "triage")
    r = await maint.act(tid, "assign", technician_id="u-tech-1")
    assert r.status_code == 422 and r.json()["field"] == "technician_id"
    assert "not taking work" in r.json()["detail"]
    # The team's least-loaded member would be u-tech-1 (id order on a tie): u-tech-2 gets it.
    r = await maint.act(tid, "assign", team_id="water")
    assert r.status_code == 200 and r.json()["assignee_id"] == "u-tech-2"
    await _put(maint, "u-tech-2", name="张师傅", active=False)
    other = (await maint.file())["id"]
    await maint.act(other, "triage")
    r = await maint.act(other, "assign", team_id="water")
    assert r.status_code == 409 and "away" in r.json()["detail"]
    await maint.http.put(
        "/dispatch/rules/plumbing-main",
        json={"campus_id": "main", "category": "plumbing", "technician_id": "u-tech-1"},
        headers=D,
    )
    r = await maint.act(other, "assign")
    assert r.status_code == 409 and "u-tech-1" in r.json()["detail"]
    # Back from leave: named again.
    await _put(maint, "u-tech-1", name="李师傅", active=True)
    assert (await maint.act(other, "assign")).json()["assignee_id"] == "u-tech-1"
    # Someone not on the register can still be named (a register is adopted step by step).
    third = (await maint.file())["id"]
    await maint.act(third, "triage")
    assert (await maint.act(third, "assign", technician_id="tech-x")).status_code == 200
