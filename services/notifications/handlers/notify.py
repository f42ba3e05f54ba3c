"""The consumed-event use case: route an event by the rules, fan it out, keep its incident.

It only stages: the consumer commits the incident, the notifications, their delivery-log lines,
the events those record and its processed marker in one write, so an event redelivered after a
crash finds its incident and notifications there (their ids come from the event and recipient)
and adds none. An event that reaches nobody is kept as an `undeliverable` incident and routed
again when the directory or the rules change (`handlers/reroute.py`).
"""

from __future__ import annotations

from services.notifications.domain import access, routing
from services.notifications.domain.alerts import alert, scopes
from services.notifications.domain.channels import Contact
from services.notifications.domain.incidents import Incident, escalation_time
from services.notifications.handlers.context import NotificationsContext
from services.notifications.handlers.fanout import Occurrence, fan_out
from services.notifications.handlers.recipients import resolve
from services.notifications.repository import incidents as incidents_repo
from services.notifications.repository import rules as rules_repo
from shared.auth import Principal
from shared.envelope import Envelope, EventData
from shared.logging import get_logger
from shared.uow import UnitOfWork

log = get_logger(__name__)


#: Kept only in the contacts collection (forgotten at close), never in incidents or notifications.
_PERSONAL = ("contact",)


def _contact_given(key: str | None, data: EventData) -> Contact | None:
    given = getattr(data, "contact", None)
    if key is None or given is None or not (given.email or given.phone):
        return None
    return Contact(key, given.name, given.email, given.phone)


async def notify(
    uow: UnitOfWork,
    ctx: NotificationsContext,
    who: Principal,
    /,
    envelope: Envelope,
    data: EventData,
) -> Incident | None:
    """Stage the incident of a consumed event, and a notification per recipient it reaches;
    None for an event of a kind nobody is told (a rating among the diner feedback)."""
    access.require_service(who)
    kind = alert(envelope.type)
    if not kind.told(data):
        log.info("notification.not_told", event_type=envelope.type, event_id=envelope.id)
        return None
    where = scopes(data)
    key = kind.contact_key(data) if kind.contact_key else None
    fresh = _contact_given(key, data)
    if fresh is not None and not await incidents_repo.remember_contact(uow, fresh):
        fresh = None  # remembered already (or forgotten: the order is closed)
    plan = routing.plan(
        envelope.type, data, await rules_repo.all_rules(uow.store), where, contact_key=key
    )
    found = await resolve(uow.store, plan, fresh_contacts={fresh.key: fresh} if fresh else None)
    now = ctx.now()
    if key and kind.forgets_contact and await incidents_repo.forget_contact(uow, key, now):
        # Told of the close above (its lines keep their address); nothing later may reach it.
        log.info("contact.forgotten", key=key, event_type=envelope.type)
    kept = {k: v for k, v in envelope.data.items() if k not in _PERSONAL}
    occurrence = Occurrence(
        event_id=envelope.id,
        event_type=envelope.type,
        correlation_id=envelope.correlationid or envelope.id,
        subject=envelope.subject,
        time=envelope.time,
        data=kept,
        severity=plan.severity,
        template=plan.template,
    )
    notes = await fan_out(uow, ctx, occurrence, found.reaches)
    critical = plan.severity == "critical" and plan.escalate_after_minutes is not None
    incident = Incident(
        event_id=envelope.id,
        event_type=envelope.type,
        source=envelope.source,
        subject=envelope.subject,
        correlation_id=occurrence.correlation_id,
        time=envelope.time,
        data=occurrence.data,
        severity=plan.severity,
        # Placeholder: `routed` below sets the outcome (and records undeliverable if it is).
        state="routed",
        reason=None,
        recipients=(),
        created_at=now,
        updated_at=now,
        escalate_at=escalation_time(now, plan.escalate_after_minutes) if critical else None,
        escalate_after_minutes=plan.escalate_after_minutes if critical else None,
        escalate_to=plan.escalate_to if critical else (),
    ).routed(tuple(n.recipient_id for n in notes), found.state, found.reason, at=now)
    incidents_repo.stage(uow, incident)
    if found.state == "undeliverable":
        log.warning("notification.undeliverable", event_type=envelope.type, reason=found.reason)
        counter = ctx.metrics.undeliverable_total(envelope.type)
        uow.after_commit(counter.inc)
    return incident
