"""The forms of loans and reservations: what each accepts, checked before the assets service
is called (which checks again and has the last word: scope, overlapping days, the limits)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from services.console.api.schemas import CODE_PATTERN, Form
from services.console.domain.vocabulary import N_

DAY_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
TAG_PATTERN = r"^[A-Za-z0-9-]{1,40}$"
#: What a refused field's reason says (instead of pydantic's English), by field.
HINTS = {
    "tag": N_("The tag printed on the label, such as ZC-B01-0001."),
    "asset_id": N_("Open the asset's page and choose the action there."),
    "borrower_id": N_("The borrower's user id."),
    "person_id": N_("The person's user id, or blank for yourself."),
    "due_on": N_("A day, YYYY-MM-DD."),
    "starts_on": N_("A day, YYYY-MM-DD."),
    "ends_on": N_("A day, YYYY-MM-DD, not before the first day."),
    "purpose": N_("At most 500 characters."),
    "note": N_("Describe the damage found (at most 500 characters)."),
    "condition": N_("Choose the condition the asset came back in."),
}


def _blank_is_none(value: Any) -> Any:
    return (value.strip() or None) if isinstance(value, str) else value


class AssetChoice(Form):
    """Which asset: its id (from its page) or a typed tag."""

    asset_id: str | None = Field(default=None, pattern=CODE_PATTERN)
    tag: str | None = Field(default=None, pattern=TAG_PATTERN)

    @field_validator("asset_id", "tag", mode="before")
    @classmethod
    def _blank(cls, value: Any) -> Any:
        return _blank_is_none(value)

    @model_validator(mode="after")
    def _one(self) -> AssetChoice:
        if self.asset_id is None and self.tag is None:
            raise ValueError("tag")
        return self


class LendForm(AssetChoice):
    """Lend an asset: to whom, until when, what for."""

    borrower_id: str = Field(pattern=CODE_PATTERN)
    due_on: str = Field(pattern=DAY_PATTERN)
    purpose: str | None = Field(default=None, max_length=500)

    @field_validator("purpose", mode="before")
    @classmethod
    def _blank_purpose(cls, value: Any) -> Any:
        return _blank_is_none(value)

    def body(self, asset_id: str) -> dict[str, Any]:
        """The assets API's body."""
        body = {"asset_id": asset_id, "borrower_id": self.borrower_id, "due_on": self.due_on}
        return body | ({"purpose": self.purpose} if self.purpose else {})


class ReserveForm(AssetChoice):
    """Reserve days of an asset, for oneself or (a manager) for someone else."""

    starts_on: str = Field(pattern=DAY_PATTERN)
    ends_on: str = Field(pattern=DAY_PATTERN)
    person_id: str | None = Field(default=None, pattern=CODE_PATTERN)
    purpose: str | None = Field(default=None, max_length=500)

    @field_validator("person_id", "purpose", mode="before")
    @classmethod
    def _blank_fields(cls, value: Any) -> Any:
        return _blank_is_none(value)

    @model_validator(mode="after")
    def _in_order(self) -> ReserveForm:
        if self.ends_on < self.starts_on:
            raise ValueError("ends_on")
        return self

    def body(self, asset_id: str) -> dict[str, Any]:
        """The assets API's body."""
        body: dict[str, Any] = {
            "asset_id": asset_id,
            "starts_on": self.starts_on,
            "ends_on": self.ends_on,
        }
        for key in ("person_id", "purpose"):
            if getattr(self, key):
                body[key] = getattr(self, key)
        return body


class ReturnForm(Form):
    """The condition check when an asset comes back; damage needs a description."""

    condition: Literal["good", "damaged"]
    note: str | None = Field(default=None, max_length=500)
    deliberate: bool = False

    @field_validator("note", mode="before")
    @classmethod
    def _blank_note(cls, value: Any) -> Any:
        return _blank_is_none(value)

    @field_validator("deliberate", mode="before")
    @classmethod
    def _checkbox(cls, value: Any) -> Any:
        return value in ("on", "true", True)

    @model_validator(mode="after")
    def _described(self) -> ReturnForm:
        if self.condition == "damaged" and not self.note:
            raise ValueError("note")
        return self

    def body(self) -> dict[str, Any]:
        """The assets API's body (deliberate only counts for a damage)."""
        damaged = self.condition == "damaged"
        return {
            "condition": self.condition,
            "note": self.note,
            "deliberate": damaged and self.deliberate,
        }
