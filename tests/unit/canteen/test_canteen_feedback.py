"""Diner feedback and the weekly satisfaction index: a week gives the README's figure."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from prometheus_client import generate_latest

from services.canteen.domain.satisfaction import SatisfactionWeek
from services.canteen.handlers.jobs import weekly_satisfaction
from services.canteen.main import build
from services.canteen.settings import CanteenSettings
from tests.harness import routes_client
from tests.unit.canteen.food_support import NORTH_MANAGER, events
from tests.unit.canteen.menu_support import dishes
from tests.unit.canteen.support import AUDITOR, STAFF, token

DINER = token("u-student-1", "requester")
LUNCH = "2025-03-03.lunch"


def rating(n: int, stars: int, **kw) -> dict:
    return {"rating_id": f"r-{n}", "meal_id": LUNCH, "stars": stars, **kw}


def test_the_index_formula_as_written_in_the_readme():
    week = SatisfactionWeek.compute(
        "north",
        "2025-W10",
        stars=[5, 4, 3],
        complaints=[],
        answer_hours=48,
        at=datetime(2025, 3, 12),
        final=False,
    )
    # 60 × (4 − 1) / 4 + 20 × (1 − 0 / 3) + 20 × 1 = 45 + 20 + 20
    assert week.index == Decimal("85.0") and week.mean_stars == Decimal("4.00")
    none = SatisfactionWeek.compute(
        "north",
        "2025-W10",
        stars=[],
        complaints=[],
        answer_hours=48,
        at=datetime(2025, 3, 12),
        final=False,
    )
    assert none.index is None


async def test_a_week_of_feedback_gives_the_documented_index_and_a_repeat_counts_once(
    client, clock
):
    await dishes(client)
    stars = [5, 4, 4, 3, 5, 2, 4, 5]  # 32 / 8 = 4.00
    for n, s in enumerate(stars):
        r = await client.post("/public/canteens/north/ratings", json=rating(n, s))
        assert r.status_code == 201, r.text
    # The same rating delivered again (a retried request) is answered and counted once.
    again = await client.post("/public/canteens/north/ratings", json=rating(0, 5))
    assert again.status_code == 200 and again.json()["rating_id"] == "r-0"
    signed = await client.post(
        "/canteens/north/ratings", json=rating(0, 1, dish_id="mifan"), headers=DINER
    )
    assert signed.status_code == 200 and signed.json()["stars"] == 5
    assert len(await events(client, "canteen.feedback.received.v1")) == 8
    for n, category in ((1, "foreign_object"), (2, "taste")):
        body = {
            "complaint_id": f"c-{n}",
            "category": category,
            "text": "菜里有头发",
            "meal_id": LUNCH,
            "contact": "138 0000 0000",
        }
        r = await client.post("/public/canteens/north/complaints", json=body)
        assert r.status_code == 201 and r.json()["contact"] is None, r.text
    clock.advance(hours=3)
    r = await client.post(
        "/canteens/north/complaints/c-1/answer", json={"answer": "已处理"}, headers=NORTH_MANAGER
    )
    assert r.status_code == 200 and r.json()["status"] == "answered", r.text
    clock.advance(hours=47)  # 50 h after it came: answered late
    r = await client.post(
        "/canteens/north/complaints/c-2/answer", json={"answer": "已改进"}, headers=NORTH_MANAGER
    )
    assert r.status_code == 200
    r = await client.post(
        "/canteens/north/complaints/c-2/answer", json={"answer": "again"}, headers=NORTH_MANAGER
    )
    assert r.status_code == 409
    answered = await events(client, "canteen.complaint.answered.v1")
    assert [a["data"]["answer_hours"] for a in answered] == ["3.0", "50.0"]
    listed = (
        await client.get("/canteens/north/complaints?status=answered", headers=NORTH_MANAGER)
    ).json()
    assert {c["complaint_id"] for c in listed} == {"c-1", "c-2"}
    assert listed[0]["contact"] == "138 0000 0000"
    # Not computed while the week (and its answer time) runs ...
    runtime = client.runtime
    assert await weekly_satisfaction(runtime.uow, runtime.context) == 0
    clock.advance(days=7)  # 12 March: the week ended and 48 h passed
    assert await weekly_satisfaction(runtime.uow, runtime.context) == 1
    assert await weekly_satisfaction(runtime.uow, runtime.context) == 0  # once
    [told] = await events(client, "canteen.satisfaction.computed.v1")
    # 60 × (4.00 − 1) / 4 + 20 × (1 − 2 / 10) + 20 × 1 / 2 = 45 + 16 + 10
    assert told["data"]["index"] == "71.0" and told["data"]["ratings"] == 8
    assert told["data"]["answered_in_time"] == 1 and told["data"]["median_answer_hours"] == "26.5"
    trend = (await client.get("/canteens/north/satisfaction?weeks=2", headers=STAFF)).json()
    assert [(w["week"], w["index"], w["final"]) for w in trend] == [
        ("2025-W10", "71.0", True),
        ("2025-W11", None, False),
    ]
    metrics = generate_latest(runtime.metrics.registry).decode()
    assert 'campus_canteen_satisfaction_index{canteen="north",week="2025-W10"} 71.0' in metrics


async def test_bad_feedback_is_422_and_changes_nothing(client):
    await dishes(client)
    bad = [
        rating(1, 0),
        rating(1, 6),
        rating(1, 5, meal_id="tomorrow"),
        rating(1, 5, meal_id="2025-03-04.lunch"),  # not served yet
        rating(1, 5, dish_id="nope"),
        rating(1, 5, comment="x" * 501),
        {"rating_id": "r-1", "stars": 5},
    ]
    for body in bad:
        r = await client.post("/public/canteens/north/ratings", json=body)
        assert r.status_code == 422, (body, r.text)
    r = await client.post(
        "/public/canteens/north/complaints",
        json={"complaint_id": "c", "category": "smell", "text": "x"},
    )
    assert r.status_code == 422
    assert (
        await client.post("/public/canteens/nowhere/ratings", json=rating(1, 5))
    ).status_code == 404
    assert await events(client, "canteen.feedback.received.v1") == []
    assert (await client.get("/canteens/north/complaints", headers=STAFF)).status_code == 403
    assert (await client.get("/canteens/north/complaints", headers=AUDITOR)).status_code == 200
    assert (
        await client.get("/canteens/north/satisfaction?weeks=0", headers=STAFF)
    ).status_code == 422


async def test_public_feedback_is_rate_limited_per_device(clock):
    settings = CanteenSettings(store_url="memory://", feedback_limit_per_client=2)
    async with routes_client(build(settings, clock=clock), base_url="http://canteen") as client:
        await dishes(client)
        for n in range(2):
            r = await client.post("/public/canteens/north/ratings", json=rating(n, 4))
            assert r.status_code == 201
        r = await client.post("/public/canteens/north/ratings", json=rating(9, 4))
        assert r.status_code == 429 and r.json()["code"] == "rate_limited"
        assert int(r.headers["Retry-After"]) > 0
        # A repeat of a rating already received is answered, not counted or refused.
        assert (
            await client.post("/public/canteens/north/ratings", json=rating(0, 4))
        ).status_code == 200
        # Signed in: no device limit.
        r = await client.post("/canteens/north/ratings", json=rating(9, 4), headers=DINER)
        assert r.status_code == 201
        clock.advance(seconds=3600)
        assert (
            await client.post("/public/canteens/north/ratings", json=rating(10, 4))
        ).status_code == 201
