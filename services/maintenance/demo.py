"""Demo data through the service's own HTTP API: a morning at the main campus's repair desk.

Idempotent: places and configuration are upserts that change nothing the second time, and the
day's requests are filed only while the campus has no work orders yet.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx

LOCATIONS = """campus_id,campus_name,building_id,building_name,floor,room_id,room_name
main,主校区,B01,第一教学楼,1,B01-101,101阶梯教室
main,主校区,B01,第一教学楼,3,B01-301,化学实验室
main,主校区,B02,学生公寓2号楼,2,B02-201,201宿舍
main,主校区,B02,学生公寓2号楼,2,B02-202,202宿舍
main,主校区,B03,新图书馆,1,B03-101,总服务台
main,主校区,B03,新图书馆,4,B03-401,自习室
"""


def _ok(response: httpx.Response) -> dict:
    if response.status_code >= 400:
        raise RuntimeError(
            f"{response.request.method} {response.request.url.path}: "
            f"{response.status_code} {response.text}"
        )
    return response.json()


async def seed(http: httpx.AsyncClient, token_for: Callable[[str], str]) -> None:
    """The whole demo: the reference data, then the morning's requests."""
    await seed_reference(http, token_for)
    await seed_day(http, token_for)


async def seed_reference(http: httpx.AsyncClient, token_for: Callable[[str], str]) -> None:
    """Load places, the technician register, teams, rules, a contractor under warranty, patrols
    and schedules."""
    admin = {"Authorization": f"Bearer {token_for('logistics_admin')}"}
    disp = {"Authorization": f"Bearer {token_for('dispatcher')}"}
    _ok(
        await http.post(
            "/locations/import",
            content=LOCATIONS.encode(),
            headers={**admin, "content-type": "text/csv"},
        )
    )
    for tech_id, name in (("u-tech-1", "李师傅 Li"), ("u-tech-2", "张师傅 Zhang")):
        # The register names the demo people of `campus up` (deploy/demo/people.json).
        body = {"campus_id": "main", "name": name, "active": True}
        _ok(await http.put(f"/technicians/{tech_id}", json=body, headers=disp))
    for team_id, name, members in (
        # The technicians are the demo people of `campus up` (their tokens see their work).
        ("water", "水暖班", ["u-tech-2"]),
        ("power", "电工班", ["u-tech-1"]),
        ("civil", "土建班", ["u-tech-2", "u-tech-1"]),
    ):
        body = {"campus_id": "main", "name": name, "members": members}
        _ok(await http.put(f"/teams/{team_id}", json=body, headers=disp))
    for category, team in (
        ("plumbing", "water"),
        ("heating", "water"),
        ("electrical", "power"),
        ("network", "power"),
        ("civil", "civil"),
        ("furniture", "civil"),
        ("other", "civil"),
    ):
        body = {"campus_id": "main", "category": category, "team_id": team}
        _ok(await http.put(f"/dispatch/rules/main-{category}", json=body, headers=disp))
    contractor = {
        "name": "建安建设工程有限公司",
        "technician_id": "jianan-site-rep",
        "response": {"amount": 24, "unit": "business_hours"},
        "escalate_to": "warranty-manager",
    }
    _ok(await http.put("/contractors/jianan", json=contractor, headers=disp))
    warranty = {
        "contractor_id": "jianan",
        "campus_id": "main",
        "until": "2027-08-31",
        "building_id": "B03",
    }
    _ok(await http.put("/warranties/b03-new-library", json=warranty, headers=disp))
    route = {
        "name": "夜间路灯与消防巡查",
        "campus_id": "main",
        "checkpoints": [
            {
                "id": "lamp-b01",
                "name": "第一教学楼路灯",
                "location_id": "B01",
                "category": "electrical",
                "checklist": ["灯亮", "灯杆完好"],
            },
            {
                "id": "smoke-b01-301",
                "name": "化学实验室烟感",
                "location_id": "B01-301",
                "category": "electrical",
                "device_tag": "SMK-B01-301",
                "priority": "high",
            },
            {
                "id": "ditch-b02",
                "name": "2号楼地沟管道",
                "location_id": "B02",
                "category": "plumbing",
                "checklist": ["无积水", "无渗漏"],
            },
        ],
    }
    _ok(await http.put("/patrol-routes/night-round", json=route, headers=disp))
    for schedule_id, body in (
        (
            "extinguishers-b01",
            {
                "name": "灭火器年检",
                "location_id": "B01",
                "category": "other",
                "kind": "yearly",
                "dates": ["05-01"],
                "start": "2026-01-01",
                "lead_days": 14,
                "description": "检查第一教学楼全部灭火器压力与有效期",
            },
        ),
        (
            "heating-b02",
            {
                "name": "入冬前暖气管道排查",
                "location_id": "B02",
                "category": "heating",
                "kind": "yearly",
                "dates": ["10-15"],
                "start": "2026-01-01",
                "lead_days": 30,
                "priority": "high",
            },
        ),
    ):
        _ok(await http.put(f"/schedules/{schedule_id}", json=body, headers=disp))


async def seed_day(http: httpx.AsyncClient, token_for: Callable[[str], str]) -> None:
    """The morning's requests, filed once: while the demo student has none."""
    disp = {"Authorization": f"Bearer {token_for('dispatcher')}"}
    # The morning's first request is the demo student's: if it is there, the morning happened.
    # (Orders opened from other services' demo events may already exist: they do not count.)
    student = {"Authorization": f"Bearer {token_for('requester')}"}
    existing = _ok(await http.get("/tickets", params={"limit": 1}, headers=student))
    if existing["items"]:
        return
    await _the_morning(http, token_for, disp)


async def _the_morning(
    http: httpx.AsyncClient, token_for: Callable[[str], str], disp: dict[str, str]
) -> None:
    student = {"Authorization": f"Bearer {token_for('requester')}"}
    tap = _ok(
        await http.post(
            "/tickets",
            json={
                "location_id": "B02-201",
                "category": "plumbing",
                "description": "宿舍卫生间水龙头一直滴水",
            },
            headers=student,
        )
    )
    _ok(await http.post(f"/tickets/{tap['id']}/triage", json={"priority": "high"}, headers=disp))
    _ok(await http.post(f"/tickets/{tap['id']}/assign", json={}, headers=disp))
    call = _ok(
        await http.post(
            "/tickets",
            json={
                "location_id": "B01-101",
                "category": "heating",
                "description": "阶梯教室暖气不热，上课很冷",
                "channel": "phone",
                "priority": "urgent",
                "contact": {"name": "刘老师", "phone": "13800000001"},
            },
            headers=disp,
        )
    )
    _ok(await http.post(f"/tickets/{call['id']}/triage", json={}, headers=disp))
    code = _ok(
        await http.post(
            "/qr-codes", json={"location_id": "B03-401", "label": "新图书馆自习室"}, headers=disp
        )
    )
    filed = _ok(
        await http.post(
            "/public/requests",
            data={
                "token": code["token"],
                "category": "electrical",
                "description": "自习室插座没电",
                "contact_name": "周同学",
                "contact_phone": "13900000002",
            },
        )
    )
    new_library = filed["ticket_id"]
    _ok(await http.post(f"/tickets/{new_library}/triage", json={}, headers=disp))
    # B03 is under the builder's warranty: automatic dispatch routes it to the contractor.
    _ok(await http.post(f"/tickets/{new_library}/assign", json={}, headers=disp))
