"""Recalls in the store; the batches a recall stops are staged with it."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.canteen.domain.recalls import Recall, TakeLink, TracedDish, TracedMeal
from services.canteen.domain.stock import Batch
from services.canteen.repository import BATCHES, RECALLS
from services.canteen.repository import stock as batches
from shared.clock import iso, parse_iso
from shared.store import Doc, DocumentStore, Query, find_all
from shared.uow import UnitOfWork


def to_doc(r: Recall) -> Doc:
    """The stored form of a recall."""
    return {
        "_id": r.recall_id,
        "canteen_id": r.canteen_id,
        "reason": r.reason,
        "supplier_id": r.supplier_id,
        "item": r.item,
        "batch_ids": list(r.batch_ids),
        "meals": [
            {
                "meal_id": m.meal_id,
                "day": m.served_on.isoformat(),
                "meal": m.meal,
                "quantity": m.quantity,
                "dishes": [{"dish_id": d.dish_id, "name_zh": d.name_zh} for d in m.dishes],
            }
            for m in r.meals
        ],
        "at": iso(r.at),
        "by": r.by,
    }


def from_doc(doc: Doc) -> Recall:
    """Inverse of `to_doc`."""
    return Recall(
        recall_id=doc["_id"],
        canteen_id=doc["canteen_id"],
        reason=doc["reason"],
        supplier_id=doc["supplier_id"],
        item=doc["item"],
        batch_ids=tuple(doc["batch_ids"]),
        meals=tuple(
            TracedMeal(
                m["meal_id"],
                date.fromisoformat(m["day"]),
                m["meal"],
                m["quantity"],
                tuple(TracedDish(d["dish_id"], d["name_zh"]) for d in m["dishes"]),
            )
            for m in doc["meals"]
        ),
        at=parse_iso(doc["at"]),
        by=doc["by"],
        version=doc["_v"],
    )


def stage(uow: UnitOfWork, recall: Recall) -> None:
    """Stage the recall, the batches it stopped, and its event."""
    uow.insert(RECALLS, to_doc(recall))
    for batch in recall.stopped:
        batches.stage(uow, batch)
    uow.collect(recall, subject=recall.recall_id)


async def of_canteen(store: DocumentStore, canteen_id: str, limit: int = 200) -> list[Recall]:
    """A canteen's recalls, newest first."""
    page = await store.find(
        RECALLS, Query({"canteen_id": canteen_id}, [("at", -1), ("_id", 1)], limit=limit)
    )
    return [from_doc(d) for d in page.items]


async def batches_of_product(
    store: DocumentStore, canteen_id: str, supplier_id: str, item: str
) -> list[Batch]:
    """Every batch (in stock or used up) of a supplier's item in a canteen."""
    filter: dict[str, Any] = {"canteen_id": canteen_id, "item": item, "supplier_id": supplier_id}
    return [batches.from_doc(d) for d in await find_all(store, BATCHES, filter, [("_id", 1)])]


def link_of(doc: Doc) -> TakeLink:
    """An issue take document as a tracing link."""
    return TakeLink(
        doc["batch_id"],
        doc["item"],
        doc["supplier_id"],
        doc["quantity"],
        doc["unit"],
        doc["meal_id"],
        doc["dish_id"],
    )
