"""The SLA side of a work order: its clocks' running intervals, due moments and breaches.

A mixin of `Ticket` (kept apart to keep each module short); pure like the rest of the domain.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from services.maintenance import events as ev
from services.maintenance.domain.sla import CLOCKS, ClockName, Segment, SlaPolicy, due_at
from services.maintenance.domain.vocabulary import AssigneeKind, Status
from shared.clock import iso
from shared.errors import Conflict

if TYPE_CHECKING:
    from services.maintenance.domain.tickets import Ticket

#: The resolution clock stands still in these statuses (on hold, or waiting for the requester).
_PAUSED = frozenset({Status.ON_HOLD, Status.RESOLVED, Status.CLOSED})


@dataclass
class Breach:
    """A clock that ran out, recorded once."""

    due_at: datetime
    detected_at: datetime
    escalate_to: str


class SlaClocks:
    """Clock arithmetic over a ticket's steps (mixed into `Ticket`)."""

    def segments(self: Ticket, clock: ClockName) -> list[Segment]:
        """The intervals during which a clock runs (the last one open while it still runs)."""
        if clock == "response":
            answered = self.responded_at
            return [(self.created_at, answered)]
        if clock == "resolution":
            return self._resolution_segments()
        return self._contractor_segments()

    def _resolution_segments(self: Ticket) -> list[Segment]:
        segments: list[Segment] = []
        start: datetime | None = self.created_at
        for step in self.steps[1:]:
            paused = step.status in _PAUSED
            if start is not None and paused:
                segments.append((start, step.at))
                start = None
            elif start is None and not paused:
                start = step.at
        if start is not None:
            segments.append((start, None))
        return segments

    def _contractor_segments(self: Ticket) -> list[Segment]:
        # The contractor's clock runs from its latest assignment until it starts the work or
        # the order is taken away from it.
        for i in range(len(self.steps) - 1, -1, -1):
            step = self.steps[i]
            if step.action != "assigned":
                continue
            if step.assignee_kind is not AssigneeKind.CONTRACTOR:
                return []
            end = next(
                (s.at for s in self.steps[i + 1 :] if s.action in ("started", "assigned")), None
            )
            return [(step.at, end)]
        return []

    def refresh_sla(self: Ticket, policy: SlaPolicy) -> None:
        """Recompute each clock's due moment, the moment a running one becomes at risk, and the
        next moment worth checking."""
        contractor = self.assignment.contractor_target if self.assignment else None
        dues: dict[ClockName, datetime | None] = {}
        risks: dict[ClockName, datetime | None] = {}
        for clock in CLOCKS:
            segments = self.segments(clock)
            target = policy.target(self.priority, clock, contractor)
            dues[clock] = due_at(segments, target, policy.calendar) if segments else None
            # Only a clock still running can be at risk; one that stopped is met or breached.
            running = bool(segments) and segments[-1][1] is None
            warning = policy.warning(target)
            risks[clock] = due_at(segments, warning, policy.calendar) if running else None
        self.sla_due, self.sla_risk = dues, risks
        self.sla_next_check = self._pending_due()

    def _pending_due(self: Ticket) -> datetime | None:
        pending = [d for c, d in self.sla_due.items() if d is not None and c not in self.breaches]
        return min(pending) if pending else None

    @property
    def sla_breach_from(self) -> datetime | None:
        """From when the order counts as breached: its earliest recorded breach, else the
        earliest due moment of a clock not yet breached (None: it cannot breach as it stands).

        A closed order is in no SLA state any more (its breaches stay in its record and in the
        reports): so the lists of orders at risk or breached hold open orders only, and do
        not grow with the years of history behind them.
        """
        if self.status is Status.CLOSED:
            return None
        recorded = [b.due_at for b in self.breaches.values()]
        pending = self._pending_due()
        return min([*recorded, *([pending] if pending else [])], default=None)

    @property
    def sla_attention_from(self) -> datetime | None:
        """From when the order is at risk or breached: the earliest moment a running clock
        enters the last share of its budget, or the breach, whichever comes first."""
        if self.status is Status.CLOSED:
            return None
        risks = [r for c, r in self.sla_risk.items() if r is not None and c not in self.breaches]
        breach = self.sla_breach_from
        return min([*risks, *([breach] if breach else [])], default=None)

    def overdue_clocks(self: Ticket, now: datetime) -> list[tuple[ClockName, datetime]]:
        """Clocks past due and not yet recorded as breached (call `refresh_sla` first)."""
        return [
            (clock, due)
            for clock, due in self.sla_due.items()
            if due is not None and due <= now and clock not in self.breaches
        ]

    def record_breach(
        self: Ticket, clock: ClockName, *, due: datetime, at: datetime, escalate_to: str
    ) -> None:
        """Note a breached clock once and record the escalation event."""
        if clock in self.breaches:
            raise Conflict(f"ticket {self.id}: {clock} clock already breached")
        self.breaches[clock] = Breach(due_at=due, detected_at=at, escalate_to=escalate_to)
        self.sla_next_check = self._pending_due()
        assignment = self.assignment
        self.record(
            ev.TicketSlaBreached(
                ticket_id=self.id,
                building_id=self.building_id,
                clock=clock,
                due_at=iso(due),
                escalate_to=escalate_to,
                campus_id=self.campus_id,
                category=self.category,
                priority=self.priority,
                status=self.status,
                assignee_id=assignment.assignee_id if assignment else None,
                contractor_id=assignment.contractor_id if assignment else None,
            )
        )
