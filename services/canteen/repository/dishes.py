"""Dishes and price caps in the store; a dish keeps its price history in its document."""

from __future__ import annotations

from decimal import Decimal

from services.canteen.domain.dishes import Allergen, Dish, Ingredient, PriceCap, PriceChange
from services.canteen.repository import DISHES, PRICE_CAPS
from services.canteen.repository.common import decimal, put, text_of
from shared.clock import iso, parse_iso
from shared.store import Doc, DocumentStore, find_all
from shared.uow import UnitOfWork


def dish_key(canteen_id: str, dish_id: str) -> str:
    """A dish id is unique in its canteen."""
    return f"{canteen_id}|{dish_id}"


def to_doc(d: Dish) -> Doc:
    """The stored form of a dish."""
    return {
        "_id": dish_key(d.canteen_id, d.dish_id),
        "canteen_id": d.canteen_id,
        "dish_id": d.dish_id,
        "name_zh": d.name_zh,
        "name_en": d.name_en,
        "category": d.category,
        "ingredients": [
            {"item": i.item, "quantity": str(i.quantity), "unit": i.unit} for i in d.ingredients
        ],
        "allergens": [a.value for a in d.allergens],
        "allergens_edited": d.allergens_edited,
        "price": str(d.price),
        "everyday": d.everyday,
        "active": d.active,
        "updated_at": iso(d.updated_at),
        "updated_by": d.updated_by,
        "prices": [
            {"price": str(p.price), "previous": text_of(p.previous), "at": iso(p.at), "by": p.by}
            for p in d.prices
        ],
    }


def from_doc(doc: Doc) -> Dish:
    """Inverse of `to_doc`."""
    return Dish(
        canteen_id=doc["canteen_id"],
        dish_id=doc["dish_id"],
        name_zh=doc["name_zh"],
        name_en=doc["name_en"],
        category=doc["category"],
        ingredients=tuple(
            Ingredient(i["item"], Decimal(i["quantity"]), i["unit"]) for i in doc["ingredients"]
        ),
        allergens=tuple(Allergen(a) for a in doc["allergens"]),
        allergens_edited=doc["allergens_edited"],
        price=Decimal(doc["price"]),
        everyday=doc["everyday"],
        active=doc["active"],
        updated_at=parse_iso(doc["updated_at"]),
        updated_by=doc["updated_by"],
        prices=[
            PriceChange(Decimal(p["price"]), decimal(p["previous"]), parse_iso(p["at"]), p["by"])
            for p in doc["prices"]
        ],
        version=doc["_v"],
    )


def stage(uow: UnitOfWork, dish: Dish) -> None:
    """Stage the dish's write and its recorded events."""
    put(uow, DISHES, to_doc(dish), dish.version)
    uow.collect(dish, subject=dish_key(dish.canteen_id, dish.dish_id))


async def load(store: DocumentStore, canteen_id: str, dish_id: str) -> Dish | None:
    """The dish, or None."""
    doc = await store.get(DISHES, dish_key(canteen_id, dish_id))
    return from_doc(doc) if doc is not None else None


async def of_canteen(store: DocumentStore, canteen_id: str) -> list[Dish]:
    """Every dish of a canteen, by id (a canteen has a few hundred at most)."""
    found = await find_all(store, DISHES, {"canteen_id": canteen_id}, [("dish_id", 1)])
    return [from_doc(d) for d in found]


def cap_key(canteen_id: str, category: str) -> str:
    """One cap per canteen and category."""
    return f"{canteen_id}|{category}"


def cap_to_doc(c: PriceCap) -> Doc:
    """The stored form of a cap."""
    return {
        "_id": cap_key(c.canteen_id, c.category),
        "canteen_id": c.canteen_id,
        "category": c.category,
        "cap": str(c.cap),
        "updated_at": iso(c.updated_at),
        "updated_by": c.updated_by,
    }


def cap_from_doc(doc: Doc) -> PriceCap:
    """Inverse of `cap_to_doc`."""
    return PriceCap(
        doc["canteen_id"],
        doc["category"],
        Decimal(doc["cap"]),
        parse_iso(doc["updated_at"]),
        doc["updated_by"],
        doc["_v"],
    )


def stage_cap(uow: UnitOfWork, cap: PriceCap) -> None:
    """Stage the cap's write and its event."""
    put(uow, PRICE_CAPS, cap_to_doc(cap), cap.version)
    uow.collect(cap, subject=cap_key(cap.canteen_id, cap.category))


async def load_cap(store: DocumentStore, canteen_id: str, category: str) -> PriceCap | None:
    """The cap of a category, or None (uncapped)."""
    doc = await store.get(PRICE_CAPS, cap_key(canteen_id, category))
    return cap_from_doc(doc) if doc is not None else None


async def caps_of(store: DocumentStore, canteen_id: str) -> list[PriceCap]:
    """Every cap of a canteen, by category."""
    found = await find_all(store, PRICE_CAPS, {"canteen_id": canteen_id}, [("category", 1)])
    return [cap_from_doc(d) for d in found]
