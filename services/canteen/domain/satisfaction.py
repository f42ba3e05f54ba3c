"""The weekly satisfaction index (满意度测评) of a canteen; the formula is in the README.

    index = 60 × (mean_stars − 1) / 4  +  20 × (1 − C / (R + C))  +  20 × T / C

R ratings (a repeated rating id once), mean_stars their mean, C complaints, T the complaints
answered within `answer_hours` (48) of receipt; T / C is 1 for a week without complaints. A
week without ratings has no index (None): complaints alone do not measure satisfaction.
The index runs 0..100, rounded half up to a tenth. A week is computed once it is over and
every complaint of it had its answer time (Monday + 7 days + `answer_hours`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

from services.canteen.domain.feedback import Complaint
from services.canteen.domain.menus import week_start
from services.canteen.events import SatisfactionComputed
from shared.aggregate import Aggregate

TENTH = Decimal("0.1")


@dataclass
class SatisfactionWeek(Aggregate):
    """The index of one canteen and week, and what it was made of."""

    canteen_id: str
    week: str
    index: Decimal | None
    ratings: int
    mean_stars: Decimal | None
    complaints: int
    answered: int
    answered_in_time: int
    median_answer_hours: Decimal | None
    computed_at: datetime
    version: int | None = None

    @classmethod
    def compute(
        cls,
        canteen_id: str,
        week: str,
        *,
        stars: list[int],
        complaints: list[Complaint],
        answer_hours: int,
        at: datetime,
        final: bool,
    ) -> SatisfactionWeek:
        """The week's figures; `final` records `canteen.satisfaction.computed.v1`."""
        r, c = len(stars), len(complaints)
        mean = (Decimal(sum(stars)) / r).quantize(Decimal("0.01"), ROUND_HALF_UP) if r else None
        hours = [h for h in (x.answer_hours() for x in complaints) if h is not None]
        in_time = sum(1 for h in hours if h <= answer_hours)
        index = None
        if r:
            exact_mean = Decimal(sum(stars)) / r
            index = (
                60 * (exact_mean - 1) / 4
                + 20 * (1 - Decimal(c) / (r + c))
                + 20 * (Decimal(in_time) / c if c else Decimal(1))
            ).quantize(TENTH, ROUND_HALF_UP)
        mid = Decimal(median(hours)).quantize(TENTH, ROUND_HALF_UP) if hours else None
        week_ = cls(canteen_id, week, index, r, mean, c, len(hours), in_time, mid, at)
        if final:
            week_.record(
                SatisfactionComputed(
                    canteen_id=canteen_id,
                    week=week,
                    index=str(index) if index is not None else None,
                    ratings=r,
                    mean_stars=str(mean) if mean is not None else None,
                    complaints=c,
                    answered=len(hours),
                    answered_in_time=in_time,
                    median_answer_hours=str(mid) if mid is not None else None,
                )
            )
        return week_


def due_at(week: str, answer_hours: int, zone) -> datetime:
    """When a week may be computed for good: it is over, and its last complaint had its time."""
    monday = week_start(week)
    start = datetime(monday.year, monday.month, monday.day, tzinfo=zone)
    return start + timedelta(days=7, hours=answer_hours)
