"""Recalls of batches (食品安全法 第63条), with the meals served with them."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from services.canteen.events.base import registry
from shared.envelope import EventData


class RecalledBatchData(BaseModel):
    """A batch a recall stopped."""

    model_config = ConfigDict(frozen=True)

    batch_id: str
    item: str
    supplier_id: str
    on_hand: str
    unit: str


class RecalledMealData(BaseModel):
    """A meal served with a recalled batch, and its dishes."""

    model_config = ConfigDict(frozen=True)

    meal_id: str
    day: str
    meal: str
    dish_ids: tuple[str, ...]


@registry.register(
    "canteen.batch.recalled.v1",
    example={
        "recall_id": "rcl-7c1e2a9b40d3",
        "canteen_id": "north",
        "canteen_name": "北区食堂 North Canteen",
        "reason": "supplier notice: aflatoxin above limit",
        "supplier_id": "sup-wugu",
        "item": "大米 rice",
        "batches": [
            {
                "batch_id": "dlv-3f9c2a7b1e04-1",
                "item": "大米 rice",
                "supplier_id": "sup-wugu",
                "on_hand": "40",
                "unit": "kg",
            }
        ],
        "meals": [
            {
                "meal_id": "2026-11-30.lunch",
                "day": "2026-11-30",
                "meal": "lunch",
                "dish_ids": ["mifan"],
            }
        ],
    },
)
class BatchRecalled(EventData):
    """Batches were recalled (食品安全法 第63条): no more issues; the meals served with them."""

    recall_id: str
    canteen_id: str
    canteen_name: str
    reason: str
    supplier_id: str | None = None
    item: str | None = None
    batches: tuple[RecalledBatchData, ...]
    meals: tuple[RecalledMealData, ...]
