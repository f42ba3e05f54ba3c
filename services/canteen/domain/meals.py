"""A served meal (餐次): canteen, day, kind, and the dishes it served — and the samples of them.

A meal is breakfast, lunch, dinner, or a named event meal (a banquet, an exam-week late meal);
its id is the day and the slot (`2025-03-03.lunch`, `2025-03-03.event.graduation`), unique in
its canteen, so a menu (issue 11) can name the same meal before it is served. Each dish is known
by a `dish_id`, the id a dish catalogue will use; the name is what the label in the sample
fridge says. A meal is open while it is served; closing it judges its samples (`samples.at_close`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from services.canteen.domain.samples import (
    Sample,
    SamplePolicy,
    Violation,
    at_close,
    at_discard,
)
from services.canteen.events import (
    DishData,
    MealClosed,
    MealUpdated,
    SampleDiscarded,
    SampleRecorded,
    SampleViolation,
)
from shared.aggregate import Aggregate
from shared.clock import iso
from shared.errors import Conflict, Invalid

#: A meal may be registered this many days after it was served (a late entry) ...
PAST_DAYS = 2
#: ... and this many days ahead (a planned menu).
AHEAD_DAYS = 60


class MealKind(StrEnum):
    """Kinds of meals; an event meal has a code and a name of its own."""

    BREAKFAST = "breakfast"
    LUNCH = "lunch"
    DINNER = "dinner"
    EVENT = "event"


@dataclass(frozen=True)
class Dish:
    """A dish served at a meal."""

    dish_id: str
    name: str


def meal_id_of(served_on: date, kind: MealKind, event_code: str | None) -> str:
    """`2025-03-03.lunch`, or `2025-03-03.event.<code>` for an event meal."""
    slot = kind.value if kind is not MealKind.EVENT else f"event.{event_code}"
    return f"{served_on.isoformat()}.{slot}"


def _check_dishes(dishes: tuple[Dish, ...]) -> None:
    if not dishes:
        raise Invalid("a meal serves at least one dish", field="dishes")
    if len({d.dish_id for d in dishes}) != len(dishes):
        raise Invalid("each dish appears once in a meal", field="dishes")


@dataclass
class Meal(Aggregate):
    """A meal of one canteen, its dishes and their samples."""

    canteen_id: str
    meal_id: str
    served_on: date
    kind: MealKind
    name: str | None
    dishes: tuple[Dish, ...]
    opened_at: datetime
    opened_by: str
    samples: dict[str, Sample] = field(default_factory=dict)
    closed_at: datetime | None = None
    closed_by: str | None = None
    version: int | None = None
    #: Violations found by this use case, not yet written (the repository inserts them).
    new_violations: list[Violation] = field(default_factory=list, repr=False, compare=False)

    @property
    def closed(self) -> bool:
        """True once service ended."""
        return self.closed_at is not None

    def dish(self, dish_id: str) -> Dish:
        """The dish served at this meal; Invalid naming it when the meal has no such dish."""
        for d in self.dishes:
            if d.dish_id == dish_id:
                return d
        raise Invalid(f"meal {self.meal_id} serves no dish {dish_id}", field="dish_id")

    @classmethod
    def register(
        cls,
        canteen_id: str,
        *,
        served_on: date,
        kind: MealKind,
        event_code: str | None,
        name: str | None,
        dishes: tuple[Dish, ...],
        today: date,
        at: datetime,
        by: str,
    ) -> Meal:
        """A new meal; an event meal needs its code and name, the others have neither."""
        if kind is MealKind.EVENT and not (event_code and name):
            raise Invalid("an event meal needs an event_code and a name", field="event_code")
        if kind is not MealKind.EVENT and event_code:
            raise Invalid("only an event meal has an event_code", field="event_code")
        if (today - served_on).days > PAST_DAYS or (served_on - today).days > AHEAD_DAYS:
            raise Invalid(
                f"served_on must be within {PAST_DAYS} days before and {AHEAD_DAYS} after today",
                field="served_on",
            )
        _check_dishes(dishes)
        meal = cls(
            canteen_id,
            meal_id_of(served_on, kind, event_code),
            served_on,
            kind,
            name,
            dishes,
            at,
            by,
        )
        meal._told(("dishes",), created=True)
        return meal

    def revise_dishes(self, dishes: tuple[Dish, ...]) -> bool:
        """Change the dishes while the meal is open; a sampled dish stays. False if unchanged."""
        self._require_open()
        _check_dishes(dishes)
        dropped = sorted(set(self.samples) - {d.dish_id for d in dishes})
        if dropped:
            raise Conflict(f"dish {', '.join(dropped)} was sampled and stays on the meal")
        if dishes == self.dishes:
            return False
        self.dishes = dishes
        self._told(("dishes",), created=False)
        return True

    def record_sample(self, sample: Sample, policy: SamplePolicy) -> None:
        """Put a dish's sample on record (or replace it while the meal is open)."""
        self._require_open()
        dish = self.dish(sample.dish_id)
        replaced = sample.dish_id in self.samples
        self.samples[sample.dish_id] = sample
        self.record(
            SampleRecorded(
                meal_id=self.meal_id,
                canteen_id=self.canteen_id,
                served_on=self.served_on.isoformat(),
                meal_kind=self.kind.value,
                dish_id=dish.dish_id,
                dish_name=dish.name,
                grams=str(sample.grams),
                fridge=sample.fridge,
                taken_by=sample.taken_by,
                taken_at=iso(sample.taken_at),
                keep_until=iso(sample.keep_until(policy.min_hours)),
                replaced=replaced,
            )
        )

    def close(self, *, at: datetime, by: str, policy: SamplePolicy) -> bool:
        """End service: every dish unsampled or underweight is a violation. False if closed."""
        if self.closed:
            return False
        self.closed_at, self.closed_by = at, by
        found = at_close(
            self.canteen_id,
            self.meal_id,
            [d.dish_id for d in self.dishes],
            self.samples,
            policy,
        )
        self.record(
            MealClosed(
                meal_id=self.meal_id,
                canteen_id=self.canteen_id,
                served_on=self.served_on.isoformat(),
                kind=self.kind.value,
                name=self.name,
                dishes=len(self.dishes),
                sampled=len(self.samples),
                violations=len(found),
            )
        )
        for violation in found:
            self._violated(violation, policy, at)
        return True

    def discard_sample(
        self, dish_id: str, *, at: datetime, by: str, policy: SamplePolicy
    ) -> Violation | None:
        """The sample leaves the fridge; before the minimum time that is a violation."""
        dish = self.dish(dish_id)
        sample = self.samples.get(dish_id)
        if sample is None:
            raise Conflict(f"no sample of {dish_id} was recorded at meal {self.meal_id}")
        if sample.discarded_at is not None:
            raise Conflict(f"the sample of {dish_id} was discarded at {iso(sample.discarded_at)}")
        if at < sample.taken_at:
            raise Conflict("a sample cannot be discarded before it was taken")
        self.samples[dish_id] = replace(sample, discarded_at=at, discarded_by=by)
        violation = at_discard(self.canteen_id, self.meal_id, sample, at, policy)
        self.record(
            SampleDiscarded(
                meal_id=self.meal_id,
                canteen_id=self.canteen_id,
                dish_id=dish_id,
                dish_name=dish.name,
                taken_at=iso(sample.taken_at),
                discarded_at=iso(at),
                hours_kept=str(sample.hours_kept(at)),
                early=violation is not None,
            )
        )
        if violation is not None:
            violation = self._violated(violation, policy, at)
        return violation

    def _require_open(self) -> None:
        if self.closed:
            raise Conflict(f"meal {self.meal_id} was closed; its samples are on record")

    def _violated(self, v: Violation, policy: SamplePolicy, at: datetime) -> Violation:
        v = replace(v, dish_name=self.dish(v.dish_id).name, raised_at=at)
        self.new_violations.append(v)
        self.record(
            SampleViolation(
                violation_id=v.violation_id,
                canteen_id=self.canteen_id,
                meal_id=self.meal_id,
                served_on=self.served_on.isoformat(),
                meal_kind=self.kind.value,
                meal_name=self.name,
                dish_id=v.dish_id,
                dish_name=v.dish_name,
                kind=v.kind.value,
                grams=str(v.grams) if v.grams is not None else None,
                min_grams=str(policy.min_grams),
                hours_kept=str(v.hours_kept) if v.hours_kept is not None else None,
                min_hours=policy.min_hours,
                detail=v.detail,
            )
        )
        return v

    def _told(self, changed: tuple[str, ...], *, created: bool) -> None:
        self.record(
            MealUpdated(
                meal_id=self.meal_id,
                canteen_id=self.canteen_id,
                served_on=self.served_on.isoformat(),
                kind=self.kind.value,
                name=self.name,
                dishes=tuple(DishData(dish_id=d.dish_id, name=d.name) for d in self.dishes),
                created=created,
                changed=changed,
            )
        )
