"""Incidents: each consumed event and what became of it. Pure, no I/O.

    routed ────────────────────────────────────────────▶ (done)
    fallback (only administrators heard) ──re-route──▶ routed
    undeliverable (nobody at all) ──────────re-route──▶ routed / fallback

Undeliverable is a state, not a drop: an event whose rules find nobody is kept with the reason,
counted in a gauge, and routed again whenever the directory, an endpoint or a rule changes (the
`reroute` loop), so the canteen manager entered a minute later still hears of the expiring milk.
A critical incident waits for an acknowledgement; past `escalate_at` it goes once to the next
level (`escalated_at` set in the same conditional write as the escalation's notifications).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, Literal

from services.notifications.events import AlertAcknowledged, AlertEscalated, AlertUndeliverable
from shared.aggregate import Aggregate
from shared.errors import Conflict

State = Literal["routed", "fallback", "undeliverable"]
OPEN_STATES: tuple[State, ...] = ("fallback", "undeliverable")


@dataclass(frozen=True)
class Incident(Aggregate):
    """One consumed event: its data (to route it again, or escalate it), state and recipients."""

    event_id: str
    event_type: str
    source: str
    subject: str | None
    correlation_id: str
    time: datetime
    data: dict[str, Any]
    severity: str
    state: State
    reason: str | None
    recipients: tuple[str, ...]
    created_at: datetime
    updated_at: datetime
    escalate_at: datetime | None = None
    escalate_after_minutes: int | None = None
    #: Recipient specs (as rules write them) of the next level.
    escalate_to: tuple[dict[str, Any], ...] = ()
    acknowledged_by: str | None = None
    acknowledged_at: datetime | None = None
    escalated_at: datetime | None = None
    version: int | None = field(default=None, compare=False)

    @property
    def escalation_due(self) -> bool:
        """Waiting for an acknowledgement that, if it does not come, escalates it."""
        return (
            self.escalate_at is not None
            and self.acknowledged_at is None
            and self.escalated_at is None
        )

    def routed(
        self, reached: tuple[str, ...], state: State, reason: str | None, *, at: datetime
    ) -> Incident:
        """After a routing pass: who has it now, and whether it is still open."""
        merged = tuple(dict.fromkeys((*self.recipients, *reached)))
        changed = replace(self, recipients=merged, state=state, reason=reason, updated_at=at)
        if state == "undeliverable" and self.state != "undeliverable":
            changed.record(
                AlertUndeliverable(
                    source_event_id=self.event_id,
                    source_event_type=self.event_type,
                    reason=reason or "nobody found",
                )
            )
        return changed

    def acknowledge(self, *, by: str, notification_id: str, at: datetime) -> Incident:
        """Acknowledged by one of its recipients; a second acknowledgement changes nothing."""
        if self.acknowledged_at is not None:
            return self
        done = replace(self, acknowledged_by=by, acknowledged_at=at, updated_at=at)
        done.record(
            AlertAcknowledged(
                source_event_id=self.event_id,
                source_event_type=self.event_type,
                acknowledged_by=by,
                notification_id=notification_id,
            )
        )
        return done

    def escalate(self, recipient_ids: list[str], *, at: datetime) -> Incident:
        """Escalated once, to these people; refused when acknowledged, escalated or not due."""
        if not self.escalation_due or self.escalate_at is None or at < self.escalate_at:
            raise Conflict(f"incident {self.event_id} is not due for escalation")
        done = replace(self, escalated_at=at, updated_at=at)
        done.record(
            AlertEscalated(
                source_event_id=self.event_id,
                source_event_type=self.event_type,
                after_minutes=self.escalate_after_minutes or 0,
                recipient_ids=recipient_ids,
            )
        )
        return done


def escalation_time(at: datetime, minutes: int | None) -> datetime | None:
    """When an unacknowledged critical alert is escalated (None: it is not)."""
    return None if minutes is None else at + timedelta(minutes=minutes)
