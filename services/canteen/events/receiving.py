"""Canteens and their suppliers (索证), deliveries (进货查验), stock issues and write-offs,
and equipment faults."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from services.canteen.events.base import registry
from shared.envelope import EventData


@registry.register(
    "canteen.canteen.updated.v1",
    example={
        "canteen_id": "north",
        "name": "北区食堂 North Canteen",
        "campus_id": "main",
        "building_id": "B03",
        "min_remaining_shelf_life_days": 2,
        "created": False,
        "changed": ["min_remaining_shelf_life_days"],
    },
)
class CanteenUpdated(EventData):
    """A canteen was registered or changed: its state now, and which fields changed."""

    canteen_id: str
    name: str
    campus_id: str
    building_id: str
    min_remaining_shelf_life_days: int | None = None
    created: bool
    changed: tuple[str, ...]


class SupplierDocumentData(BaseModel):
    """A supplier's licence or certificate (索证); no `expires_on` means valid without limit."""

    model_config = ConfigDict(frozen=True)

    kind: str
    number: str
    expires_on: str | None = None


@registry.register(
    "canteen.supplier.updated.v1",
    example={
        "supplier_id": "sup-lvyuan",
        "name": "绿源蔬菜配送有限公司 Lvyuan Vegetables",
        "contact": "王经理 0531-8888 1234",
        "suspended": False,
        "canteens": ["north"],
        "documents": [
            {"kind": "business_licence", "number": "91370100MA3C5LY01X"},
            {
                "kind": "food_business_licence",
                "number": "JY13701000012345",
                "expires_on": "2026-05-02",
            },
        ],
        "created": False,
        "changed": ["documents"],
    },
)
class SupplierUpdated(EventData):
    """A supplier was registered or changed (licences, suspension, the canteens it serves)."""

    supplier_id: str
    name: str
    contact: str | None = None
    suspended: bool
    canteens: tuple[str, ...]
    documents: tuple[SupplierDocumentData, ...]
    created: bool
    changed: tuple[str, ...]


class ReceivedLine(BaseModel):
    """An accepted delivery line, now a stock batch."""

    model_config = ConfigDict(frozen=True)

    line_no: int
    item: str
    category: str
    quantity: str
    unit: str
    batch_id: str
    expires_on: str


@registry.register(
    "canteen.delivery.received.v1",
    example={
        "delivery_id": "dlv-3f9c2a7b1e04",
        "canteen_id": "north",
        "supplier_id": "sup-lvyuan",
        "delivery_note_no": "LY-20250303-0001",
        "received_on": "2025-03-03",
        "lines": [
            {
                "line_no": 1,
                "item": "青菜 bok choy",
                "category": "vegetable",
                "quantity": "30",
                "unit": "kg",
                "batch_id": "dlv-3f9c2a7b1e04-1",
                "expires_on": "2025-03-05",
            }
        ],
    },
)
class DeliveryReceived(EventData):
    """The accepted lines of a delivery entered the store room (入库)."""

    delivery_id: str
    canteen_id: str
    supplier_id: str
    delivery_note_no: str
    received_on: str
    lines: tuple[ReceivedLine, ...]


@registry.register(
    "canteen.delivery.rejected.v1",
    example={
        "delivery_id": "dlv-3f9c2a7b1e04",
        "canteen_id": "north",
        "supplier_id": "sup-lvyuan",
        "line_no": 2,
        "item": "西红柿 tomatoes",
        "quantity": "20",
        "unit": "kg",
        "reason": "pesticide residue rapid test positive: inhibition 62.0 % >= 50 %",
        "reason_codes": ["pesticide_positive"],
    },
)
class DeliveryRejected(EventData):
    """One line of a delivery was refused at receiving inspection (验收不合格)."""

    delivery_id: str
    canteen_id: str
    supplier_id: str
    line_no: int
    item: str
    quantity: str
    unit: str
    reason: str
    reason_codes: tuple[str, ...]


@registry.register(
    "canteen.stock.expiring.v1",
    example={
        "canteen_id": "north",
        "item": "纯牛奶 milk",
        "batch_id": "dlv-8d41e0c95a27-3",
        "expires_on": "2025-03-05",
        "quantity_on_hand": "48",
        "unit": "box",
        "expired": False,
    },
)
class StockExpiring(EventData):
    """A batch with stock left is at or near its expiry date (临期); told once per batch."""

    canteen_id: str
    item: str
    batch_id: str
    expires_on: str
    quantity_on_hand: str
    unit: str
    expired: bool


class IssuedPart(BaseModel):
    """The part of an issue taken from one batch."""

    model_config = ConfigDict(frozen=True)

    batch_id: str
    quantity: str
    expires_on: str
    unit_price: str | None = None


@registry.register(
    "canteen.stock.issued.v1",
    example={
        "canteen_id": "north",
        "issue_no": "REQ-20250303-0001",
        "item": "大米 rice",
        "unit": "kg",
        "quantity": "25",
        "parts": [
            {"batch_id": "dlv-8d41e0c95a27-1", "quantity": "10", "expires_on": "2025-03-22"},
            {"batch_id": "dlv-1b2c3d4e5f60-1", "quantity": "15", "expires_on": "2025-03-31"},
        ],
        "meal_id": "2025-03-03.lunch",
        "dish_id": "mifan",
        "cost": "137.50",
    },
)
class StockIssued(EventData):
    """Goods left the store room for the kitchen (出库 / 领用), first expiring first; for a meal
    (and dish) when the requisition names it, costed at the batches' unit prices."""

    canteen_id: str
    issue_no: str
    item: str
    unit: str
    quantity: str
    parts: tuple[IssuedPart, ...]
    meal_id: str | None = None
    dish_id: str | None = None
    cost: str | None = None


@registry.register(
    "canteen.stock.written_off.v1",
    example={
        "canteen_id": "north",
        "batch_id": "dlv-8d41e0c95a27-1",
        "item": "大米 rice",
        "unit": "kg",
        "quantity": "2",
        "reason": "受潮 damp",
    },
)
class StockWrittenOff(EventData):
    """Goods were taken off the books (报损), with the reason."""

    canteen_id: str
    batch_id: str
    item: str
    unit: str
    quantity: str
    reason: str


@registry.register(
    "canteen.equipment.fault_reported.v1",
    example={
        "fault_id": "flt-5a0e7c3d9b12",
        "canteen_id": "north",
        "campus_id": "main",
        "building_id": "B03",
        "equipment_tag": "B03-K-STEAM-02",
        "description": "蒸饭车不加热，温控器无显示",
    },
)
class EquipmentFaultReported(EventData):
    """Kitchen equipment is out of order; maintenance opens a work order."""

    fault_id: str
    canteen_id: str
    campus_id: str
    building_id: str
    equipment_tag: str
    description: str
