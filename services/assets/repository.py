"""Persistence of the register and its damages through the store port.

Money is stored in whole fen (integers: no float rounding in compensation), dates as
`YYYY-MM-DD` strings.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from services.assets.domain import Asset, Compensation, Custody, category_gate
from shared.store import Doc, Index

ASSETS = "assets"
DAMAGES = "damages"

INDEXES = (
    Index(ASSETS, ("tag",), unique=True),
    Index(ASSETS, ("building_id", "tag")),
    Index(ASSETS, ("custody.custodian_id", "tag")),
    Index(DAMAGES, ("asset_id", "reported_at")),
)


def asset_from_doc(doc: Doc) -> Asset:
    """The domain asset of a stored document."""
    custody = doc.get("custody")
    return Asset(
        asset_id=doc["_id"],
        tag=doc["tag"],
        name=doc["name"],
        category_code=doc["category_code"],
        building_id=doc["building_id"],
        room_id=doc["room_id"],
        purchase_value_fen=doc["purchase_value_fen"],
        purchase_date=date.fromisoformat(doc["purchase_date"]),
        useful_life_years=doc["useful_life_years"],
        status=doc["status"],
        custody=Custody(**custody) if custody else None,
    )


def asset_doc(asset: Asset, *, base: Doc | None = None, **extra: Any) -> Doc:
    """The stored asset; `base` keeps the fields the domain does not model (`_v`, history)."""
    doc: Doc = dict(base or {})
    doc.update(
        {
            "_id": asset.asset_id,
            "tag": asset.tag,
            "name": asset.name,
            "category_code": asset.category_code,
            "category_gate": category_gate(asset.category_code),
            "building_id": asset.building_id,
            "room_id": asset.room_id,
            "purchase_value_fen": asset.purchase_value_fen,
            "purchase_date": asset.purchase_date.isoformat(),
            "useful_life_years": asset.useful_life_years,
            "status": asset.status,
            "custody": asdict(asset.custody) if asset.custody else None,
            **extra,
        }
    )
    return doc


def damage_doc(
    *,
    damage_id: str,
    asset: Asset,
    description: str,
    deliberate: bool,
    responsible_person_id: str | None,
    occurred_on: date,
    owed: Compensation,
    reported_by: str | None,
    reported_at: str,
) -> Doc:
    """A damage report with its compensation worked out."""
    v = owed.valuation
    return {
        "_id": damage_id,
        "asset_id": asset.asset_id,
        "tag": asset.tag,
        "building_id": asset.building_id,
        "room_id": asset.room_id,
        "description": description,
        "deliberate": deliberate,
        "responsible_person_id": responsible_person_id,
        "occurred_on": occurred_on.isoformat(),
        "purchase_value_fen": v.purchase_value_fen,
        "life_months": v.life_months,
        "months_depreciated": v.months,
        "accumulated_depreciation_fen": v.accumulated_fen,
        "book_value_fen": v.book_value_fen,
        "multiplier": owed.multiplier,
        "compensation_fen": owed.amount_fen,
        "reported_by": reported_by,
        "reported_at": reported_at,
    }
