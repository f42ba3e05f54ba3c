"""The half-monthly stock count (半月全查) and records retention."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from services.canteen.events.base import registry
from shared.envelope import EventData


class DiscrepancyData(BaseModel):
    """A batch whose counted quantity differs from the books."""

    model_config = ConfigDict(frozen=True)
    batch_id: str
    item: str
    unit: str
    book: str
    counted: str
    difference: str
    reason: str


@registry.register(
    "canteen.stock.counted.v1",
    example={
        "count_id": "cnt-2b4d6f8a0c1e",
        "canteen_id": "north",
        "counted_on": "2025-03-15",
        "batches_counted": 12,
        "discrepancies": [
            {
                "batch_id": "dlv-8d41e0c95a27-1",
                "item": "大米 rice",
                "unit": "kg",
                "book": "50",
                "counted": "48",
                "difference": "-2",
                "reason": "鼠咬破袋 torn sack",
            }
        ],
    },
)
class StockCounted(EventData):
    """A full count of a store room reconciled with the books; adjustments are in the ledger."""

    count_id: str
    canteen_id: str
    counted_on: str
    batches_counted: int
    discrepancies: tuple[DiscrepancyData, ...]


@registry.register(
    "canteen.stock.count_overdue.v1",
    example={
        "canteen_id": "north",
        "canteen_name": "北区食堂 North Canteen",
        "last_counted_on": "2025-03-01",
        "due_on": "2025-03-16",
        "interval_days": 15,
    },
)
class StockCountOverdue(EventData):
    """A store room was not fully counted within the interval (半月全查); once per due date."""

    canteen_id: str
    canteen_name: str
    last_counted_on: str | None = None
    due_on: str
    interval_days: int


@registry.register(
    "canteen.delivery.purged.v1",
    example={
        "delivery_id": "dlv-3f9c2a7b1e04",
        "canteen_id": "north",
        "supplier_id": "sup-lvyuan",
        "delivery_note_no": "LY-20230303-0001",
        "received_on": "2023-03-03",
        "kept_until": "2025-03-03",
    },
)
class DeliveryPurged(EventData):
    """A delivery's inspection record was deleted after its retention period (食品安全法 第50条)."""

    delivery_id: str
    canteen_id: str
    supplier_id: str
    delivery_note_no: str
    received_on: str
    kept_until: str
