"""Weekly menus in the store: one document per canteen and ISO week."""

from __future__ import annotations

from datetime import date

from services.canteen.domain.meals import MealKind
from services.canteen.domain.menus import Menu, MenuEntry
from services.canteen.repository import MENUS
from services.canteen.repository.common import iso_moment, moment, put
from shared.clock import iso, parse_iso
from shared.store import Doc, DocumentStore, find_all
from shared.uow import UnitOfWork


def menu_key(canteen_id: str, week: str) -> str:
    """One menu per canteen and week."""
    return f"{canteen_id}|{week}"


def to_doc(m: Menu) -> Doc:
    """The stored form of a menu."""
    return {
        "_id": menu_key(m.canteen_id, m.week),
        "canteen_id": m.canteen_id,
        "week": m.week,
        "entries": [
            {"day": e.day.isoformat(), "meal": e.meal.value, "dish_ids": list(e.dish_ids)}
            for e in m.entries
        ],
        "show_suppliers": m.show_suppliers,
        "saved_at": iso(m.saved_at),
        "saved_by": m.saved_by,
        "published_at": iso_moment(m.published_at),
        "published_by": m.published_by,
    }


def from_doc(doc: Doc) -> Menu:
    """Inverse of `to_doc`."""
    return Menu(
        canteen_id=doc["canteen_id"],
        week=doc["week"],
        entries=tuple(
            MenuEntry(date.fromisoformat(e["day"]), MealKind(e["meal"]), tuple(e["dish_ids"]))
            for e in doc["entries"]
        ),
        show_suppliers=doc["show_suppliers"],
        saved_at=parse_iso(doc["saved_at"]),
        saved_by=doc["saved_by"],
        published_at=moment(doc["published_at"]),
        published_by=doc["published_by"],
        version=doc["_v"],
    )


def stage(uow: UnitOfWork, menu: Menu) -> None:
    """Stage the menu's write and its events."""
    put(uow, MENUS, to_doc(menu), menu.version)
    uow.collect(menu, subject=menu_key(menu.canteen_id, menu.week))


async def load(store: DocumentStore, canteen_id: str, week: str) -> Menu | None:
    """The week's menu, or None."""
    doc = await store.get(MENUS, menu_key(canteen_id, week))
    return from_doc(doc) if doc is not None else None


async def between(store: DocumentStore, canteen_id: str, first: str, last: str) -> list[Menu]:
    """The menus of weeks `first`..`last` (ISO week strings sort as weeks do)."""
    docs = await find_all(
        store,
        MENUS,
        {"canteen_id": canteen_id, "week": {"$gte": first, "$lte": last}},
        [("week", 1)],
    )
    return [from_doc(d) for d in docs]
