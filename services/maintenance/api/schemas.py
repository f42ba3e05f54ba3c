"""HTTP schemas: Create / Update inputs (extra fields refused) and Read outputs."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from services.maintenance.domain.vocabulary import Category, Priority
from services.maintenance.settings import TargetSetting

CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,79}$"
PHONE_PATTERN = r"^\+?[0-9][0-9 -]{4,19}$"


class In(BaseModel):
    """Base of every input: unknown fields are an error, strings are trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ContactIn(In):
    """How to reach someone without an account (a caller, a QR requester)."""

    name: str = Field(min_length=1, max_length=60)
    phone: str = Field(pattern=PHONE_PATTERN)
    email: str | None = Field(default=None, max_length=120, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class TicketCreate(In):
    """A repair request from the web, or a phone call entered by a dispatcher."""

    location_id: str | None = Field(default=None, pattern=CODE_PATTERN)
    asset_tag: str | None = Field(default=None, pattern=CODE_PATTERN)
    category: Category
    description: str = Field(min_length=3, max_length=2000)
    priority: Priority | None = None
    channel: Literal["web", "phone"] = "web"
    requester_id: str | None = Field(default=None, min_length=1, max_length=120)
    contact: ContactIn | None = None

    @model_validator(mode="after")
    def _somewhere(self) -> TicketCreate:
        if self.location_id is None and self.asset_tag is None:
            raise ValueError("give a location_id or an asset_tag")
        return self


class TriageIn(In):
    """Confirm or correct category and priority."""

    priority: Priority | None = None
    category: Category | None = None
    note: str | None = Field(default=None, max_length=500)


class AssignIn(In):
    """Name at most one of technician, team or contractor; none means automatic dispatch."""

    technician_id: str | None = Field(default=None, min_length=1, max_length=120)
    team_id: str | None = Field(default=None, pattern=CODE_PATTERN)
    contractor_id: str | None = Field(default=None, pattern=CODE_PATTERN)
    reason: str | None = Field(default=None, max_length=500)

    @model_validator(mode="after")
    def _one(self) -> AssignIn:
        named = [x for x in (self.technician_id, self.team_id, self.contractor_id) if x]
        if len(named) > 1:
            raise ValueError("name only one of technician_id, team_id, contractor_id")
        return self


class HoldIn(In):
    """Why work pauses."""

    reason: Literal["parts", "requester", "access", "contractor", "other"]
    note: str | None = Field(default=None, max_length=500)


class NoteIn(In):
    """An optional note."""

    note: str | None = Field(default=None, max_length=1000)


class CloseIn(In):
    """The requester's 1–5 rating and comment."""

    rating: int = Field(ge=1, le=5, strict=True)
    comment: str | None = Field(default=None, max_length=1000)


class ReopenIn(In):
    """Why the fault is not fixed."""

    reason: str = Field(min_length=1, max_length=500)


class FollowUpCloseIn(CloseIn):
    """Close through the follow-up key (requesters without an account)."""

    key: str = Field(min_length=8, max_length=64)


class FollowUpReopenIn(ReopenIn):
    """Reopen through the follow-up key."""

    key: str = Field(min_length=8, max_length=64)


class PublicRequestIn(In):
    """The QR form: the token names the place, so no location fields are accepted."""

    token: str = Field(min_length=10, max_length=512)
    category: Category
    description: str = Field(min_length=3, max_length=2000)
    contact_name: str = Field(min_length=1, max_length=60)
    contact_phone: str = Field(pattern=PHONE_PATTERN)
    contact_email: str | None = Field(
        default=None, max_length=120, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
    )


class QrCodeCreate(In):
    """A QR code for a place or an asset."""

    location_id: str | None = Field(default=None, pattern=CODE_PATTERN)
    asset_tag: str | None = Field(default=None, pattern=CODE_PATTERN)
    label: str | None = Field(default=None, max_length=120)

    @model_validator(mode="after")
    def _one(self) -> QrCodeCreate:
        if (self.location_id is None) == (self.asset_tag is None):
            raise ValueError("give exactly one of location_id and asset_tag")
        return self


class AssetPut(In):
    """Where an asset tag is."""

    location_id: str = Field(pattern=CODE_PATTERN)
    name: str | None = Field(default=None, max_length=120)


class RulePut(In):
    """Orders of a category (in a building, or anywhere on the campus) go to …"""

    campus_id: str = Field(pattern=CODE_PATTERN)
    category: Category
    building_id: str | None = Field(default=None, pattern=CODE_PATTERN)
    technician_id: str | None = Field(default=None, min_length=1, max_length=120)
    team_id: str | None = Field(default=None, pattern=CODE_PATTERN)

    @model_validator(mode="after")
    def _one(self) -> RulePut:
        if (self.technician_id is None) == (self.team_id is None):
            raise ValueError("name exactly one of technician_id and team_id")
        return self


class TeamPut(In):
    """A team of technicians."""

    campus_id: str = Field(pattern=CODE_PATTERN)
    name: str = Field(min_length=1, max_length=120)
    members: list[str] = Field(min_length=1, max_length=200)

    @field_validator("members")
    @classmethod
    def _distinct(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value) or any(not m or len(m) > 120 for m in value):
            raise ValueError("members must be distinct non-empty user ids")
        return value


class ContractorPut(In):
    """An outside firm with its answer clock and escalation contact."""

    name: str = Field(min_length=1, max_length=120)
    technician_id: str = Field(min_length=1, max_length=120)
    response: TargetSetting = TargetSetting(amount=24, unit="business_hours")
    escalate_to: str | None = Field(default=None, min_length=1, max_length=120)


class WarrantyPut(In):
    """A building or asset under a contractor's warranty until a date."""

    contractor_id: str = Field(pattern=CODE_PATTERN)
    campus_id: str = Field(pattern=CODE_PATTERN)
    until: date
    building_id: str | None = Field(default=None, pattern=CODE_PATTERN)
    asset_tag: str | None = Field(default=None, pattern=CODE_PATTERN)
    categories: list[Category] = []

    @model_validator(mode="after")
    def _one(self) -> WarrantyPut:
        if (self.building_id is None) == (self.asset_tag is None):
            raise ValueError("give exactly one of building_id and asset_tag")
        return self


class CheckpointIn(In):
    """A checkpoint on a route."""

    id: str = Field(pattern=CODE_PATTERN)
    name: str = Field(min_length=1, max_length=120)
    location_id: str = Field(pattern=CODE_PATTERN)
    category: Category
    checklist: list[str] = Field(default=[], max_length=50)
    device_tag: str | None = Field(default=None, pattern=CODE_PATTERN)
    priority: Priority = Priority.ROUTINE


class RoutePut(In):
    """A patrol route."""

    name: str = Field(min_length=1, max_length=120)
    campus_id: str = Field(pattern=CODE_PATTERN)
    checkpoints: list[CheckpointIn] = Field(min_length=1, max_length=500)

    @field_validator("checkpoints")
    @classmethod
    def _distinct(cls, value: list[CheckpointIn]) -> list[CheckpointIn]:
        if len({c.id for c in value}) != len(value):
            raise ValueError("checkpoint ids must be distinct")
        return value


class ResultIn(In):
    """The verdict at one checkpoint."""

    checkpoint_id: str = Field(pattern=CODE_PATTERN)
    passed: bool
    finding: str | None = Field(default=None, max_length=1000)
    failed_items: list[str] = Field(default=[], max_length=50)
    false_alarm: bool = False


class RunIn(In):
    """A patrol run: one result per checkpoint."""

    results: list[ResultIn] = Field(min_length=1, max_length=500)


class IncidentIn(In):
    """A device misfired or failed outside a patrol."""

    kind: Literal["false_alarm", "failure"]
    location_id: str | None = Field(default=None, pattern=CODE_PATTERN)


class SchedulePut(In):
    """A preventive schedule: every N days, or on fixed dates each year (MM-DD)."""

    name: str = Field(min_length=1, max_length=120)
    location_id: str = Field(pattern=CODE_PATTERN)
    asset_tag: str | None = Field(default=None, pattern=CODE_PATTERN)
    category: Category
    priority: Priority = Priority.ROUTINE
    description: str = Field(default="", max_length=2000)
    kind: Literal["interval", "yearly"]
    interval_days: int | None = Field(default=None, ge=1, le=3660)
    dates: list[str] = Field(default=[], max_length=24)
    start: date
    lead_days: int = Field(default=14, ge=0, le=365)
    active: bool = True

    @field_validator("dates")
    @classmethod
    def _month_days(cls, value: list[str]) -> list[str]:
        for text in value:
            if len(text) != 5 or text[2] != "-" or not (text[:2] + text[3:]).isdigit():
                raise ValueError(f"dates are MM-DD, got {text!r}")
        return value


class Page(BaseModel):
    """A page of results and the cursor of the next page."""

    items: list[dict]
    next_cursor: str | None = None
