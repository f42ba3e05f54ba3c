"""Maintenance settings: `CAMPUS_MAINTENANCE_*` variables (nested with `__`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from pydantic import (
    BaseModel,
    Field,
    IPvAnyNetwork,
    SecretStr,
    field_validator,
    model_validator,
)
from pydantic_settings import NoDecode, SettingsConfigDict

from services.maintenance.domain.calendar import WorkingCalendar, parse_hhmm
from services.maintenance.domain.sla import (
    DEFAULT_AT_RISK_SHARE,
    DEFAULT_TARGETS,
    EscalationRule,
    PriorityTargets,
    SlaPolicy,
    Target,
)
from services.maintenance.domain.vocabulary import Category, Priority
from shared.addresses import proxy_list
from shared.settings import ServiceSettings, known_zone


class TargetSetting(BaseModel):
    """A budget: `{"amount": 48, "unit": "business_hours"}`."""

    amount: float = Field(gt=0, le=100_000)
    unit: Literal["hours", "business_hours", "business_days"]

    def to_target(self) -> Target:
        """The domain value."""
        return Target(self.amount, self.unit)


class PriorityTargetSetting(BaseModel):
    """Response and resolution budgets of one priority."""

    response: TargetSetting
    resolution: TargetSetting


def _default_targets() -> dict[Priority, PriorityTargetSetting]:
    return {
        p: PriorityTargetSetting(
            response=TargetSetting(amount=t.response.amount, unit=t.response.unit),
            resolution=TargetSetting(amount=t.resolution.amount, unit=t.resolution.unit),
        )
        for p, t in DEFAULT_TARGETS.items()
    }


class CalendarSetting(BaseModel):
    """Working hours (local), workdays (0 = Monday), holidays and make-up workdays; the zone is
    the service's `timezone` unless the calendar names its own."""

    timezone: str | None = None
    windows: list[tuple[str, str]] = [("08:00", "12:00"), ("14:00", "18:00")]
    workdays: list[int] = [0, 1, 2, 3, 4]
    holidays: list[date] = []
    extra_workdays: list[date] = []

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str | None) -> str | None:
        return None if value is None else known_zone(value)

    @field_validator("workdays")
    @classmethod
    def _days(cls, value: list[int]) -> list[int]:
        if any(not 0 <= d <= 6 for d in value):
            raise ValueError("workdays are 0 (Monday) to 6 (Sunday)")
        return value

    @model_validator(mode="after")
    def _builds(self) -> CalendarSetting:
        self.to_calendar("UTC")  # raises ValueError with the reason
        return self

    def to_calendar(self, default_zone: str) -> WorkingCalendar:
        """The domain calendar (in `default_zone` unless it names its own)."""
        return WorkingCalendar(
            tz=ZoneInfo(self.timezone or default_zone),
            windows=tuple((parse_hhmm(a), parse_hhmm(b)) for a, b in self.windows),
            workdays=frozenset(self.workdays),
            holidays=frozenset(self.holidays),
            extra_workdays=frozenset(self.extra_workdays),
        )


class EscalationSetting(BaseModel):
    """A breach in this campus / category escalates to `target` (a user id or duty role)."""

    target: str = Field(min_length=1, max_length=120)
    campus_id: str | None = None
    category: Category | None = None


DEV_QR_SECRET = "dev-only-qr-secret-change-me-in-production"


class MaintenanceSettings(ServiceSettings):
    """Configuration of the maintenance service."""

    model_config = SettingsConfigDict(env_prefix="CAMPUS_MAINTENANCE_")

    service_name: str = "maintenance"
    http_port: int = Field(default=8103, ge=0, le=65535)
    #: Signs QR tokens and follow-up keys; set a real secret in production.
    qr_secret: SecretStr = SecretStr(DEV_QR_SECRET)
    #: Where the QR form is served (the console, at `/qr/{token}`); printed on the stickers.
    public_base_url: str = "http://127.0.0.1:8106"
    #: QR filings accepted per (code, client IP) and per code within the window.
    qr_limit_per_client: int = Field(default=5, ge=1)
    qr_limit_per_code: int = Field(default=30, ge=1)
    qr_window_seconds: int = Field(default=3600, ge=1)
    #: The proxies (addresses or networks) whose X-Forwarded-For names the filer, for the QR
    #: rate limits: the console in `campus up` (`127.0.0.1`), a reverse proxy in production.
    #: Empty trusts nobody: the peer's own address counts. A comma-separated list or JSON.
    trust_forwarded_for: Annotated[list[IPvAnyNetwork], NoDecode] = []
    photo_dir: Path | None = None
    photo_max_bytes: int = Field(default=5 * 1024 * 1024, ge=1024)
    photos_per_ticket: int = Field(default=4, ge=0, le=20)
    #: Resolved orders the requester does not answer close by themselves after this many days.
    auto_close_days: float = Field(default=7, gt=0)
    sla: dict[Priority, PriorityTargetSetting] = Field(default_factory=_default_targets)
    #: A running clock is at risk in this last share of its budget (`GET /tickets?sla=at_risk`).
    sla_at_risk_share: float = Field(default=DEFAULT_AT_RISK_SHARE, gt=0, lt=1)
    calendar: CalendarSetting = CalendarSetting()
    escalations: list[EscalationSetting] = []
    default_escalation: str = "logistics-duty-officer"
    contractor_response: TargetSetting = TargetSetting(amount=24, unit="business_hours")
    #: Campus of an order whose building maintenance does not know (from another service).
    default_campus_id: str = "main"
    canteen_fault_priority: Priority = Priority.URGENT
    device_flag_threshold: int = Field(default=3, ge=1)
    device_flag_window_days: int = Field(default=30, ge=1)
    report_window_days: int = Field(default=90, ge=1)
    repeat_failure_threshold: int = Field(default=3, ge=2)
    sla_check_seconds: float = Field(default=60, gt=0)
    auto_close_check_seconds: float = Field(default=600, gt=0)
    preventive_check_seconds: float = Field(default=3600, gt=0)
    #: A refresh reads every open order and the window's orders (about 4 s at 100,000).
    report_refresh_seconds: float = Field(default=300, gt=0)

    @field_validator("sla", mode="before")
    @classmethod
    def _over_defaults(cls, value: object) -> object:
        # Lets one variable change one figure (…_SLA__HIGH__RESPONSE__AMOUNT=24) and keep
        # every other default, instead of replacing the whole table.
        if not isinstance(value, dict):
            return value
        merged = {p.value: t.model_dump() for p, t in _default_targets().items()}
        for priority, targets in value.items():
            key = str(getattr(priority, "value", priority))
            if isinstance(targets, dict) and key in merged:
                for clock, target in targets.items():
                    if isinstance(target, dict) and clock in merged[key]:
                        merged[key][clock] = {**merged[key][clock], **target}
                    else:
                        merged[key][clock] = target
            else:
                merged[key] = targets
        return merged

    @field_validator("sla")
    @classmethod
    def _every_priority(
        cls, value: dict[Priority, PriorityTargetSetting]
    ) -> dict[Priority, PriorityTargetSetting]:
        missing = [p.value for p in Priority if p not in value]
        if missing:
            raise ValueError(f"SLA targets missing for: {', '.join(missing)}")
        return value

    @field_validator("trust_forwarded_for", mode="before")
    @classmethod
    def _proxy_list(cls, value: object) -> object:
        return proxy_list(value)

    @field_validator("qr_secret")
    @classmethod
    def _long_secret(cls, value: SecretStr) -> SecretStr:
        if len(value.get_secret_value().encode()) < 32:
            raise ValueError("qr_secret must be at least 32 bytes")
        return value

    def production_problems(self) -> list[str]:
        """Production signs QR codes and follow-up keys with its own secret."""
        if self.qr_secret.get_secret_value() == DEV_QR_SECRET:
            return ["the development QR secret is refused: set CAMPUS_MAINTENANCE_QR_SECRET(_FILE)"]
        return []

    @field_validator("public_base_url")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    def qr_url(self, token: str) -> str:
        """The form URL a QR sticker opens."""
        return f"{self.public_base_url}/qr/{token}"

    def resolved_photo_dir(self) -> Path:
        """Where photos are stored (default: <data_dir>/maintenance-photos)."""
        return (self.photo_dir or self.data_dir / "maintenance-photos").resolve()

    def sla_policy(self) -> SlaPolicy:
        """The SLA policy these settings describe."""
        return SlaPolicy(
            calendar=self.calendar.to_calendar(self.timezone),
            targets={
                p: PriorityTargets(t.response.to_target(), t.resolution.to_target())
                for p, t in self.sla.items()
            },
            contractor_default=self.contractor_response.to_target(),
            escalations=tuple(
                EscalationRule(target=e.target, campus_id=e.campus_id, category=e.category)
                for e in self.escalations
            ),
            default_escalation=self.default_escalation,
            at_risk_share=self.sla_at_risk_share,
        )
