"""Staff, health certificates (健康证), rosters and morning checks (晨检), the licences and
certificates that expire, and the record of who read personal data (food handlers'
certificates, diners' contacts on complaints)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from services.canteen.events.base import registry
from shared.envelope import EventData
from shared.personal_data import PersonalDataRead


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
