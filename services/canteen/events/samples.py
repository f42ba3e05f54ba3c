"""Food samples (留样): meals, their dishes, the samples and their violations."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from services.canteen.events.base import registry
from shared.envelope import EventData


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
