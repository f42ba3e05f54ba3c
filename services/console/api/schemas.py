"""The console's forms: what each accepts (unknown fields refused), checked before any call.

The services check again and have the last word; these catch what a person can fix at once
(an empty field, a rating of 7) so the page can name the field without a round trip.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from services.console.domain.forms import FormErrors

PHONE_PATTERN = r"^\+?[0-9][0-9 -]{4,19}$"
CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,79}$"
Category = Literal["civil", "plumbing", "electrical", "heating", "network", "furniture", "other"]
Priority = Literal["emergency", "urgent", "high", "routine"]


class Form(BaseModel):
    """Base of every form: the CSRF token is the only field besides the declared ones."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    csrf: str = Field(default="", exclude=True)


class PublicRequestForm(Form):
    """The QR repair form: the contact is optional, a name and a phone number together."""

    category: Category
    description: str = Field(min_length=3, max_length=2000)
    contact_name: str | None = Field(default=None, max_length=60)
    contact_phone: str | None = Field(default=None, pattern=PHONE_PATTERN)
    contact_email: str | None = Field(default=None, max_length=120)

    @field_validator("contact_name", "contact_phone", "contact_email", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return (value.strip() or None) if isinstance(value, str) else value

    def half_contact(self) -> str | None:
        """The contact field missing when only part of the contact is given (else None)."""
        if self.contact_phone is not None and self.contact_name is None:
            return "contact_name"
        if self.contact_name is not None and self.contact_phone is None:
            return "contact_phone"
        if self.contact_email is not None and self.contact_phone is None:
            return "contact_name"  # an e-mail alone: the name and phone go with it
        return None


class WebRequestForm(Form):
    """A signed-in requester's form."""

    location_id: str = Field(pattern=CODE_PATTERN)
    category: Category
    description: str = Field(min_length=3, max_length=2000)


class RateForm(Form):
    """1–5 stars and a comment: closes the request."""

    rating: int = Field(ge=1, le=5)
    comment: str | None = Field(default=None, max_length=1000)


class ReopenForm(Form):
    """Why the fault is not fixed."""

    reason: str = Field(min_length=1, max_length=500)


class TriageForm(Form):
    """Confirm or correct category and priority."""

    priority: Priority | None = None
    category: Category | None = None
    note: str | None = Field(default=None, max_length=500)

    @field_validator("priority", "category", "note", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return value or None


class AssignForm(Form):
    """To whom: automatic (the rules), a technician, a team or a contractor."""

    to: Literal["auto", "technician", "team", "contractor"] = "auto"
    technician_id: str = Field(default="", max_length=120)
    team_id: str = Field(default="", max_length=80)
    contractor_id: str = Field(default="", max_length=80)
    reason: str = Field(default="", max_length=500)

    def body(self) -> dict[str, str]:
        """The body of maintenance's assign call."""
        body = {"reason": self.reason}
        if self.to != "auto":
            body[f"{self.to}_id"] = getattr(self, f"{self.to}_id")
        return body

    def missing(self) -> str | None:
        """The field a named assignee needs and lacks."""
        if self.to != "auto" and not getattr(self, f"{self.to}_id"):
            return f"{self.to}_id"
        return None


class HoldForm(Form):
    """Why work pauses."""

    reason: Literal["parts", "requester", "access", "contractor", "other"]
    note: str = Field(default="", max_length=500)


class ResolveForm(Form):
    """What was done."""

    note: str = Field(default="", max_length=1000)


F = TypeVar("F", bound=Form)


def parse_form(model: type[F], data: Mapping[str, Any]) -> tuple[F | None, FormErrors]:
    """The form, or the errors by field (the values typed stay in `data` for the page)."""
    try:
        return model.model_validate(dict(data)), FormErrors()
    except ValidationError as exc:
        fields: dict[str, str] = {}
        for err in exc.errors():
            name = ".".join(str(p) for p in err["loc"]) or "form"
            fields.setdefault(name, err["msg"])
        return None, FormErrors(fields)


class AssetForm(Form):
    """Register an asset (the assets service checks the rest: category, scope, tag taken)."""

    tag: str = Field(pattern=r"^[A-Za-z0-9-]{3,40}$")
    name: str = Field(min_length=1, max_length=200)
    category_code: str = Field(pattern=r"^[1-6][0-9]{6}$")
    building_id: str = Field(pattern=CODE_PATTERN)
    room_id: str | None = Field(default=None, pattern=CODE_PATTERN)
    purchase_value: str = Field(pattern=r"^[0-9]{1,12}(\.[0-9]{1,2})?$")
    purchase_date: str = Field(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")

    @field_validator("room_id", mode="before")
    @classmethod
    def _blank_room(cls, value: Any) -> Any:
        return value or None

    def body(self) -> dict[str, Any]:
        """The assets API's body."""
        return self.model_dump(exclude_none=True)


class FaultForm(Form):
    """Report a fault of an asset (its page, from its QR label)."""

    tag: str = Field(pattern=r"^[A-Za-z0-9-]{1,40}$")
    category: Category
    description: str = Field(min_length=3, max_length=2000)


class StocktakeForm(Form):
    """Start counting a building."""

    building_id: str = Field(pattern=CODE_PATTERN)
    name: str = Field(min_length=1, max_length=200)


class ScanForm(Form):
    """What was seen in one room: typed tags or the labels' URLs the camera read."""

    room_id: str = Field(pattern=CODE_PATTERN)
    codes: str = Field(min_length=1, max_length=40_000)
