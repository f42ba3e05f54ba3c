"""Meals with their dishes and samples, and the sample violations (one document per natural key)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from services.canteen.domain.meals import Dish, Meal, MealKind
from services.canteen.domain.samples import Sample, Violation, ViolationKind
from services.canteen.repository import MEALS, VIOLATIONS
from services.canteen.repository.common import decimal, iso_moment, moment, put, text_of
from shared.clock import iso, parse_iso
from shared.store import Doc, DocumentStore, find_all
from shared.uow import UnitOfWork


def stored_id(canteen_id: str, meal_id: str) -> str:
    """A meal id is unique within its canteen."""
    return f"{canteen_id}|{meal_id}"


def _sample_doc(s: Sample) -> Doc:
    return {
        "dish_id": s.dish_id,
        "grams": str(s.grams),
        "fridge": s.fridge,
        "taken_by": s.taken_by,
        "taken_at": iso(s.taken_at),
        "recorded_by": s.recorded_by,
        "discarded_at": iso_moment(s.discarded_at),
        "discarded_by": s.discarded_by,
    }


def _sample(doc: Doc) -> Sample:
    return Sample(
        dish_id=doc["dish_id"],
        grams=Decimal(doc["grams"]),
        fridge=doc["fridge"],
        taken_by=doc["taken_by"],
        taken_at=parse_iso(doc["taken_at"]),
        recorded_by=doc["recorded_by"],
        discarded_at=moment(doc["discarded_at"]),
        discarded_by=doc["discarded_by"],
    )


def to_doc(meal: Meal) -> Doc:
    """The stored form of a meal; its samples inside it (a meal has a handful of dishes)."""
    return {
        "_id": stored_id(meal.canteen_id, meal.meal_id),
        "meal_id": meal.meal_id,
        "canteen_id": meal.canteen_id,
        "served_on": meal.served_on.isoformat(),
        "kind": meal.kind.value,
        "name": meal.name,
        "dishes": [{"dish_id": d.dish_id, "name": d.name} for d in meal.dishes],
        "samples": [_sample_doc(s) for s in meal.samples.values()],
        "opened_at": iso(meal.opened_at),
        "opened_by": meal.opened_by,
        "closed_at": iso_moment(meal.closed_at),
        "closed_by": meal.closed_by,
        "status": "closed" if meal.closed else "open",
    }


def from_doc(doc: Doc) -> Meal:
    """Inverse of `to_doc`."""
    return Meal(
        canteen_id=doc["canteen_id"],
        meal_id=doc["meal_id"],
        served_on=date.fromisoformat(doc["served_on"]),
        kind=MealKind(doc["kind"]),
        name=doc["name"],
        dishes=tuple(Dish(d["dish_id"], d["name"]) for d in doc["dishes"]),
        opened_at=parse_iso(doc["opened_at"]),
        opened_by=doc["opened_by"],
        samples={s["dish_id"]: _sample(s) for s in doc["samples"]},
        closed_at=moment(doc["closed_at"]),
        closed_by=doc["closed_by"],
        version=doc["_v"],
    )


def violation_doc(v: Violation, served_on: date) -> Doc:
    """A violation under its natural key: a second one of a kind for a dish is a duplicate."""
    assert v.raised_at is not None  # set by the meal that records it
    return {
        "_id": v.violation_id,
        "canteen_id": v.canteen_id,
        "meal_id": v.meal_id,
        "served_on": served_on.isoformat(),
        "dish_id": v.dish_id,
        "dish_name": v.dish_name,
        "kind": v.kind.value,
        "detail": v.detail,
        "grams": text_of(v.grams),
        "hours_kept": text_of(v.hours_kept),
        "raised_at": iso(v.raised_at),
    }


def violation_from_doc(doc: Doc) -> Violation:
    """Inverse of `violation_doc`."""
    return Violation(
        canteen_id=doc["canteen_id"],
        meal_id=doc["meal_id"],
        dish_id=doc["dish_id"],
        kind=ViolationKind(doc["kind"]),
        detail=doc["detail"],
        grams=decimal(doc["grams"]),
        hours_kept=decimal(doc["hours_kept"]),
        dish_name=doc["dish_name"],
        raised_at=parse_iso(doc["raised_at"]),
    )


def stage(uow: UnitOfWork, meal: Meal) -> None:
    """Stage the meal, the violations it found (inserts under their keys) and its events."""
    put(uow, MEALS, to_doc(meal), meal.version)
    for v in meal.new_violations:
        uow.insert(VIOLATIONS, violation_doc(v, meal.served_on))
    meal.new_violations.clear()
    uow.collect(meal, subject=f"{meal.canteen_id}/{meal.meal_id}")


async def load(store: DocumentStore, canteen_id: str, meal_id: str) -> Meal | None:
    """The meal, or None."""
    doc = await store.get(MEALS, stored_id(canteen_id, meal_id))
    return from_doc(doc) if doc is not None else None


async def served_between(
    store: DocumentStore, canteen_id: str, first: date, last: date
) -> list[Meal]:
    """A canteen's meals served from `first` through `last`, by day and id."""
    filter = {
        "canteen_id": canteen_id,
        "served_on": {"$gte": first.isoformat(), "$lte": last.isoformat()},
    }
    docs = await find_all(store, MEALS, filter, [("served_on", 1), ("meal_id", 1)])
    return [from_doc(d) for d in docs]


async def served_on(store: DocumentStore, canteen_id: str, day: date) -> list[Meal]:
    """A canteen's meals of one day."""
    return await served_between(store, canteen_id, day, day)


async def recent(store: DocumentStore, canteen_id: str, today: date, days: int = 7) -> list[Meal]:
    """Meals of the last `days` days (where samples still in the fridge come from)."""
    return await served_between(store, canteen_id, today - timedelta(days=days), today)


async def violations_raised(
    store: DocumentStore, canteen_id: str, start: datetime, end: datetime
) -> list[Violation]:
    """Violations raised in [start, end), oldest first."""
    filter = {"canteen_id": canteen_id, "raised_at": {"$gte": iso(start), "$lt": iso(end)}}
    docs = await find_all(store, VIOLATIONS, filter, [("raised_at", 1)])
    return [violation_from_doc(d) for d in docs]
