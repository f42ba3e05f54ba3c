"""Damage reports in the store: written once with the compensation worked out."""

from __future__ import annotations

from datetime import date

from services.assets.domain.damages import Damage
from services.assets.domain.valuation import Compensation, Valuation
from services.assets.repository import DAMAGES
from shared.clock import iso, parse_iso
from shared.store import Doc, DocumentStore, find_all
from shared.uow import UnitOfWork


def to_doc(damage: Damage) -> Doc:
    """The stored form: the valuation it was paid at is kept, not recomputed."""
    owed, v = damage.owed, damage.owed.valuation
    return {
        "_id": damage.id,
        "asset_id": damage.asset_id,
        "tag": damage.tag,
        "building_id": damage.building_id,
        "room_id": damage.room_id,
        "description": damage.description,
        "deliberate": damage.deliberate,
        "responsible_person_id": damage.responsible_person_id,
        "occurred_on": damage.occurred_on.isoformat(),
        "purchase_value_fen": v.purchase_value_fen,
        "life_months": v.life_months,
        "months_depreciated": v.months,
        "accumulated_depreciation_fen": v.accumulated_fen,
        "book_value_fen": v.book_value_fen,
        "multiplier": owed.multiplier,
        "compensation_fen": owed.amount_fen,
        "reported_by": damage.reported_by,
        "reported_at": iso(damage.reported_at),
    }


def from_doc(doc: Doc) -> Damage:
    """Inverse of `to_doc`."""
    occurred_on = date.fromisoformat(doc["occurred_on"])
    valuation = Valuation(
        on=occurred_on,
        purchase_value_fen=doc["purchase_value_fen"],
        life_months=doc["life_months"],
        months=doc["months_depreciated"],
        accumulated_fen=doc["accumulated_depreciation_fen"],
        book_value_fen=doc["book_value_fen"],
    )
    return Damage(
        id=doc["_id"],
        asset_id=doc["asset_id"],
        tag=doc["tag"],
        building_id=doc["building_id"],
        room_id=doc.get("room_id"),
        description=doc["description"],
        deliberate=doc["deliberate"],
        responsible_person_id=doc.get("responsible_person_id"),
        occurred_on=occurred_on,
        owed=Compensation(valuation, doc["multiplier"], doc["compensation_fen"]),
        reported_at=parse_iso(doc["reported_at"]),
        reported_by=doc.get("reported_by"),
    )


def stage(uow: UnitOfWork, damage: Damage) -> None:
    """Stage the report's insert (its event is recorded by the asset)."""
    uow.insert(DAMAGES, to_doc(damage))


async def of_asset(store: DocumentStore, asset_id: str) -> list[Damage]:
    """Every damage report of one asset, oldest first."""
    docs = await find_all(store, DAMAGES, {"asset_id": asset_id}, [("reported_at", 1)])
    return [from_doc(d) for d in docs]
