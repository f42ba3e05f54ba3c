"""Food sample retention (留样): the rules a meal's samples are judged by, returning verdicts.

Every dish of every meal is sampled: at least 125 g, sealed, refrigerated in the sample fridge
and kept at least 48 hours, labelled with the meal, the dish, the time and the person who took
it (学校食品安全与营养健康管理规定 2019; 餐饮服务食品安全操作规范 2018 — article unverified).
A meal closed with a dish unsampled, a sample under the minimum, or a sample discarded before
the minimum time is a violation — exactly one per dish and kind (`violation_id`), however often
the close or the discard is retried.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum

#: The least a sample weighs (学校食品安全与营养健康管理规定 2019).
MIN_GRAMS = Decimal(125)
#: The least time a sample is kept refrigerated (same source).
MIN_HOURS = 48


@dataclass(frozen=True)
class SamplePolicy:
    """The minimum weight and time of a sample (the service's settings; defaults as above)."""

    min_grams: Decimal = MIN_GRAMS
    min_hours: int = MIN_HOURS


#: A sample's time may run ahead of the server's clock by this much (a tablet's clock).
CLOCK_SKEW = timedelta(minutes=5)


class ViolationKind(StrEnum):
    """What went wrong with a dish's sample."""

    MISSING = "missing"  # 未留样
    UNDERWEIGHT = "underweight"  # 留样不足 125 g
    DISCARDED_EARLY = "discarded_early"  # 未满 48 小时即处理


@dataclass(frozen=True)
class Sample:
    """A dish's sample as labelled in the sample fridge."""

    dish_id: str
    grams: Decimal
    fridge: str
    taken_by: str
    taken_at: datetime
    recorded_by: str
    discarded_at: datetime | None = None
    discarded_by: str | None = None

    def keep_until(self, min_hours: int = MIN_HOURS) -> datetime:
        """The earliest moment the sample may leave the fridge."""
        return self.taken_at + timedelta(hours=min_hours)

    def hours_kept(self, at: datetime) -> Decimal:
        """Hours in the fridge at `at`, to one decimal."""
        seconds = Decimal((at - self.taken_at).total_seconds())
        return (seconds / 3600).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class Violation:
    """One violation of the sample rules for one dish (its id is its natural key)."""

    canteen_id: str
    meal_id: str
    dish_id: str
    kind: ViolationKind
    detail: str
    grams: Decimal | None = None
    hours_kept: Decimal | None = None
    #: Set by the meal when it records the violation.
    dish_name: str = ""
    raised_at: datetime | None = None

    @property
    def violation_id(self) -> str:
        """(canteen, meal, dish, kind): a second violation of one kind is a duplicate."""
        return violation_id(self.canteen_id, self.meal_id, self.dish_id, self.kind)


def violation_id(canteen_id: str, meal_id: str, dish_id: str, kind: ViolationKind) -> str:
    """The natural key of a violation, held under the collection's `_id`."""
    return f"{canteen_id}|{meal_id}|{dish_id}|{kind.value}"


def at_close(
    canteen_id: str,
    meal_id: str,
    dish_ids: list[str],
    samples: dict[str, Sample],
    policy: SamplePolicy,
) -> list[Violation]:
    """The violations a meal closes with: each dish unsampled, each sample under the minimum."""
    min_grams = policy.min_grams
    found: list[Violation] = []
    for dish_id in dish_ids:
        sample = samples.get(dish_id)
        if sample is None:
            found.append(
                Violation(
                    canteen_id,
                    meal_id,
                    dish_id,
                    ViolationKind.MISSING,
                    "no sample was kept of this dish",
                )
            )
        elif sample.grams < min_grams:
            found.append(
                Violation(
                    canteen_id,
                    meal_id,
                    dish_id,
                    ViolationKind.UNDERWEIGHT,
                    f"sample of {sample.grams} g, at least {min_grams} g is kept",
                    grams=sample.grams,
                )
            )
    return found


def at_discard(
    canteen_id: str, meal_id: str, sample: Sample, at: datetime, policy: SamplePolicy
) -> Violation | None:
    """A sample leaving the fridge before the minimum time is a violation; after, none."""
    min_hours = policy.min_hours
    if at >= sample.keep_until(min_hours):
        return None
    kept = sample.hours_kept(at)
    return Violation(
        canteen_id,
        meal_id,
        sample.dish_id,
        ViolationKind.DISCARDED_EARLY,
        f"discarded after {kept} h, samples are kept at least {min_hours} h",
        grams=sample.grams,
        hours_kept=kept,
    )


def sample_time_problem(
    taken_at: datetime, now: datetime, served_day_start: datetime
) -> str | None:
    """Why a sample's time cannot be right (ahead of the clock, or before the meal's day)."""
    if taken_at > now + CLOCK_SKEW:
        return "taken_at is in the future"
    if taken_at < served_day_start - timedelta(hours=12):
        return "taken_at is before the day the meal was served"
    return None
