"""HTTP schemas of patrols: routes with checkpoints, runs, devices and their incidents."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, field_validator

from services.maintenance.api.deps import CODE_PATTERN
from services.maintenance.api.schemas import In
from services.maintenance.domain.patrols import CheckResult, Device, PatrolRun, Route
from services.maintenance.domain.vocabulary import Category, Priority
from shared.clock import iso
from shared.types import line, text

Item = line(120)


class CheckpointIn(In):
    """A checkpoint on a route."""

    id: str = Field(pattern=CODE_PATTERN)
    name: line(120)  # type: ignore[valid-type]
    location_id: str = Field(pattern=CODE_PATTERN)
    category: Category
    checklist: list[Item] = Field(default=[], max_length=50)  # type: ignore[valid-type]
    device_tag: str | None = Field(default=None, pattern=CODE_PATTERN)
    priority: Priority = Priority.ROUTINE


class RoutePut(In):
    """A patrol route."""

    name: line(120)  # type: ignore[valid-type]
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
    finding: text(1000, 0) | None = None  # type: ignore[valid-type]
    failed_items: list[Item] = Field(default=[], max_length=50)  # type: ignore[valid-type]
    false_alarm: bool = False

    def to_result(self) -> CheckResult:
        """The domain verdict."""
        return CheckResult(
            self.checkpoint_id,
            self.passed,
            self.finding,
            tuple(self.failed_items),
            self.false_alarm,
        )


class RunIn(In):
    """A patrol run: one result per checkpoint."""

    results: list[ResultIn] = Field(min_length=1, max_length=500)


class IncidentIn(In):
    """A device misfired or failed outside a patrol."""

    kind: Literal["false_alarm", "failure"]
    location_id: str | None = Field(default=None, pattern=CODE_PATTERN)


class CheckpointRead(BaseModel):
    """A checkpoint, with the building its place is in."""

    id: str
    name: str
    location_id: str
    building_id: str
    category: str
    checklist: list[str]
    device_tag: str | None
    priority: str


class RouteRead(BaseModel):
    """A patrol route."""

    id: str
    name: str
    campus_id: str
    checkpoints: list[CheckpointRead]

    @classmethod
    def of(cls, route: Route) -> RouteRead:
        """The view of a route."""
        return cls(
            id=route.id,
            name=route.name,
            campus_id=route.campus_id,
            checkpoints=[
                CheckpointRead(
                    id=c.id,
                    name=c.name,
                    location_id=c.location_id,
                    building_id=c.building_id,
                    category=c.category.value,
                    checklist=list(c.checklist),
                    device_tag=c.device_tag,
                    priority=c.priority.value,
                )
                for c in route.checkpoints
            ],
        )


class RouteList(BaseModel):
    """Routes of a campus."""

    items: list[RouteRead]


class ResultRead(BaseModel):
    """The verdict at one checkpoint."""

    checkpoint_id: str
    passed: bool
    finding: str | None
    failed_items: list[str]
    false_alarm: bool


class RunRead(BaseModel):
    """A recorded run and the checkpoints that failed (each opens one order)."""

    id: str
    route_id: str
    campus_id: str
    by: str
    at: str
    results: list[ResultRead]
    failed: list[str]

    @classmethod
    def of(cls, run: PatrolRun) -> RunRead:
        """The view of a run."""
        return cls(
            id=run.id,
            route_id=run.route_id,
            campus_id=run.campus_id,
            by=run.by,
            at=iso(run.at),
            results=[
                ResultRead(
                    checkpoint_id=r.checkpoint_id,
                    passed=r.passed,
                    finding=r.finding,
                    failed_items=list(r.failed_items),
                    false_alarm=r.false_alarm,
                )
                for r in run.results
            ],
            failed=list(run.failed),
        )


class IncidentRead(BaseModel):
    """A false alarm or failure."""

    at: str
    kind: str


class DeviceRead(BaseModel):
    """A device's incidents inside the window and when it was last flagged, per kind."""

    tag: str
    building_id: str
    incidents: list[IncidentRead]
    last_flagged: dict[str, str]

    @classmethod
    def of(cls, device: Device) -> DeviceRead:
        """The view of a device."""
        return cls(
            tag=device.tag,
            building_id=device.building_id,
            incidents=[IncidentRead(at=iso(at), kind=kind) for at, kind in device.incidents],
            last_flagged={kind: iso(at) for kind, at in device.last_flagged.items()},
        )


class DeviceList(BaseModel):
    """Devices with incidents in a building."""

    items: list[DeviceRead]
