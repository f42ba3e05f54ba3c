"""What happens after an event was consumed: open incidents routed again, unacknowledged
critical alerts escalated once, and acknowledgements. Each incident changes in its own write,
conditional on the version it was read with, so two runs (or two processes) change it once."""

from __future__ import annotations

from services.notifications.domain import access, routing
from services.notifications.domain.alerts import alert, scopes
from services.notifications.domain.incidents import Incident
from services.notifications.domain.notices import Notification
from services.notifications.domain.routing import Plan, Wanted
from services.notifications.domain.rules import DEFAULT_CHANNELS, Recipient
from services.notifications.handlers.context import NotificationsContext
from services.notifications.handlers.fanout import Occurrence, fan_out
from services.notifications.handlers.recipients import resolve, route_again
from services.notifications.repository import incidents as repo
from services.notifications.repository import notices as notices_repo
from services.notifications.repository import rules as rules_repo
from shared.auth import Principal
from shared.clock import iso
from shared.context import Causality, caused_by
from shared.errors import Conflict
from shared.logging import get_logger
from shared.store import DuplicateKeyError, VersionConflictError
from shared.uow import UnitOfWork

log = get_logger(__name__)


def _occurrence(i: Incident, severity: str, template: str) -> Occurrence:
    return Occurrence(
        event_id=i.event_id,
        event_type=i.event_type,
        correlation_id=i.correlation_id,
        subject=i.subject,
        time=i.time,
        data=i.data,
        severity=severity,
        template=template,
    )


def _story(i: Incident) -> Causality:
    return Causality(correlation_id=i.correlation_id, causation_id=i.event_id)


async def _commit(uow: UnitOfWork, what: str, event_id: str) -> bool:
    try:
        await uow.commit()
    except (VersionConflictError, DuplicateKeyError):
        # Another pass (or an acknowledgement) changed the incident first: its change stands.
        log.info(f"{what}.lost_race", source_event_id=event_id)
        return False
    return True


async def reroute(uow: UnitOfWork, ctx: NotificationsContext, who: Principal, /) -> int:
    """Route every open incident again; returns how many now reach someone they did not."""
    access.require_service(who)
    rules = await rules_repo.all_rules(uow.store)
    changed, cursor = 0, None
    while True:
        page = await repo.open_ones(uow.store, limit=100, after=cursor)
        for incident in page.items:
            changed += await _reroute_one(uow.successor(), ctx, incident, rules)
        if page.next_cursor is None:
            ctx.metrics.undeliverable = await repo.count_state(uow.store, "undeliverable")
            return changed
        cursor = page.next_cursor


async def _reroute_one(uow: UnitOfWork, ctx: NotificationsContext, i: Incident, rules) -> int:
    routed = await route_again(uow.store, i, rules)
    plan, found = routed.plan, routed.found
    if found.state == i.state and found.reason == i.reason and found.state != "routed":
        known = set(i.recipients)
        if all(r.recipient_id in known for r in found.reaches):
            return 0
    already = frozenset(n.recipient_id for n in await notices_repo.of_event(uow.store, i.event_id))
    with caused_by(_story(i)):
        notes = await fan_out(
            uow, ctx, _occurrence(i, plan.severity, plan.template), found.reaches, skip=already
        )
        repo.stage(
            uow,
            i.routed(tuple(n.recipient_id for n in notes), found.state, found.reason, at=ctx.now()),
        )
        if not await _commit(uow, "reroute", i.event_id):
            return 0
    log.info("incident.rerouted", source_event_id=i.event_id, state=found.state, new=len(notes))
    return 1 if notes else 0


async def escalate(uow: UnitOfWork, ctx: NotificationsContext, who: Principal, /) -> int:
    """Escalate, once, every unacknowledged critical alert whose time has come."""
    access.require_service(who)
    done = 0
    for incident in await repo.escalations_due(uow.store, iso(ctx.now()), limit=200):
        done += await _escalate_one(uow.successor(), ctx, incident)
    return done


async def _escalate_one(uow: UnitOfWork, ctx: NotificationsContext, i: Incident) -> int:
    specs = [Recipient.model_validate(s) for s in i.escalate_to]
    data = alert(i.event_type).model.model_validate(i.data)
    where = scopes(data)
    wanted: list[Wanted] = []
    for spec in specs:
        found, _ = routing.targets_of(
            spec, event_type=i.event_type, data=data, scopes=where, contact_key=None
        )
        wanted += [Wanted(t, DEFAULT_CHANNELS["critical"], "escalation") for t in found]
    plan = Plan("critical", i.event_type, tuple(wanted), ("escalation",), fallback=True)
    reached = await resolve(uow.store, plan)
    # Those who have the alert already are not told twice; the next level is the others.
    already = frozenset(n.recipient_id for n in await notices_repo.of_event(uow.store, i.event_id))
    with caused_by(_story(i)):
        notes = await fan_out(
            uow,
            ctx,
            _occurrence(i, "critical", i.event_type),
            reached.reaches,
            kind="escalation",
            skip=already,
        )
        try:
            escalated = i.escalate([n.recipient_id for n in notes], at=ctx.now())
        except Conflict:
            return 0
        repo.stage(uow, escalated)
        uow.after_commit(ctx.metrics.escalated.inc)
        if not await _commit(uow, "escalation", i.event_id):
            return 0
    log.warning("incident.escalated", source_event_id=i.event_id, recipients=len(notes))
    return 1


async def acknowledge(
    uow: UnitOfWork, ctx: NotificationsContext, who: Principal, /, notification_id: str
) -> Notification:
    """The recipient acknowledges a critical alert: it will not be escalated (idempotent)."""
    note = access.require_recipient(
        who, await notices_repo.load(uow.store, notification_id), notification_id
    )
    if note.severity != "critical":
        raise Conflict("only critical alerts are acknowledged; mark this one read instead")
    if note.acknowledged_at is not None:
        return note
    now = ctx.now()
    incident = await repo.load(uow.store, note.source_event_id)
    acked = note.acknowledged(at=now, by=who.user_id)
    story = Causality(correlation_id=note.correlation_id, causation_id=note.source_event_id)
    with caused_by(story):
        if incident is not None:
            repo.stage(
                uow, incident.acknowledge(by=who.user_id, notification_id=notification_id, at=now)
            )
        notices_repo.stage(uow, acked)
        await uow.commit()
    log.info("alert.acknowledged", notification_id=notification_id, by=who.user_id)
    return acked
