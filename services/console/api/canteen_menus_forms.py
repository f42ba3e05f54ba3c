"""The forms of dishes, price caps, menus and diners' feedback, checked before the canteen is
called (which checks again, has the last word on caps, and publishes every change)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal
from uuid import UUID

from pydantic import Field, field_validator

from services.console.api.schemas import CODE_PATTERN, Form
from services.console.domain.vocabulary import N_

MONEY = r"^[0-9]{1,5}(\.[0-9]{1,2})?$"
DISH_ID = r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$"
CATEGORY = r"^[A-Za-z0-9._:-]{1,64}$"
MEAL_ID = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}\.(breakfast|lunch|dinner)$"
HINTS = {
    "canteen": N_("Choose the canteen again."),
    "dish_id": N_("A code such as tomato-egg: letters, digits and . _ : -."),
    "name_zh": N_("The dish's Chinese name, at most 100 characters."),
    "name_en": N_("The dish's English name (may be left empty), at most 100 characters."),
    "category": N_("A category code such as staple or meat_dish: letters, digits and . _ : -."),
    "price": N_("Yuan with at most two decimals, such as 8.50."),
    "cap": N_("Yuan with at most two decimals, such as 8.00."),
    "answer": N_("An answer of 2 to 2,000 characters."),
    "stars": N_("Choose from 1 to 5 stars."),
    "comment": N_("At most 500 characters."),
    "text": N_("Tell us what happened, 3 to 2,000 characters."),
    "contact": N_("A phone number or e-mail, at most 100 characters."),
    "meal_id": N_("Choose a meal of this week."),
    "dish_id_rated": N_("Choose a dish of this meal."),
    "from": N_("A day, YYYY-MM-DD."),
    "to": N_("A day, YYYY-MM-DD, not before the first."),
}


def _blank(value: Any) -> Any:
    return (value.strip() or None) if isinstance(value, str) else value


def _box(value: Any) -> bool:
    return value in ("on", "true", True)


class DishForm(Form):
    """A dish's head (its recipe rows and allergens are read by `domain.menus`)."""

    canteen: str = Field(pattern=CODE_PATTERN)
    dish_id: str = Field(pattern=DISH_ID)
    name_zh: str = Field(min_length=1, max_length=100)
    name_en: str = Field(default="", max_length=100)
    category: str = Field(pattern=CATEGORY)
    price: str = Field(pattern=MONEY)
    everyday: bool = False
    active: bool = False

    @field_validator("everyday", "active", mode="before")
    @classmethod
    def _boxes(cls, value: Any) -> bool:
        return _box(value)

    def body(self, ingredients: list[dict[str, str]], allergens: list[str] | None) -> dict:
        """The canteen's PUT body (the price a decimal string, exact)."""
        return {
            "name_zh": self.name_zh,
            "name_en": self.name_en,
            "category": self.category,
            "ingredients": ingredients,
            "allergens": allergens,
            "price": str(Decimal(self.price).quantize(Decimal("0.01"))),
            "everyday": self.everyday,
            "active": self.active,
        }


class CapForm(Form):
    """The cap of a category's everyday dishes."""

    canteen: str = Field(pattern=CODE_PATTERN)
    category: str = Field(pattern=CATEGORY)
    cap: str = Field(pattern=MONEY)

    def body(self) -> dict[str, str]:
        """The canteen's PUT body."""
        return {"cap": str(Decimal(self.cap).quantize(Decimal("0.01")))}


class AnswerForm(Form):
    """The manager's answer to a complaint."""

    canteen: str = Field(pattern=CODE_PATTERN)
    answer: str = Field(min_length=2, max_length=2000)


class RatingForm(Form):
    """A diner's stars for a meal or one of its dishes (`rating_id`: made when the page was
    shown, so a form sent twice counts once)."""

    rating_id: UUID
    meal_id: str = Field(pattern=MEAL_ID)
    dish_id: str | None = Field(default=None, pattern=DISH_ID)
    stars: int = Field(ge=1, le=5)
    comment: str | None = Field(default=None, max_length=500)

    @field_validator("dish_id", "comment", mode="before")
    @classmethod
    def _blanks(cls, value: Any) -> Any:
        return _blank(value)

    def body(self) -> dict[str, Any]:
        """The canteen's ratings body."""
        return {**self.model_dump(), "rating_id": str(self.rating_id)}


class ComplaintForm(Form):
    """A diner's complaint, with or without the meal and dish it concerns."""

    complaint_id: UUID
    category: Literal["taste", "hygiene", "price", "service", "foreign_object", "portion", "other"]
    text: str = Field(min_length=3, max_length=2000)
    meal_id: str | None = Field(default=None, pattern=MEAL_ID)
    dish_id: str | None = Field(default=None, pattern=DISH_ID)
    contact: str | None = Field(default=None, max_length=100)

    @field_validator("meal_id", "dish_id", "contact", mode="before")
    @classmethod
    def _blanks(cls, value: Any) -> Any:
        return _blank(value)

    def body(self) -> dict[str, Any]:
        """The canteen's complaints body."""
        return {**self.model_dump(), "complaint_id": str(self.complaint_id)}
