"""Records retention: how long a purchase-inspection record is kept before it may be deleted.

Inspection records and vouchers of purchased food are kept at least six months past the
product's shelf life, or at least two years when it has none (食品安全法 2021 第50条, and 第53条
for food businesses). A delivery's record is kept until the latest of its lines' dates: each
line's expiry plus six months, or the receiving day plus two years for a line without a known
expiry (a refused three-nos line has none). Deleting earlier is refused with that date.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime

from services.canteen.domain.receiving import Delivery
from services.canteen.events import DeliveryPurged
from shared.aggregate import Aggregate
from shared.errors import Conflict

#: Months past the shelf life (食品安全法 第50条).
MONTHS_PAST_SHELF_LIFE = 6
#: Years when there is no shelf life (same article).
YEARS_WITHOUT_SHELF_LIFE = 2


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when shorter (31 Aug + 6: 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def kept_until(delivery: Delivery) -> date:
    """The first day the delivery's record may be deleted."""
    days = []
    for verdict in delivery.verdicts:
        expiry = verdict.line.expiry()
        if expiry is None:
            days.append(add_months(delivery.received_on, 12 * YEARS_WITHOUT_SHELF_LIFE))
        else:
            days.append(add_months(expiry, MONTHS_PAST_SHELF_LIFE))
    return max(days, default=add_months(delivery.received_on, 12 * YEARS_WITHOUT_SHELF_LIFE))


@dataclass
class Purge(Aggregate):
    """The deletion of one delivery's record after its retention, told for audit."""

    delivery: Delivery
    kept_until: date
    purged_at: datetime
    purged_by: str

    @classmethod
    def of(cls, delivery: Delivery, *, today: date, at: datetime, by: str) -> Purge:
        """Allowed from the `kept_until` day on; refused before, naming it and the law."""
        until = kept_until(delivery)
        if today < until:
            raise Conflict(
                f"delivery {delivery.delivery_id} is kept until {until.isoformat()} "
                "(食品安全法 第50条: 6 months past the shelf life, 2 years without one)",
                kept_until=until.isoformat(),
            )
        purge = cls(delivery, until, at, by)
        purge.record(
            DeliveryPurged(
                delivery_id=delivery.delivery_id,
                canteen_id=delivery.canteen_id,
                supplier_id=delivery.supplier_id,
                delivery_note_no=delivery.delivery_note_no,
                received_on=delivery.received_on.isoformat(),
                kept_until=until.isoformat(),
            )
        )
        return purge
