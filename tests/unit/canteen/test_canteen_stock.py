"""The stock ledger rules (pure domain): FEFO issue, never negative, the expiry scan."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from services.canteen.domain.issues import Issue
from services.canteen.domain.stock import Batch, MovementKind, allocate, expiring
from shared.errors import Conflict

TODAY = date(2025, 3, 3)
NOW = datetime(2025, 3, 3, 0, 30, tzinfo=UTC)


def batch(batch_id: str, on_hand: str, expires: date, received: date = date(2025, 3, 1)) -> Batch:
    return Batch(
        batch_id=batch_id,
        canteen_id="north",
        item="大米",
        unit="kg",
        on_hand=Decimal(on_hand),
        expires_on=expires,
        received_on=received,
        category="grain",
        supplier_id="sup-hm",
        delivery_id="dlv-1",
        line_no=1,
        quantity_received=Decimal(on_hand),
    )


def take(b: Batch, quantity: Decimal) -> Batch:
    b.take(quantity, kind=MovementKind.ISSUE, ref="REQ-1", reason=None, at=NOW, by="u-1")
    return b


def issue(batches: list[Batch], *, issue_no: str, quantity: Decimal, today: date) -> Issue:
    return Issue.make(
        batches,
        canteen_id="north",
        issue_no=issue_no,
        item="大米",
        unit="kg",
        quantity=quantity,
        purpose=None,
        today=today,
        at=NOW,
        by="u-1",
    )


def test_issue_takes_the_first_expiring_batch_first():
    batches = [
        batch("late", "100", date(2025, 9, 1)),
        batch("soon", "10", date(2025, 3, 10)),
        batch("mid", "20", date(2025, 6, 1)),
    ]
    takes = allocate(batches, Decimal("25"), today=TODAY)
    assert [(t.batch_id, t.quantity) for t in takes] == [
        ("soon", Decimal("10")),
        ("mid", Decimal("15")),
    ]


def test_issue_never_drives_stock_negative_and_skips_expired_batches():
    batches = [batch("old", "50", date(2025, 3, 2)), batch("ok", "5", date(2025, 4, 1))]
    with pytest.raises(Conflict) as refused:
        allocate(batches, Decimal("6"), today=TODAY)
    assert "5 available" in refused.value.reason and "50 more is expired" in refused.value.reason
    assert [t.batch_id for t in allocate(batches, Decimal("5"), today=TODAY)] == ["ok"]


def test_a_batch_expiring_today_may_still_be_issued():
    assert allocate([batch("b", "1", TODAY)], Decimal("1"), today=TODAY)[0].batch_id == "b"


def test_a_take_refuses_more_than_on_hand():
    assert take(batch("b", "3", date(2025, 4, 1)), Decimal("3")).on_hand == 0
    with pytest.raises(Conflict):
        take(batch("b", "3", date(2025, 4, 1)), Decimal("3.001"))


def test_expiry_scan_warns_within_the_window_once_per_batch():
    batches = [
        batch("in-3-days", "4", date(2025, 3, 6)),
        batch("in-4-days", "4", date(2025, 3, 7)),
        batch("expired", "4", date(2025, 3, 1)),
        batch("empty", "0", date(2025, 3, 4)),
    ]
    due = expiring(batches, today=TODAY, warning_days=3)
    assert [b.batch_id for b in due] == ["expired", "in-3-days"]
    warned = due[0]
    warned.warn(today=TODAY)
    [event] = warned.recorded
    assert event.expired and event.batch_id == "expired" and event.quantity_on_hand == "4"
    assert warned.expiry_warned_on == TODAY
    assert expiring([warned, due[1]], today=TODAY, warning_days=3) == [due[1]]


def test_issue_and_write_off_record_their_events():
    batches = [batch("soon", "10", date(2025, 3, 10)), batch("late", "100", date(2025, 9, 1))]
    issued = issue(batches, issue_no="REQ-1", quantity=Decimal("12"), today=TODAY)
    moved = issued.taken_from
    assert [(b.batch_id, b.on_hand) for b in moved] == [("soon", 0), ("late", Decimal("98"))]
    [event] = issued.recorded
    assert event.event_type == "canteen.stock.issued.v1" and event.quantity == "12"
    assert [(p.batch_id, p.quantity) for p in event.parts] == [("soon", "10"), ("late", "2")]
    with pytest.raises(Conflict):
        issue([], issue_no="REQ-2", quantity=Decimal("1"), today=TODAY)
    fresh = batch("soon", "10", date(2025, 3, 10))
    fresh.write_off(Decimal("4"), reason="受潮", at=NOW, by="u-1")
    [gone] = fresh.recorded
    assert fresh.on_hand == 6 and gone.reason == "受潮" and gone.batch_id == "soon"
