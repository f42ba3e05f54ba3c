"""The forms of the canteen tablet: what each accepts, checked before the canteen is called.

The canteen service checks again and has the last word (a dish the meal does not serve, an
expired health certificate); these catch a typo at once, such as 1,500 g or 3.7 ℃ for a person.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import Field, field_validator

from services.console.api.schemas import CODE_PATTERN, Form
from services.console.domain.vocabulary import N_

Symptom = Literal[
    "fever", "hand_wound", "diarrhoea", "vomiting", "skin_infection", "throat_infection"
]


class MealForm(Form):
    """A served meal: its kind and its dishes, one a line."""

    canteen: str = Field(pattern=CODE_PATTERN)
    kind: Literal["breakfast", "lunch", "dinner"]
    dishes: str = Field(min_length=1, max_length=2000)


class SampleForm(Form):
    """A dish's sample as weighed and put in the fridge."""

    canteen: str = Field(pattern=CODE_PATTERN)
    grams: Decimal = Field(gt=0, le=5000, decimal_places=1)
    fridge: str = Field(min_length=1, max_length=100)


class StepForm(Form):
    """A step with no fields of its own (close a meal, discard a sample)."""

    canteen: str = Field(pattern=CODE_PATTERN)


class CheckForm(Form):
    """A morning check: body temperature and what was found."""

    canteen: str = Field(pattern=CODE_PATTERN)
    staff_id: str = Field(pattern=CODE_PATTERN)
    temperature_c: Decimal = Field(ge=34, le=43, decimal_places=1)
    symptoms: list[Symptom] = Field(default_factory=list, max_length=6)
    note: str | None = Field(default=None, max_length=300)

    @field_validator("note", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return value or None

    def body(self) -> dict[str, Any]:
        """The body of the canteen's morning-check call."""
        return {
            "staff_id": self.staff_id,
            "temperature_c": str(self.temperature_c),
            "symptoms": self.symptoms,
            "note": self.note,
        }


class ReadingForm(Form):
    """A thermometer reading of one device."""

    canteen: str = Field(pattern=CODE_PATTERN)
    celsius: Decimal = Field(ge=-60, le=300, decimal_places=1)


class EvidenceForm(Form):
    """What was done to correct a finding."""

    canteen: str = Field(pattern=CODE_PATTERN)
    evidence: str = Field(min_length=2, max_length=2000)


def inspection_body(
    checklist: dict[str, Any], values: dict[str, str]
) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """The inspection's body from `score-<item>` / `finding-<item>` fields, or errors by field.

    An item scored below its points needs a finding, as the canteen requires; the page names it.
    """
    results, errors = [], {}
    for item in checklist["items"]:
        name = f"score-{item['item_id']}"
        raw = values.get(name, "").strip()
        if not raw.isdigit() or not 0 <= int(raw) <= item["points"]:
            errors[name] = N_("A score from 0 to the item's points.")
            continue
        finding = values.get(f"finding-{item['item_id']}", "").strip()[:1000]
        if int(raw) < item["points"] and not finding:
            errors[f"finding-{item['item_id']}"] = N_("Write what was found.")
        result: dict[str, Any] = {"item_id": item["item_id"], "score": int(raw)}
        if finding:
            result["finding"] = finding
        results.append(result)
    if errors:
        return None, errors
    return {"template_id": checklist["template_id"], "results": results}, {}
