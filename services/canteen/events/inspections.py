"""Hygiene inspections (卫生检查): checklist templates, failed items, corrective actions."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from services.canteen.events.base import registry
from shared.envelope import EventData


class ChecklistItemData(BaseModel):
    """One scored item of a checklist template."""

    model_config = ConfigDict(frozen=True)
    item_id: str
    text: str
    points: int
    equipment: bool
    equipment_tag: str | None = None
    place: str | None = None


@registry.register(
    "canteen.checklist.updated.v1",
    example={
        "template_id": "daily-kitchen",
        "name": "厨房每日检查 daily kitchen",
        "kind": "daily_kitchen",
        "place": "后厨 kitchen",
        "pass_mark": 80,
        "due_days": 1,
        "items": [
            {"item_id": "floor", "text": "地面清洁无积水", "points": 10, "equipment": False},
            {
                "item_id": "fridge-seal",
                "text": "冰箱门封完好",
                "points": 10,
                "equipment": True,
                "equipment_tag": "B03-K-FRIDGE-01",
            },
        ],
        "canteens": ["north"],
        "created": False,
        "changed": ["items"],
    },
)
class ChecklistUpdated(EventData):
    """A hygiene checklist template was registered or changed."""

    template_id: str
    name: str
    kind: str
    place: str | None = None
    pass_mark: int
    due_days: int
    items: tuple[ChecklistItemData, ...]
    canteens: tuple[str, ...]
    created: bool
    changed: tuple[str, ...]


@registry.register(
    "canteen.inspection.recorded.v1",
    example={
        "inspection_id": "insp-7c1d2e3f4a5b",
        "canteen_id": "north",
        "template_id": "daily-kitchen",
        "template_name": "厨房每日检查 daily kitchen",
        "kind": "daily_kitchen",
        "place": "后厨 kitchen",
        "inspected_on": "2025-03-03",
        "score": 85,
        "max_score": 100,
        "percent": "85.0",
        "pass_mark": 80,
        "passed": True,
        "failed_items": 1,
        "inspector": "u-canteen-manager-1",
    },
)
class InspectionRecorded(EventData):
    """A hygiene inspection was recorded: its score against the pass mark."""

    inspection_id: str
    canteen_id: str
    template_id: str
    template_name: str
    kind: str
    place: str | None = None
    inspected_on: str
    score: int
    max_score: int
    percent: str
    pass_mark: int
    passed: bool
    failed_items: int
    inspector: str


@registry.register(
    "canteen.inspection.failed.v1",
    example={
        "inspection_id": "insp-7c1d2e3f4a5b",
        "action_id": "insp-7c1d2e3f4a5b-fridge-seal",
        "canteen_id": "north",
        "campus_id": "main",
        "building_id": "B03",
        "template_id": "daily-kitchen",
        "template_name": "厨房每日检查 daily kitchen",
        "kind": "daily_kitchen",
        "place": "后厨 kitchen",
        "item_id": "fridge-seal",
        "item": "冰箱门封完好",
        "finding": "2号冰箱门封破损，关不严",
        "equipment": True,
        "equipment_tag": "B03-K-FRIDGE-01",
        "score": 0,
        "points": 10,
        "due_on": "2025-03-04",
        "inspected_on": "2025-03-03",
    },
)
class InspectionFailed(EventData):
    """An item of a hygiene inspection failed; a corrective action is due (equipment: a repair)."""

    inspection_id: str
    action_id: str
    canteen_id: str
    campus_id: str
    building_id: str
    template_id: str
    template_name: str
    kind: str
    place: str | None = None
    item_id: str
    item: str
    finding: str
    equipment: bool
    equipment_tag: str | None = None
    score: int
    points: int
    due_on: str
    inspected_on: str


@registry.register(
    "canteen.inspection.corrected.v1",
    example={
        "action_id": "insp-7c1d2e3f4a5b-fridge-seal",
        "inspection_id": "insp-7c1d2e3f4a5b",
        "canteen_id": "north",
        "place": "后厨 kitchen",
        "item_id": "fridge-seal",
        "item": "冰箱门封完好",
        "finding": "2号冰箱门封破损，关不严",
        "evidence": "已更换门封，关门测试正常（照片见工单 WO-20250304-0007）",
        "corrected_by": "u-canteen-staff-1",
        "corrected_on": "2025-03-04",
        "due_on": "2025-03-04",
        "late": False,
    },
)
class InspectionCorrected(EventData):
    """A corrective action was closed with its evidence."""

    action_id: str
    inspection_id: str
    canteen_id: str
    place: str | None = None
    item_id: str
    item: str
    finding: str
    evidence: str
    corrected_by: str
    corrected_on: str
    due_on: str
    late: bool
