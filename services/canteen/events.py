"""Events the canteen service publishes: its public contract, each with a realistic example."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from shared.envelope import EventData, EventRegistry
from shared.personal_data import PersonalDataRead

registry = EventRegistry()


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


# --- Food samples (留样): meals, their dishes, the samples and their violations --------------


class DishData(BaseModel):
    """A dish of a meal: `dish_id` is the id a dish catalogue (issue 11) will know it by."""

    model_config = ConfigDict(frozen=True)
    dish_id: str
    name: str


@registry.register(
    "canteen.meal.updated.v1",
    example={
        "meal_id": "2025-03-03.lunch",
        "canteen_id": "north",
        "served_on": "2025-03-03",
        "kind": "lunch",
        "name": None,
        "dishes": [
            {"dish_id": "hongshao-rou", "name": "红烧肉 braised pork"},
            {"dish_id": "qingchao-baicai", "name": "清炒白菜 stir-fried cabbage"},
        ],
        "created": True,
        "changed": ["dishes"],
    },
)
class MealUpdated(EventData):
    """A served meal was registered, or its dishes changed while it was open."""

    meal_id: str
    canteen_id: str
    served_on: str
    kind: str
    name: str | None = None
    dishes: tuple[DishData, ...]
    created: bool
    changed: tuple[str, ...]


@registry.register(
    "canteen.meal.closed.v1",
    example={
        "meal_id": "2025-03-03.lunch",
        "canteen_id": "north",
        "served_on": "2025-03-03",
        "kind": "lunch",
        "name": None,
        "dishes": 4,
        "sampled": 3,
        "violations": 2,
    },
)
class MealClosed(EventData):
    """Service of a meal ended; its missing and underweight samples are told separately."""

    meal_id: str
    canteen_id: str
    served_on: str
    kind: str
    name: str | None = None
    dishes: int
    sampled: int
    violations: int


@registry.register(
    "canteen.sample.recorded.v1",
    example={
        "meal_id": "2025-03-03.lunch",
        "canteen_id": "north",
        "served_on": "2025-03-03",
        "meal_kind": "lunch",
        "dish_id": "hongshao-rou",
        "dish_name": "红烧肉 braised pork",
        "grams": "150",
        "fridge": "留样冰箱 1 sample fridge 1",
        "taken_by": "u-canteen-staff-1",
        "taken_at": "2025-03-03T03:40:00.000000Z",
        "keep_until": "2025-03-05T03:40:00.000000Z",
        "replaced": False,
    },
)
class SampleRecorded(EventData):
    """A dish's sample (留样) went into the sample fridge (or was re-recorded while open)."""

    meal_id: str
    canteen_id: str
    served_on: str
    meal_kind: str
    dish_id: str
    dish_name: str
    grams: str
    fridge: str
    taken_by: str
    taken_at: str
    keep_until: str
    replaced: bool


@registry.register(
    "canteen.sample.discarded.v1",
    example={
        "meal_id": "2025-03-03.lunch",
        "canteen_id": "north",
        "dish_id": "hongshao-rou",
        "dish_name": "红烧肉 braised pork",
        "taken_at": "2025-03-03T03:40:00.000000Z",
        "discarded_at": "2025-03-05T04:00:00.000000Z",
        "hours_kept": "48.3",
        "early": False,
    },
)
class SampleDiscarded(EventData):
    """A sample left the sample fridge; `early` when it was kept less than the minimum."""

    meal_id: str
    canteen_id: str
    dish_id: str
    dish_name: str
    taken_at: str
    discarded_at: str
    hours_kept: str
    early: bool


@registry.register(
    "canteen.sample.violation.v1",
    example={
        "violation_id": "north|2025-03-03.lunch|tudou-si|underweight",
        "canteen_id": "north",
        "meal_id": "2025-03-03.lunch",
        "served_on": "2025-03-03",
        "meal_kind": "lunch",
        "meal_name": None,
        "dish_id": "tudou-si",
        "dish_name": "土豆丝 shredded potato",
        "kind": "underweight",
        "grams": "110",
        "min_grams": "125",
        "hours_kept": None,
        "min_hours": 48,
        "detail": "sample of 110 g, at least 125 g is kept",
    },
)
class SampleViolation(EventData):
    """A dish's sample is missing, under 125 g, or discarded before 48 h; once per dish and kind."""

    violation_id: str
    canteen_id: str
    meal_id: str
    served_on: str
    meal_kind: str
    meal_name: str | None = None
    dish_id: str
    dish_name: str
    kind: str
    grams: str | None = None
    min_grams: str
    hours_kept: str | None = None
    min_hours: int
    detail: str


# --- Staff, health certificates (健康证), rosters and morning checks (晨检) ------------------


class CertificateData(BaseModel):
    """A food handler's health certificate (健康证明)."""

    model_config = ConfigDict(frozen=True)
    number: str
    issued_on: str
    expires_on: str


@registry.register(
    "canteen.staff.updated.v1",
    example={
        "staff_id": "st-wang-cook",
        "canteen_id": "north",
        "name": "王师傅 Wang",
        "position": "cook",
        "active": True,
        "certificate": {
            "number": "JK-2025-000123",
            "issued_on": "2025-01-10",
            "expires_on": "2026-01-09",
        },
        "created": False,
        "changed": ["certificate"],
    },
)
class StaffUpdated(EventData):
    """A food handler was registered or changed (their health certificate included)."""

    staff_id: str
    canteen_id: str
    name: str
    position: str
    active: bool
    certificate: CertificateData | None = None
    created: bool
    changed: tuple[str, ...]


class ShiftData(BaseModel):
    """One shift of a day's roster: when it starts (campus time) and who works it."""

    model_config = ConfigDict(frozen=True)
    shift_id: str
    name: str
    starts_at: str
    staff_ids: tuple[str, ...]


@registry.register(
    "canteen.roster.updated.v1",
    example={
        "canteen_id": "north",
        "day": "2025-03-03",
        "shifts": [
            {
                "shift_id": "early",
                "name": "早班 early",
                "starts_at": "05:30",
                "staff_ids": ["st-wang-cook", "st-li-helper"],
            }
        ],
        "created": True,
    },
)
class RosterUpdated(EventData):
    """A canteen's roster of food handlers for one day was set or changed."""

    canteen_id: str
    day: str
    shifts: tuple[ShiftData, ...]
    created: bool


@registry.register(
    "canteen.morning_check.passed.v1",
    example={
        "canteen_id": "north",
        "day": "2025-03-03",
        "staff_id": "st-wang-cook",
        "staff_name": "王师傅 Wang",
        "temperature_c": "36.5",
        "checked_by": "u-canteen-manager-1",
    },
)
class MorningCheckPassed(EventData):
    """A food handler passed the morning health check (晨检) and may handle food today."""

    canteen_id: str
    day: str
    staff_id: str
    staff_name: str
    temperature_c: str
    checked_by: str


@registry.register(
    "canteen.morning_check.failed.v1",
    example={
        "canteen_id": "north",
        "day": "2025-03-03",
        "staff_id": "st-li-helper",
        "staff_name": "李阿姨 Li",
        "temperature_c": "37.8",
        "fever_threshold_c": "37.3",
        "symptoms": ["fever", "hand_wound"],
        "reasons": ["temperature 37.8 ℃ ≥ 37.3 ℃", "hand wound"],
        "on_shift": True,
        "shifts": ["早班 early"],
        "checked_by": "u-canteen-manager-1",
    },
)
class MorningCheckFailed(EventData):
    """A food handler failed the morning check: off food handling today (critical on shift)."""

    canteen_id: str
    day: str
    staff_id: str
    staff_name: str
    temperature_c: str
    fever_threshold_c: str
    symptoms: tuple[str, ...]
    reasons: tuple[str, ...]
    on_shift: bool
    shifts: tuple[str, ...]
    checked_by: str


class PersonData(BaseModel):
    """A person named in an event."""

    model_config = ConfigDict(frozen=True)
    staff_id: str
    name: str


@registry.register(
    "canteen.morning_check.missing.v1",
    example={
        "canteen_id": "north",
        "day": "2025-03-03",
        "shift_id": "early",
        "shift_name": "早班 early",
        "starts_at": "05:30",
        "unchecked": [{"staff_id": "st-li-helper", "name": "李阿姨 Li"}],
    },
)
class MorningCheckMissing(EventData):
    """A shift started with people on it not yet checked; told once per shift."""

    canteen_id: str
    day: str
    shift_id: str
    shift_name: str
    starts_at: str
    unchecked: tuple[PersonData, ...]


@registry.register(
    "canteen.licence.expiring.v1",
    example={
        "notice_id": "staff:st-wang-cook:health_certificate:JK-2025-0123:2026-01-09:expiring:north",
        "canteen_id": "north",
        "holder_kind": "staff",
        "holder_id": "st-wang-cook",
        "holder_name": "王师傅 Wang",
        "document_kind": "health_certificate",
        "number": "JK-2025-0123",
        "expires_on": "2026-01-09",
        "days_left": 30,
        "lead_days": 30,
    },
)
class LicenceExpiring(EventData):
    """A supplier licence or staff health certificate expires within the lead days; once."""

    notice_id: str
    canteen_id: str
    holder_kind: str
    holder_id: str
    holder_name: str
    document_kind: str
    number: str
    expires_on: str
    days_left: int
    lead_days: int


@registry.register(
    "canteen.licence.expired.v1",
    example={
        "notice_id": "supplier:sup-laozhang:food_business_licence:JY1370:2025-02-19:expired:north",
        "canteen_id": "north",
        "holder_kind": "supplier",
        "holder_id": "sup-laozhang",
        "holder_name": "老张冻品 Lao Zhang Frozen Foods",
        "document_kind": "food_business_licence",
        "number": "JY1370",
        "expires_on": "2025-02-19",
    },
)
class LicenceExpired(EventData):
    """A supplier licence or staff health certificate expired (its last day passed); once."""

    notice_id: str
    canteen_id: str
    holder_kind: str
    holder_id: str
    holder_name: str
    document_kind: str
    number: str
    expires_on: str


# --- Hygiene inspections (卫生检查): checklist templates, failed items, corrective actions ----


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


# --- Temperature logs: devices and their readings -------------------------------------------


@registry.register(
    "canteen.device.updated.v1",
    example={
        "device_id": "north-fridge-2",
        "canteen_id": "north",
        "name": "2号冷藏柜 fridge 2",
        "kind": "fridge",
        "location": "后厨 kitchen",
        "min_c": "0",
        "max_c": "8",
        "interval_minutes": 240,
        "active": True,
        "created": True,
        "changed": ["name", "kind", "location", "min_c", "max_c", "interval_minutes", "active"],
    },
)
class DeviceUpdated(EventData):
    """A temperature-logged device (fridge, freezer, hot holding, probe) was set up or changed."""

    device_id: str
    canteen_id: str
    name: str
    kind: str
    location: str | None = None
    min_c: str | None = None
    max_c: str | None = None
    interval_minutes: int | None = None
    active: bool
    created: bool
    changed: tuple[str, ...]


class ReadingData(BaseModel):
    """One temperature reading."""

    model_config = ConfigDict(frozen=True)
    device_id: str
    celsius: str
    at: str
    in_range: bool
    item: str | None = None


@registry.register(
    "canteen.temperature.recorded.v1",
    example={
        "canteen_id": "north",
        "source": "sensor",
        "recorded_by": "gw-north-sensors",
        "readings": [
            {
                "device_id": "north-fridge-2",
                "celsius": "4.5",
                "at": "2025-03-03T01:00:00.000000Z",
                "in_range": True,
            }
        ],
    },
)
class TemperatureRecorded(EventData):
    """Temperature readings arrived (from a person, or a sensor gateway), one event per request."""

    canteen_id: str
    source: str
    recorded_by: str
    readings: tuple[ReadingData, ...]


@registry.register(
    "canteen.temperature.out_of_range.v1",
    example={
        "canteen_id": "north",
        "device_id": "north-fridge-2",
        "device_name": "2号冷藏柜 fridge 2",
        "kind": "fridge",
        "location": "后厨 kitchen",
        "celsius": "11.0",
        "min_c": "0",
        "max_c": "8",
        "at": "2025-03-03T06:00:00.000000Z",
        "source": "manual",
        "recorded_by": "u-canteen-staff-1",
        "item": None,
    },
)
class TemperatureOutOfRange(EventData):
    """A reading left its device's range (once per excursion; every reading of a probe)."""

    canteen_id: str
    device_id: str
    device_name: str
    kind: str
    location: str | None = None
    celsius: str
    min_c: str | None = None
    max_c: str | None = None
    at: str
    source: str
    recorded_by: str
    item: str | None = None


@registry.register(
    "canteen.temperature.missing.v1",
    example={
        "canteen_id": "north",
        "device_id": "north-freezer-1",
        "device_name": "1号冷冻柜 freezer 1",
        "kind": "freezer",
        "location": "库房 store room",
        "interval_minutes": 240,
        "last_reading_at": "2025-03-03T00:00:00.000000Z",
        "silent_since": "2025-03-03T00:00:00.000000Z",
    },
)
class TemperatureMissing(EventData):
    """A device went longer than its interval without a reading; once per silence."""

    canteen_id: str
    device_id: str
    device_name: str
    kind: str
    location: str | None = None
    interval_minutes: int
    last_reading_at: str | None = None
    silent_since: str


# --- The half-monthly stock count (半月全查) and records retention ------------------------------


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


# Issue 11: dishes and price caps, weekly menus, portions and waste, recalls, diner feedback.


class IngredientData(BaseModel):
    """One ingredient of a dish's recipe, per portion: a stock item, quantity and unit."""

    model_config = ConfigDict(frozen=True)

    item: str
    quantity: str
    unit: str


@registry.register(
    "canteen.dish.updated.v1",
    example={
        "canteen_id": "north",
        "dish_id": "hongshao-rou",
        "name_zh": "红烧肉",
        "name_en": "Red-braised pork",
        "category": "meat_dish",
        "price": "12.00",
        "everyday": False,
        "allergens": ["soy"],
        "allergens_edited": False,
        "ingredients": [{"item": "五花肉 pork belly", "quantity": "0.150", "unit": "kg"}],
        "active": True,
        "created": False,
        "changed": ["ingredients", "allergens"],
    },
)
class DishUpdated(EventData):
    """A dish of a canteen was created or changed (recipe, allergens, price, active)."""

    canteen_id: str
    dish_id: str
    name_zh: str
    name_en: str
    category: str
    price: str
    everyday: bool
    allergens: tuple[str, ...]
    allergens_edited: bool
    ingredients: tuple[IngredientData, ...] = ()
    active: bool
    created: bool
    changed: tuple[str, ...]


@registry.register(
    "canteen.dish.price_changed.v1",
    example={
        "canteen_id": "north",
        "dish_id": "tudou-si",
        "name_zh": "酸辣土豆丝",
        "category": "vegetable_dish",
        "price": "3.50",
        "previous": "3.00",
        "everyday": True,
        "cap": "4.00",
    },
)
class DishPriceChanged(EventData):
    """A dish's price was set or changed; `previous` is None for a new dish."""

    canteen_id: str
    dish_id: str
    name_zh: str
    category: str
    price: str
    previous: str | None = None
    everyday: bool
    cap: str | None = None


@registry.register(
    "canteen.price_cap.changed.v1",
    example={"canteen_id": "north", "category": "vegetable_dish", "cap": "4.00", "previous": None},
)
class PriceCapChanged(EventData):
    """The price cap (最高限价) of everyday dishes of one category was set or changed."""

    canteen_id: str
    category: str
    cap: str
    previous: str | None = None


class MenuEntryData(BaseModel):
    """The dishes of one meal of a weekly menu."""

    model_config = ConfigDict(frozen=True)

    day: str
    meal: str
    dish_ids: tuple[str, ...]


@registry.register(
    "canteen.menu.saved.v1",
    example={
        "canteen_id": "north",
        "week": "2026-W49",
        "status": "draft",
        "entries": [{"day": "2026-11-30", "meal": "lunch", "dish_ids": ["hongshao-rou"]}],
        "show_suppliers": True,
        "version": 1,
    },
)
class MenuSaved(EventData):
    """A weekly menu (周菜谱) was saved; a published menu saved again is published again."""

    canteen_id: str
    week: str
    status: str
    entries: tuple[MenuEntryData, ...]
    show_suppliers: bool
    version: int


@registry.register(
    "canteen.menu.published.v1",
    example={
        "canteen_id": "north",
        "week": "2026-W49",
        "entries": [{"day": "2026-11-30", "meal": "lunch", "dish_ids": ["hongshao-rou"]}],
        "show_suppliers": True,
        "dishes": 1,
        "version": 1,
    },
)
class MenuPublished(EventData):
    """A weekly menu was published: the canteen's public notice (食堂公示) shows it."""

    canteen_id: str
    week: str
    entries: tuple[MenuEntryData, ...]
    show_suppliers: bool
    dishes: int
    version: int


class PortionData(BaseModel):
    """Portions of one dish served at a meal, and its price then."""

    model_config = ConfigDict(frozen=True)

    dish_id: str
    portions: int
    price: str | None = None


@registry.register(
    "canteen.meal.portions_recorded.v1",
    example={
        "canteen_id": "north",
        "meal_id": "2026-11-30.lunch",
        "day": "2026-11-30",
        "portions": [{"dish_id": "hongshao-rou", "portions": 320, "price": "12.00"}],
        "total": 320,
    },
)
class PortionsRecorded(EventData):
    """The portions served at a meal, per dish (replacing what was recorded before)."""

    canteen_id: str
    meal_id: str
    day: str
    portions: tuple[PortionData, ...]
    total: int


@registry.register(
    "canteen.meal.waste_recorded.v1",
    example={
        "canteen_id": "north",
        "meal_id": "2026-11-30.lunch",
        "day": "2026-11-30",
        "grams": "18500",
        "portions": 820,
        "grams_per_portion": "22.56",
    },
)
class WasteRecorded(EventData):
    """Kitchen waste weighed after a meal (光盘行动); per portion when portions are known."""

    canteen_id: str
    meal_id: str
    day: str
    grams: str
    portions: int
    grams_per_portion: str | None = None


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


@registry.register(
    "canteen.feedback.received.v1",
    example={
        "canteen_id": "north",
        "feedback_id": "5b0f7c6e-8a51-4d7e-9a39-0c2b1f2f6a10",
        "kind": "complaint",
        "meal_id": "2026-11-30.lunch",
        "dish_id": "hongshao-rou",
        "stars": None,
        "category": "foreign_object",
        "text": "菜里有头发 a hair in the dish",
        "signed_in": False,
    },
)
class FeedbackReceived(EventData):
    """A diner rated a meal or dish (`stars`), or complained (`category`, `text`)."""

    canteen_id: str
    feedback_id: str
    kind: str
    meal_id: str | None = None
    dish_id: str | None = None
    stars: int | None = None
    category: str | None = None
    text: str | None = None
    signed_in: bool


@registry.register(
    "canteen.complaint.answered.v1",
    example={
        "canteen_id": "north",
        "complaint_id": "5b0f7c6e-8a51-4d7e-9a39-0c2b1f2f6a10",
        "category": "foreign_object",
        "answer": "已对当班厨师进行培训 the cook was retrained",
        "received_at": "2026-11-30T05:10:00.000000Z",
        "answer_hours": "3.5",
    },
)
class ComplaintAnswered(EventData):
    """A manager answered a complaint; `answer_hours` since it was received."""

    canteen_id: str
    complaint_id: str
    category: str
    answer: str
    received_at: str
    answer_hours: str


@registry.register(
    "canteen.satisfaction.computed.v1",
    example={
        "canteen_id": "north",
        "week": "2026-W48",
        "index": "78.5",
        "ratings": 240,
        "mean_stars": "4.10",
        "complaints": 6,
        "answered": 5,
        "answered_in_time": 4,
        "median_answer_hours": "6.0",
    },
)
class SatisfactionComputed(EventData):
    """The weekly satisfaction index (满意度测评) of a canteen; formula in the service README."""

    canteen_id: str
    week: str
    index: str | None = None
    ratings: int
    mean_stars: str | None = None
    complaints: int
    answered: int
    answered_in_time: int
    median_answer_hours: str | None = None


@registry.register(
    "canteen.personal_data.read.v1",
    example={
        "subject_kind": "food_handler",
        "subject_ids": ["fh-zhang-san"],
        "fields": ["certificate", "name"],
        "route": "GET /canteens/{canteen_id}/staff/{staff_id}",
    },
)
class StaffHealthRead(PersonalDataRead):
    """Food handlers' health certificates, or diners' contacts on complaints, were read.

    Food handlers are named by their staff ids; diners (`subject_kind` diner) by
    `complaint:<id>`."""
