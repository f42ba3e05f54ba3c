"""The forms of a canteen's reference data: what each accepts, checked before the canteen is
called (which checks again, has the last word, and publishes every change)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from services.console.api.schemas import CODE_PATTERN, Form
from services.console.domain.vocabulary import N_

DAY = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
ID = r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$"
HINTS = {
    "canteen": N_("Choose the canteen again."),
    "staff_id": N_("A code such as a work number: letters, digits and . _ : -."),
    "device_id": N_("A code such as fridge-3: letters, digits and . _ : -."),
    "template_id": N_("A code such as weekly-kitchen: letters, digits and . _ : -."),
    "name": N_("A name of at most 100 characters."),
    "position": N_("Choose what the person does."),
    "cert_number": N_("The certificate's number (at most 50 characters)."),
    "cert_issued_on": N_("The day it was issued, YYYY-MM-DD."),
    "cert_expires_on": N_("Its last valid day, YYYY-MM-DD, after the issue."),
    "kind": N_("Choose a kind."),
    "location": N_("At most 100 characters."),
    "place": N_("At most 100 characters."),
    "min_c": N_("Degrees from -60 to 300, one decimal; blank: the kind's default."),
    "max_c": N_("Degrees from -60 to 300, one decimal, not below the minimum."),
    "interval_minutes": N_("Minutes from 1 to 10080; blank: the kind's default."),
    "pass_mark": N_("A percentage from 0 to 100."),
    "due_days": N_("Days from 0 to 90; blank: 3."),
    "day": N_("A day, YYYY-MM-DD."),
}


def _blank(value: Any) -> Any:
    return (value.strip() or None) if isinstance(value, str) else value


def _checked(value: Any) -> bool:
    return value in ("on", "true", True)


class StaffForm(Form):
    """A food handler and their health certificate (all three of its fields, or none)."""

    canteen: str = Field(pattern=CODE_PATTERN)
    staff_id: str = Field(pattern=ID)
    name: str = Field(min_length=1, max_length=100)
    position: Literal["cook", "helper", "pastry", "server", "storekeeper", "cleaner", "other"]
    active: bool = False
    cert_number: str | None = Field(default=None, max_length=50)
    cert_issued_on: str | None = Field(default=None, pattern=DAY)
    cert_expires_on: str | None = Field(default=None, pattern=DAY)

    @field_validator("cert_number", "cert_issued_on", "cert_expires_on", mode="before")
    @classmethod
    def _blanks(cls, value: Any) -> Any:
        return _blank(value)

    @field_validator("active", mode="before")
    @classmethod
    def _box(cls, value: Any) -> bool:
        return _checked(value)

    @model_validator(mode="after")
    def _whole_certificate(self) -> StaffForm:
        given = {
            "cert_number": self.cert_number,
            "cert_issued_on": self.cert_issued_on,
            "cert_expires_on": self.cert_expires_on,
        }
        if any(given.values()) and not all(given.values()):
            raise ValueError(next(k for k, v in given.items() if not v))
        return self

    def body(self) -> dict[str, Any]:
        """The canteen's PUT body."""
        cert = None
        if self.cert_number:
            cert = {
                "number": self.cert_number,
                "issued_on": self.cert_issued_on,
                "expires_on": self.cert_expires_on,
            }
        return {
            "name": self.name,
            "position": self.position,
            "active": self.active,
            "certificate": cert,
        }


class DeviceForm(Form):
    """A temperature-logged device; a blank range or interval is its kind's default."""

    canteen: str = Field(pattern=CODE_PATTERN)
    device_id: str = Field(pattern=ID)
    name: str = Field(min_length=1, max_length=100)
    kind: Literal["cold_room", "fridge", "freezer", "hot_holding", "core_probe"]
    location: str | None = Field(default=None, max_length=100)
    min_c: Decimal | None = Field(default=None, ge=-60, le=300, decimal_places=1)
    max_c: Decimal | None = Field(default=None, ge=-60, le=300, decimal_places=1)
    interval_minutes: int | None = Field(default=None, ge=1, le=7 * 24 * 60)
    active: bool = False

    @field_validator("location", "min_c", "max_c", "interval_minutes", mode="before")
    @classmethod
    def _blanks(cls, value: Any) -> Any:
        return _blank(value)

    @field_validator("active", mode="before")
    @classmethod
    def _box(cls, value: Any) -> bool:
        return _checked(value)

    @model_validator(mode="after")
    def _in_order(self) -> DeviceForm:
        if self.min_c is not None and self.max_c is not None and self.min_c > self.max_c:
            raise ValueError("max_c")
        return self

    def body(self) -> dict[str, Any]:
        """The canteen's PUT body (decimals as strings, exact)."""
        return {
            "name": self.name,
            "kind": self.kind,
            "location": self.location,
            "min_c": None if self.min_c is None else str(self.min_c),
            "max_c": None if self.max_c is None else str(self.max_c),
            "interval_minutes": self.interval_minutes,
            "active": self.active,
        }


class ChecklistForm(Form):
    """A checklist template's head (its items are rows: `domain.canteen_setup.items_from`)."""

    canteen: str = Field(pattern=CODE_PATTERN)
    template_id: str = Field(pattern=ID)
    name: str = Field(min_length=1, max_length=100)
    kind: Literal["daily_kitchen", "weekly_kitchen", "store_room", "dining_hall"]
    place: str | None = Field(default=None, max_length=100)
    pass_mark: int = Field(ge=0, le=100)
    due_days: int | None = Field(default=None, ge=0, le=90)

    @field_validator("place", "due_days", mode="before")
    @classmethod
    def _blanks(cls, value: Any) -> Any:
        return _blank(value)

    def body(self, items: list[dict[str, Any]], canteens: list[str] | None) -> dict[str, Any]:
        """The canteen's PUT body; `canteens` None leaves those it serves unchanged."""
        body: dict[str, Any] = {
            "name": self.name,
            "kind": self.kind,
            "place": self.place,
            "pass_mark": self.pass_mark,
            "due_days": self.due_days,
            "items": items,
        }
        if canteens is not None:
            body["canteens"] = canteens
        return body


#: The form fields of the canteen's field paths in its 422 problems.
ALIASES = {
    "certificate": "cert_expires_on",
    "certificate.number": "cert_number",
    "certificate.issued_on": "cert_issued_on",
    "certificate.expires_on": "cert_expires_on",
    "day": "day",
}
