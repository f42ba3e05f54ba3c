"""Read schemas of today's food-safety status of a canteen (the manager's today page)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from services.canteen.api.schemas_inspections import ActionRead
from services.canteen.api.schemas_samples import MealRead, ViolationRead
from services.canteen.api.schemas_staff import LicenceRead
from services.canteen.api.schemas_temperatures import DeviceRead
from services.canteen.domain.samples import SamplePolicy
from services.canteen.domain.today import Person, Today
from services.canteen.handlers.today import Watched
from shared.clock import iso


class PersonRead(BaseModel):
    """A person the morning-check section names, and why."""

    staff_id: str
    name: str
    detail: str
    on_shift: bool
    codes: list[str] = Field(description="symptoms of a failed check, or what bars the person")
    shift: str | None = None
    starts_at: str | None = None

    @classmethod
    def of(cls, p: Person) -> PersonRead:
        """The person as the API shows them."""
        return cls(
            staff_id=p.staff_id,
            name=p.name,
            detail=p.detail,
            on_shift=p.on_shift,
            codes=list(p.codes),
            shift=p.shift,
            starts_at=p.starts_at,
        )


class SamplesToday(BaseModel):
    """Today's meals, the violations raised today, and the sample fridge."""

    meals: list[MealRead]
    violations: list[ViolationRead]
    in_fridge: int
    may_discard: int = Field(description="samples in the fridge kept long enough to go")


class ChecksToday(BaseModel):
    """Morning checks against today's roster."""

    rostered: int
    checked: int
    passed: int
    failed: list[PersonRead]
    unchecked: list[PersonRead]
    barred: list[PersonRead] = Field(description="on the roster but may not handle food")


class InspectionLine(BaseModel):
    """An inspection of today."""

    inspection_id: str
    template_name: str
    kind: str
    percent: str
    passed: bool
    failed_items: int


class InspectionsToday(BaseModel):
    """Today's inspections and the open corrective actions."""

    today: list[InspectionLine]
    open_actions: list[ActionRead]
    overdue_actions: int


class TemperaturesToday(BaseModel):
    """Devices now, and today's readings."""

    devices: list[DeviceRead]
    readings_today: int
    out_of_range_today: int


class ExpiringLine(BaseModel):
    """A batch in stock at or near its expiry."""

    batch_id: str
    item: str
    unit: str
    on_hand: str
    expires_on: str
    expired: bool


class CountToday(BaseModel):
    """The store room's full count."""

    last_counted_on: str | None
    due_on: str | None
    overdue: bool


class TodayRead(BaseModel):
    """Today's food-safety status of one canteen."""

    canteen_id: str
    day: str
    computed_at: str
    status: str = Field(description="ok, attention or critical")
    reasons: dict[str, str] = Field(description="what stands today, and its level")
    samples: SamplesToday
    morning_checks: ChecksToday
    inspections: InspectionsToday
    temperatures: TemperaturesToday
    expiring_stock: list[ExpiringLine]
    licences: list[LicenceRead]
    stock_count: CountToday

    @classmethod
    def of(cls, t: Today, policy: SamplePolicy) -> TodayRead:
        """The summary as the API shows it."""
        c = t.checks
        count = t.count
        return cls(
            canteen_id=t.canteen_id,
            day=t.day.isoformat(),
            computed_at=iso(t.computed_at),
            status=t.status,
            reasons=t.reasons(),
            samples=SamplesToday(
                meals=[MealRead.of(m, policy) for m in t.meals],
                violations=[ViolationRead.of(v) for v in t.violations],
                in_fridge=t.in_fridge,
                may_discard=t.may_discard,
            ),
            morning_checks=ChecksToday(
                rostered=c.rostered,
                checked=c.checked,
                passed=c.passed,
                failed=[PersonRead.of(p) for p in c.failed],
                unchecked=[PersonRead.of(p) for p in c.unchecked],
                barred=[PersonRead.of(p) for p in c.barred],
            ),
            inspections=InspectionsToday(
                today=[
                    InspectionLine(
                        inspection_id=i.inspection_id,
                        template_name=i.template_name,
                        kind=i.kind,
                        percent=str(i.percent),
                        passed=i.passed,
                        failed_items=len(i.failed_items),
                    )
                    for i in t.inspections
                ],
                open_actions=[ActionRead.of(a, t.day) for a in t.open_actions],
                overdue_actions=len(t.overdue_actions),
            ),
            temperatures=TemperaturesToday(
                devices=[DeviceRead.of(d, t.computed_at) for d in t.devices],
                readings_today=t.readings_today,
                out_of_range_today=t.out_of_range_today,
            ),
            expiring_stock=[
                ExpiringLine(
                    batch_id=b.batch_id,
                    item=b.item,
                    unit=b.unit,
                    on_hand=str(b.on_hand),
                    expires_on=b.expires_on.isoformat(),
                    expired=b.expires_on < t.day,
                )
                for b in t.expiring
            ],
            licences=[LicenceRead.of(lic, stage, t.day) for lic, stage in t.licences],
            stock_count=CountToday(
                last_counted_on=count.last_counted_on.isoformat()
                if count and count.last_counted_on
                else None,
                due_on=count.due_on(t.count_interval_days).isoformat() if count else None,
                overdue=t.count_overdue(),
            ),
        )


class WatchRead(BaseModel):
    """What one pass of the food-safety watch told."""

    missing_checks: int
    silent_devices: int
    licences: int
    count_overdue: bool

    @classmethod
    def of(cls, w: Watched) -> WatchRead:
        """The pass as the API shows it."""
        return cls(**vars(w))
