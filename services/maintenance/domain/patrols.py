"""Patrol inspections (主动巡查) and repeat-offender devices (误报). Pure.

A route lists checkpoints, each with a checklist. A run records pass or fail per checkpoint; each
failure becomes a `checkpoint_failed` event (which opens one linked work order). A device whose
failures or false alarms reach the threshold within the window is flagged once per window.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from services.maintenance import events as ev
from services.maintenance.domain.vocabulary import Category, Priority
from shared.aggregate import Aggregate
from shared.errors import Invalid

IncidentKind = Literal["false_alarm", "failure"]
INCIDENT_LABELS = {"false_alarm": "false alarms", "failure": "failures"}


@dataclass(frozen=True)
class Checkpoint:
    """A place on a route, what to check there, and the trade that fixes what fails."""

    id: str
    name: str
    location_id: str
    building_id: str
    category: Category
    checklist: tuple[str, ...] = ()
    device_tag: str | None = None
    priority: Priority = Priority.ROUTINE


@dataclass(frozen=True)
class Route:
    """A patrol round: street lights, drainage ditches and pipes, fire alarms and doors."""

    id: str
    name: str
    campus_id: str
    checkpoints: tuple[Checkpoint, ...]


@dataclass(frozen=True)
class CheckResult:
    """The patroller's verdict at one checkpoint."""

    checkpoint_id: str
    passed: bool
    finding: str | None = None
    failed_items: tuple[str, ...] = ()
    false_alarm: bool = False


@dataclass(frozen=True)
class Failure:
    """A failed checkpoint and what was found."""

    checkpoint: Checkpoint
    finding: str


def evaluate_run(route: Route, results: Sequence[CheckResult]) -> list[Failure]:
    """Check a run covers every checkpoint once and consistently; return its failures."""
    by_id = {c.id: c for c in route.checkpoints}
    seen: set[str] = set()
    failures: list[Failure] = []
    for i, result in enumerate(results):
        where = f"results.{i}"
        checkpoint = by_id.get(result.checkpoint_id)
        if checkpoint is None:
            raise Invalid(f"route {route.id} has no checkpoint {result.checkpoint_id}", field=where)
        if result.checkpoint_id in seen:
            raise Invalid(f"checkpoint {result.checkpoint_id} reported twice", field=where)
        seen.add(result.checkpoint_id)
        unknown = [item for item in result.failed_items if item not in checkpoint.checklist]
        if unknown:
            raise Invalid(f"not on the checklist: {', '.join(unknown)}", field=where)
        if result.passed and result.failed_items:
            raise Invalid("a passed checkpoint cannot have failed items", field=where)
        if not result.passed:
            finding = result.finding or (
                "failed: " + ", ".join(result.failed_items) if result.failed_items else None
            )
            if not finding:
                raise Invalid("a failed checkpoint needs a finding or failed items", field=where)
            failures.append(Failure(checkpoint, finding))
    missing = [c.id for c in route.checkpoints if c.id not in seen]
    if missing:
        raise Invalid(f"no result for checkpoints: {', '.join(missing)}", field="results")
    return failures


@dataclass
class PatrolRun(Aggregate):
    """One patrol of a route: a result per checkpoint; each failure records `checkpoint_failed`."""

    id: str
    route_id: str
    campus_id: str
    by: str
    at: datetime
    results: tuple[CheckResult, ...]
    failed: tuple[str, ...] = ()

    @classmethod
    def of(
        cls, route: Route, results: Sequence[CheckResult], *, id: str, by: str, at: datetime
    ) -> PatrolRun:
        """Check the run against its route; Invalid if it does not cover it exactly."""
        failures = evaluate_run(route, results)
        run = cls(id, route.id, route.campus_id, by, at, tuple(results))
        run.failed = tuple(f.checkpoint.id for f in failures)
        run.record(
            ev.PatrolRunRecorded(
                run_id=id,
                route_id=route.id,
                campus_id=route.campus_id,
                by=by,
                checkpoints=len(results),
                failed=list(run.failed),
            )
        )
        for failure in failures:
            c = failure.checkpoint
            run.record(
                ev.CheckpointFailed(
                    run_id=id,
                    route_id=route.id,
                    checkpoint_id=c.id,
                    building_id=c.building_id,
                    finding=failure.finding,
                    campus_id=route.campus_id,
                    location_id=c.location_id,
                    category=c.category,
                    priority=c.priority,
                    device_tag=c.device_tag,
                )
            )
        return run


def incidents_of(
    route: Route, results: Sequence[CheckResult]
) -> list[tuple[str, str, IncidentKind]]:
    """The device incidents a run reports: (tag, building, kind) in result order."""
    by_id = {c.id: c for c in route.checkpoints}
    found: list[tuple[str, str, IncidentKind]] = []
    for result in results:
        c = by_id[result.checkpoint_id]
        if c.device_tag is None:
            continue
        if result.false_alarm:
            found.append((c.device_tag, c.building_id, "false_alarm"))
        if not result.passed:
            found.append((c.device_tag, c.building_id, "failure"))
    return found


@dataclass
class Device(Aggregate):
    """A device's recent incidents and when it was last flagged, per kind."""

    tag: str
    building_id: str
    incidents: list[tuple[datetime, IncidentKind]] = field(default_factory=list)
    last_flagged: dict[str, datetime] = field(default_factory=dict)
    version: int | None = None


def record_incident(
    device: Device,
    kind: IncidentKind,
    *,
    at: datetime,
    threshold: int,
    window_days: int,
) -> ev.DeviceFlagged | None:
    """Add an incident; when it reaches the threshold (once per window) the device records the
    flag event, which is also returned.

    Incidents before the last flag do not count again, so a device is flagged again only
    after a fresh run of `threshold` incidents within the window.
    """
    window = timedelta(days=window_days)
    device.incidents.append((at, kind))
    # Keep the record bounded: only incidents inside the window can ever count.
    device.incidents = sorted((when, k) for when, k in device.incidents if when > at - window)
    since = at - window
    flagged = device.last_flagged.get(kind)
    if flagged is not None and flagged > since:
        since = flagged
    count = sum(1 for when, k in device.incidents if k == kind and since < when <= at)
    in_window = sum(1 for when, k in device.incidents if k == kind)
    device.record(
        ev.DeviceIncidentRecorded(
            device_tag=device.tag,
            building_id=device.building_id,
            kind=kind,
            in_window=in_window,
            window_days=window_days,
        )
    )
    if count < threshold:
        return None
    device.last_flagged[kind] = at
    flag = ev.DeviceFlagged(
        device_tag=device.tag,
        building_id=device.building_id,
        reason=f"{count} {INCIDENT_LABELS[kind]} in {window_days} days",
        count=count,
        window_days=window_days,
        kind=kind,
    )
    device.record(flag)
    return flag
