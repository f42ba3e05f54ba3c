"""Issue 11's alerts: a recall is critical to the canteen's managers and the administrators; a
complaint received reaches the canteen's managers; a rating reaches nobody."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.unit.notifications.test_notifications_followups import (
    EXAMPLES,
    consume,
    manager,
    notes,
    save,
)

pytestmark = pytest.mark.usefixtures("rules")
RECALL = {**EXAMPLES["canteen.batch.recalled.v1"], "canteen_id": "south"}
FEEDBACK = {**EXAMPLES["canteen.feedback.received.v1"], "canteen_id": "south"}


def admin():
    return replace(manager("u-admin-1", "south"), roles=frozenset({"logistics_admin"}), scopes={})


async def test_a_recall_is_critical_to_the_managers_of_its_canteen_and_the_admins(
    store, new_uow, ctx
):
    await save(new_uow, ctx, manager("u-south", "south"), manager("u-north", "north"), admin())
    _, incident, _ = await consume(new_uow, ctx, "canteen.batch.recalled.v1", RECALL)
    assert incident.state == "routed" and incident.severity == "critical"
    assert incident.escalate_at is not None  # acknowledged, or escalated to the duty officer
    assert [n["recipient_id"] for n in await notes(store)] == ["u-admin-1", "u-south"]
    [note] = await notes(store, recipient_id="u-south")
    assert note["title"]["zh-CN"] == "召回：北区食堂 North Canteen 大米 rice"
    assert "2026-11-30.lunch（mifan）" in note["body"]["zh-CN"]
    assert "No further issue of it is allowed" in note["body"]["en"]


async def test_a_complaint_reaches_the_canteens_managers_and_a_rating_nobody(store, new_uow, ctx):
    await save(
        new_uow, ctx, manager("u-south", "south", language="en"), manager("u-north", "north")
    )
    _, incident, _ = await consume(new_uow, ctx, "canteen.feedback.received.v1", FEEDBACK)
    assert incident.state == "routed" and incident.severity == "warning"
    [note] = await notes(store)
    assert note["recipient_id"] == "u-south"
    assert note["title"]["en"] == "Complaint (foreign_object) about 2026-11-30.lunch"
    assert note["title"]["zh-CN"] == "就餐投诉（异物）：2026-11-30.lunch"
    rating = {**FEEDBACK, "feedback_id": "r-1", "kind": "rating", "stars": 4, "category": None}
    _, nothing, uow = await consume(new_uow, ctx, "canteen.feedback.received.v1", rating)
    assert nothing is None and uow.events == []
    assert len(await notes(store)) == 1
