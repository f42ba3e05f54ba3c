"""Issue 11's kitchen side: dishes and price caps (最高限价), weekly menus, portions and waste
per meal (光盘行动)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from services.canteen.events.base import registry
from shared.envelope import EventData


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
