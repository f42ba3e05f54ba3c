"""Receiving inspection rules (pure domain): supplier qualification and line verdicts."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from services.canteen.domain.receiving import Category, Delivery, Line, inspect_line
from services.canteen.domain.suppliers import (
    DocumentKind,
    Supplier,
    SupplierDocument,
    qualification_problems,
)
from shared.errors import Invalid

TODAY = date(2025, 3, 3)
NOW = datetime(2025, 3, 3, 0, 30, tzinfo=UTC)
QUALIFIED = Supplier(
    "sup-1",
    "绿源",
    (
        SupplierDocument(DocumentKind.BUSINESS_LICENCE, "9137"),
        SupplierDocument(DocumentKind.FOOD_BUSINESS_LICENCE, "JY1", date(2026, 1, 1)),
    ),
)


def line(**kw) -> Line:
    base = dict(
        line_no=1,
        item="青菜",
        category=Category.VEGETABLE,
        quantity=Decimal("30"),
        unit="kg",
        producer="寿光基地",
        production_date=date(2025, 3, 2),
        quality_certificate="JC-1",
        shelf_life_days=3,
        pesticide_inhibition_rate=Decimal("18.5"),
    )
    return Line(**{**base, **kw})


def receive(**kw) -> Delivery:
    return Delivery.receive(**kw, at=NOW, by="u-canteen-staff-1")


def codes(ln: Line, *, min_days: int = 2, problems: list[str] | None = None) -> list[str]:
    found = inspect_line(
        ln, received_on=TODAY, min_remaining_days=min_days, supplier_problems=problems or []
    )
    return [r.code for r in found]


def test_a_clean_line_is_accepted():
    assert codes(line()) == []


@pytest.mark.parametrize(
    ("field", "code"),
    [
        ("producer", "no_producer"),
        ("production_date", "no_production_date"),
        ("quality_certificate", "no_quality_certificate"),
    ],
)
def test_three_nos_goods_are_always_rejected(field, code):
    assert code in codes(line(**{field: None}))


def test_spoiled_goods_are_rejected():
    assert codes(line(spoiled=True)) == ["spoiled"]


def test_expiry_expired_and_minimum_remaining_shelf_life():
    assert codes(line(expires_on=date(2025, 3, 2))) == ["expired"]
    # Expires today: not yet expired, but no shelf life left.
    assert codes(line(expires_on=TODAY)) == ["near_expiry"]
    # Production 2 Mar + 3 days = 5 Mar: two days left, the minimum is two.
    assert codes(line(), min_days=2) == []
    assert codes(line(), min_days=3) == ["near_expiry"]


def test_pesticide_rapid_test_fails_at_fifty_percent():
    assert codes(line(pesticide_inhibition_rate=Decimal("49.99"))) == []
    assert codes(line(pesticide_inhibition_rate=Decimal("50"))) == ["pesticide_positive"]


def test_supplier_qualification():
    assert qualification_problems(QUALIFIED, TODAY) == []
    expired = Supplier(
        "s",
        "x",
        (
            SupplierDocument(DocumentKind.BUSINESS_LICENCE, "1"),
            SupplierDocument(DocumentKind.FOOD_PRODUCTION_LICENCE, "2", date(2025, 3, 2)),
        ),
    )
    assert qualification_problems(expired, TODAY) == ["food licence expired on 2025-03-02"]
    # A licence is valid through its last day.
    assert qualification_problems(expired, date(2025, 3, 2)) == []
    assert qualification_problems(Supplier("s", "x"), TODAY) == [
        "no business licence on file",
        "no food licence on file",
    ]
    suspended = Supplier("s", "x", QUALIFIED.documents, suspended=True)
    assert qualification_problems(suspended, TODAY) == ["supplier is suspended"]


def test_unqualified_supplier_rejects_every_line():
    unqualified = Supplier("sup-2", "老张", QUALIFIED.documents[:1])
    receipt = receive(
        delivery_id="d1",
        canteen_id="north",
        supplier=unqualified,
        delivery_note_no="N1",
        received_on=TODAY,
        lines=[line(), line(line_no=2, item="土豆")],
        min_remaining_days=2,
    )
    assert [v.accepted for v in receipt.verdicts] == [False, False]
    assert [e.event_type for e in receipt.recorded] == ["canteen.delivery.rejected.v1"] * 2
    assert receipt.recorded[0].reason_codes == ("supplier_unqualified",)


def test_receive_records_received_for_accepted_and_rejected_per_line():
    receipt = receive(
        delivery_id="d1",
        canteen_id="north",
        supplier=QUALIFIED,
        delivery_note_no="N1",
        received_on=TODAY,
        lines=[
            line(),
            line(line_no=2, item="西红柿", pesticide_inhibition_rate=Decimal("62")),
            line(
                line_no=3,
                item="大米",
                category=Category.GRAIN,
                pesticide_inhibition_rate=None,
                shelf_life_days=365,
            ),
        ],
        min_remaining_days=2,
    )
    received, rejected = receipt.recorded
    assert received.event_type == "canteen.delivery.received.v1"
    assert [(ln.line_no, ln.batch_id, ln.expires_on) for ln in received.lines] == [
        (1, "d1-1", "2025-03-05"),
        (3, "d1-3", "2026-03-02"),
    ]
    assert rejected.line_no == 2 and rejected.item == "西红柿"
    assert rejected.reason_codes == ("pesticide_positive",)
    assert "62" in rejected.reason


def test_incomplete_inspection_records_are_refused():
    with pytest.raises(Invalid) as no_test:
        receive(
            delivery_id="d1",
            canteen_id="north",
            supplier=QUALIFIED,
            delivery_note_no="N1",
            received_on=TODAY,
            lines=[line(pesticide_inhibition_rate=None)],
            min_remaining_days=2,
        )
    assert "pesticide" in no_test.value.details["problems"][0]
    with pytest.raises(Invalid):
        receive(
            delivery_id="d1",
            canteen_id="north",
            supplier=QUALIFIED,
            delivery_note_no="N1",
            received_on=TODAY,
            lines=[line(shelf_life_days=None)],
            min_remaining_days=2,
        )
    with pytest.raises(Invalid):
        receive(
            delivery_id="d1",
            canteen_id="north",
            supplier=QUALIFIED,
            delivery_note_no="N1",
            received_on=TODAY,
            lines=[line(), line()],
            min_remaining_days=2,
        )
