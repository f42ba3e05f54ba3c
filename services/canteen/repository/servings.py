"""Portions and waste per meal in the store: one document per canteen and meal."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from services.canteen.domain.servings import Portions, Serving
from services.canteen.repository import SERVINGS
from services.canteen.repository.common import decimal, iso_moment, moment, put, text_of
from shared.store import Doc, DocumentStore, find_all
from shared.uow import UnitOfWork


def serving_key(canteen_id: str, meal_id: str) -> str:
    """One record per canteen and meal."""
    return f"{canteen_id}|{meal_id}"


def to_doc(s: Serving) -> Doc:
    """The stored form of a serving record."""
    return {
        "_id": serving_key(s.canteen_id, s.meal_id),
        "canteen_id": s.canteen_id,
        "meal_id": s.meal_id,
        "day": s.served_on.isoformat(),
        "portions": [
            {"dish_id": p.dish_id, "portions": p.portions, "price": text_of(p.price)}
            for p in s.portions
        ],
        "waste_grams": text_of(s.waste_grams),
        "updated_at": iso_moment(s.updated_at),
        "updated_by": s.updated_by,
    }


def from_doc(doc: Doc) -> Serving:
    """Inverse of `to_doc`."""
    return Serving(
        canteen_id=doc["canteen_id"],
        meal_id=doc["meal_id"],
        served_on=date.fromisoformat(doc["day"]),
        portions=tuple(
            Portions(p["dish_id"], p["portions"], decimal(p["price"])) for p in doc["portions"]
        ),
        waste_grams=decimal(doc["waste_grams"]),
        updated_at=moment(doc["updated_at"]),
        updated_by=doc["updated_by"],
        version=doc["_v"],
    )


def stage(uow: UnitOfWork, serving: Serving) -> None:
    """Stage the record and its events."""
    put(uow, SERVINGS, to_doc(serving), serving.version)
    uow.collect(serving, subject=serving_key(serving.canteen_id, serving.meal_id))


async def load(store: DocumentStore, canteen_id: str, meal_id: str) -> Serving | None:
    """The meal's record, or None."""
    doc = await store.get(SERVINGS, serving_key(canteen_id, meal_id))
    return from_doc(doc) if doc is not None else None


async def between(store: DocumentStore, canteen_id: str, first: date, last: date) -> list[Serving]:
    """The records of meals served from `first` to `last`, by day."""
    docs = await find_all(
        store,
        SERVINGS,
        {"canteen_id": canteen_id, "day": {"$gte": first.isoformat(), "$lte": last.isoformat()}},
        [("day", 1), ("_id", 1)],
        page=2000,
    )
    return [from_doc(d) for d in docs]


def grams(value: Decimal | None) -> str | None:
    """Grams as the API writes them."""
    return text_of(value)
