"""Issue 13 on the memory store, through the handlers: endpoints, undeliverable and re-routing,
quiet hours, digest, acknowledgement and escalation, contacts, template fallback."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time

import pytest

from services.notifications.domain.directory import Person, QuietHours
from services.notifications.domain.endpoints import Endpoint
from services.notifications.handlers import digest, directory, followups
from services.notifications.handlers.notify import notify as handle
from services.notifications.handlers.rules import save_endpoint
from services.notifications.repository import DELIVERIES, INCIDENTS, NOTIFICATIONS, templates
from services.notifications.subscribers import SUBSCRIPTIONS, SYSTEM
from shared.auth import Principal
from shared.envelope import Envelope, new_event_id
from shared.errors import Conflict
from shared.store import Query

pytestmark = pytest.mark.usefixtures("rules")
ADMIN = Principal("u-admin-1", None, frozenset({"logistics_admin"}), {})
INSPECTION = {
    "canteen_id": "south",
    "inspection_id": "I-7",
    "place": "后厨",
    "item": "砧板生熟分开",
    "finding": "生熟砧板混用",
    "equipment": False,
}
FRIDGE = {"canteen_id": "south", "device_id": "fridge-2", "device_name": "2号冷藏柜", "reading": 11}


def manager(user_id: str, canteen: str, **kw) -> Person:
    return Person(
        user_id=user_id,
        name=f"{canteen} manager",
        roles=frozenset({"canteen_manager"}),
        scopes={"canteen": frozenset({canteen})},
        email=f"{user_id}@example.edu.cn",
        channels=("in_app", "email"),
        **kw,
    )


async def save(new_uow, ctx, *people: Person) -> None:
    for p in people:
        await directory.save_person(new_uow("u-admin-1"), ctx, ADMIN, p)


async def consume(new_uow, ctx, event_type: str, data: dict, event_id: str | None = None):
    env = Envelope(
        id=event_id or new_event_id(),
        source="/campus-logistics/canteen",
        type=event_type,
        time=ctx.now(),
        subject=None,
        correlationid="corr-13",
        data=data,
    )
    uow = new_uow()
    incident = await handle(
        uow, ctx, SYSTEM, env, SUBSCRIPTIONS[event_type].model.model_validate(data)
    )
    await uow.commit()
    return env, incident, uow


async def lines(store, **filter) -> list[dict]:
    return (await store.find(DELIVERIES, Query(filter, [("_id", 1)]))).items


async def notes(store, **filter) -> list[dict]:
    return (await store.find(NOTIFICATIONS, Query(filter, [("recipient_id", 1)]))).items


async def test_inspection_failed_reaches_the_canteens_manager_and_robot_only(store, new_uow, ctx):
    await save(
        new_uow, ctx, manager("u-south", "south", language="en"), manager("u-north", "north")
    )
    robot = Endpoint(
        "wecom-south",
        "wecom",
        "http://127.0.0.1:1/cgi-bin/webhook/send?key=k",
        None,
        "南区后厨群",
        scopes={"canteen": frozenset({"south"})},
    )
    await save_endpoint(new_uow("u-admin-1"), ctx, ADMIN, robot, keep_secret=False)
    _, incident, uow = await consume(new_uow, ctx, "canteen.inspection.failed.v1", INSPECTION)
    assert incident.state == "routed" and incident.severity == "warning"
    assert [n["recipient_id"] for n in await notes(store)] == ["endpoint:wecom-south", "u-south"]
    by_channel = {d["channel"]: d for d in await lines(store)}
    assert set(by_channel) == {"in_app", "email", "wecom"}
    mail = by_channel["email"]
    assert mail["address"] == "u-south@example.edu.cn" and mail["status"] == "pending"
    assert mail["text"]["language"] == "en"
    assert mail["text"]["title"] == "Hygiene inspection failed: 砧板生熟分开"
    assert by_channel["wecom"]["address"] == "wecom-south"


async def test_nobody_then_the_directory_gains_a_manager_and_it_is_delivered_once(
    store, new_uow, ctx
):
    expiring = {
        "canteen_id": "north",
        "item": "牛奶",
        "batch_id": "B-1",
        "expires_on": "2025-03-05",
    }
    _, incident, uow = await consume(new_uow, ctx, "canteen.stock.expiring.v1", expiring)
    assert incident.state == "undeliverable"
    assert "nobody is canteen_manager of canteen north" in incident.reason
    assert [e.type for e in uow.events] == ["notifications.alert.undeliverable.v1"]
    assert await followups.reroute(new_uow(), ctx, SYSTEM) == 0
    await save(new_uow, ctx, manager("u-north", "north"))
    assert await followups.reroute(new_uow(), ctx, SYSTEM) == 1
    assert await followups.reroute(new_uow(), ctx, SYSTEM) == 0
    assert [n["recipient_id"] for n in await notes(store)] == ["u-north"]
    assert len(await lines(store, channel="email")) == 1
    stored = await store.get(INCIDENTS, incident.event_id)
    assert stored["state"] == "routed" and stored["recipients"] == ["u-north"]
    assert ctx.metrics.undeliverable == 0


async def test_critical_alert_escalates_exactly_once_after_the_configured_time(
    store, new_uow, ctx, clock
):
    officer = Person(
        "u-duty",
        "值班",
        frozenset({"logistics_admin"}),
        duties=frozenset({"logistics-duty-officer"}),
    )
    await save(new_uow, ctx, manager("u-south", "south"), officer)
    _, incident, _ = await consume(new_uow, ctx, "canteen.temperature.out_of_range.v1", FRIDGE)
    assert incident.severity == "critical" and incident.escalate_after_minutes == 30
    [note] = await notes(store)
    assert note["ack_required"] is True
    clock.advance(minutes=29)
    assert await followups.escalate(new_uow(), ctx, SYSTEM) == 0
    clock.advance(minutes=2)
    assert await followups.escalate(new_uow(), ctx, SYSTEM) == 1
    assert await followups.escalate(new_uow(), ctx, SYSTEM) == 0
    escalated = await notes(store, kind="escalation")
    assert [n["recipient_id"] for n in escalated] == ["u-duty"]
    assert escalated[0]["title"]["zh-CN"].startswith("【升级】温度超标")
    events = (
        await store.find("outbox", Query({"routing_key": "notifications.alert.escalated.v1"}))
    ).items
    assert len(events) == 1 and events[0]["envelope"]["data"]["recipient_ids"] == ["u-duty"]


async def test_an_acknowledged_alert_is_not_escalated(store, new_uow, ctx, clock):
    await save(
        new_uow,
        ctx,
        manager("u-south", "south"),
        Person("u-a", "a", frozenset({"logistics_admin"})),
    )
    await consume(new_uow, ctx, "canteen.temperature.out_of_range.v1", FRIDGE)
    [note] = await notes(store)
    who = Principal("u-south", None, frozenset({"canteen_manager"}), {})
    acked = await followups.acknowledge(new_uow("u-south"), ctx, who, note["_id"])
    again = await followups.acknowledge(new_uow("u-south"), ctx, who, note["_id"])
    assert acked.acknowledged_by == "u-south" and again.acknowledged_at == acked.acknowledged_at
    clock.advance(hours=2)
    assert await followups.escalate(new_uow(), ctx, SYSTEM) == 0
    assert await notes(store, kind="escalation") == []


async def test_only_critical_alerts_are_acknowledged(store, new_uow, ctx):
    await save(new_uow, ctx, manager("u-south", "south"))
    await consume(new_uow, ctx, "canteen.inspection.failed.v1", INSPECTION)
    note = next(n for n in await notes(store) if n["recipient_id"] == "u-south")
    who = Principal("u-south", None, frozenset({"canteen_manager"}), {})
    with pytest.raises(Conflict):
        await followups.acknowledge(new_uow("u-south"), ctx, who, note["_id"])


async def test_quiet_hours_hold_non_critical_push_and_let_critical_through(
    store, new_uow, ctx, clock
):
    # 08:00 UTC is 16:00 in Shanghai; quiet 15:00-18:00 campus time.
    quiet = replace(manager("u-south", "south"), quiet_hours=QuietHours(time(15), time(18)))
    await save(new_uow, ctx, quiet)
    await directory.save_preferences(
        new_uow("u-south"),
        ctx,
        Principal("u-south", None, frozenset({"canteen_manager"}), {}),
        channels=("in_app", "email"),
        quiet_hours=QuietHours(time(15), time(18)),
        digest=False,
        language="zh-CN",
        phone=None,
    )
    await consume(new_uow, ctx, "canteen.inspection.failed.v1", INSPECTION)
    await consume(new_uow, ctx, "canteen.temperature.out_of_range.v1", FRIDGE)
    mails = {d["source_event_type"]: d for d in await lines(store, channel="email")}
    held = mails["canteen.inspection.failed.v1"]
    assert held["next_attempt_at"] == "2025-03-03T10:00:00.000000Z"
    assert held["detail"] == "held for quiet hours 15:00–18:00"
    assert (
        mails["canteen.temperature.out_of_range.v1"]["next_attempt_at"]
        == "2025-03-03T08:00:00.000000Z"
    )
    # The inbox is silent by nature: in-app is there at once.
    assert len(await lines(store, channel="in_app")) == 2


async def test_low_alerts_go_into_one_daily_digest(store, new_uow, ctx, clock):
    custodian = Person(
        "u-c",
        "陈老师",
        frozenset({"requester"}),
        email="chen@example.edu.cn",
        channels=("in_app", "email"),
        digest=True,
    )
    await save(new_uow, ctx, custodian)
    for tag in ("A-1", "A-2"):
        data = {"asset_id": tag, "tag": tag, "building_id": "B01", "custodian_id": "u-c"}
        await consume(new_uow, ctx, "assets.asset.assigned.v1", data)
    held = await lines(store, channel="email")
    assert [d["hold"] for d in held] == ["digest", "digest"]
    assert await digest.send_digests(new_uow(), ctx, SYSTEM) == 0  # 16:00: not yet 18:00
    clock.advance(hours=2, minutes=1)
    assert await digest.send_digests(new_uow(), ctx, SYSTEM) == 1
    assert await digest.send_digests(new_uow(), ctx, SYSTEM) == 0
    [summary] = await notes(store, kind="digest")
    assert summary["title"]["zh-CN"] == "今日提醒汇总（2025-03-03）：2 条"
    mails = await lines(store, channel="email")
    assert sorted(d["status"] for d in mails) == ["pending", "sent", "sent"]
    assert [d for d in mails if d["status"] == "pending"][0]["notification_id"] == summary["_id"]


async def test_a_qr_contact_hears_of_the_status_changes_of_its_request(store, new_uow, ctx):
    opened = {
        "ticket_id": "T-9",
        "campus_id": "main",
        "building_id": "B02",
        "category": "plumbing",
        "priority": "routine",
        "channel": "qr",
        "description": "宿舍水龙头漏水",
        "contact": {"name": "陈同学", "phone": "13800138000", "email": "chen@stu.example.edu.cn"},
    }
    await consume(new_uow, ctx, "maintenance.ticket.opened.v1", opened)
    resolved = {"ticket_id": "T-9", "building_id": "B02", "status": "resolved"}
    await consume(new_uow, ctx, "maintenance.ticket.resolved.v1", resolved)
    to_contact = await lines(store, recipient_id="contact:ticket:T-9")
    assert sorted((d["channel"], d["address"]) for d in to_contact) == [
        ("email", "chen@stu.example.edu.cn"),
        ("email", "chen@stu.example.edu.cn"),
        ("sms", "13800138000"),
        ("sms", "13800138000"),
    ]
    sms = [
        d
        for d in to_contact
        if d["channel"] == "sms" and d["source_event_type"].endswith("resolved.v1")
    ]
    assert sms[0]["text"]["title"] == "【校园后勤】报修单T-9已修好"


async def test_a_broken_override_falls_back_to_the_plain_text_and_is_reported(store, new_uow, ctx):
    await save(new_uow, ctx, manager("u-south", "south"))
    bad = "{% block title %}{{ data.plce }}{% endblock %}{% block body %}x{% endblock %}"
    uow = new_uow("u-admin-1")
    templates.stage(
        uow,
        templates.Override(
            "canteen.inspection.failed.v1.zh-CN", bad, datetime(2025, 3, 3, tzinfo=UTC), "u-admin-1"
        ),
    )
    await uow.commit()
    _, _, uow = await consume(new_uow, ctx, "canteen.inspection.failed.v1", INSPECTION)
    note = next(n for n in await notes(store) if n["recipient_id"] == "u-south")
    assert note["title"]["zh-CN"] == "校园后勤提醒：canteen.inspection.failed.v1"
    assert "finding: 生熟砧板混用" in note["body"]["zh-CN"]
    assert note["title"]["en"] == "Hygiene inspection failed: 砧板生熟分开"
    assert "plce" in note["template_error"]
    failed = [e for e in uow.events if e.type == "notifications.template.failed.v1"]
    assert len(failed) == 1 and failed[0].data["name"] == "canteen.inspection.failed.v1.zh-CN"
