"""Use cases of hygiene inspections: checklist templates, inspections, corrective actions."""

from __future__ import annotations

import uuid
from datetime import date

from services.canteen.domain import access
from services.canteen.domain.checklists import ChecklistItem, ChecklistKind, Template
from services.canteen.domain.inspections import CorrectiveAction, Inspection, ItemResult
from services.canteen.handlers.canteens import canteen_or_404
from services.canteen.handlers.context import CanteenContext
from services.canteen.repository import canteens as catalogue
from services.canteen.repository import inspections as repo
from shared.auth import Principal
from shared.errors import Conflict, Invalid, NotFound
from shared.logging import get_logger
from shared.store import Paged
from shared.uow import UnitOfWork

log = get_logger(__name__)


async def save_template(
    uow: UnitOfWork,
    ctx: CanteenContext,
    who: Principal,
    /,
    template_id: str,
    *,
    name: str,
    kind: ChecklistKind,
    place: str | None,
    pass_mark: int,
    due_days: int | None,
    items: tuple[ChecklistItem, ...],
    canteens: tuple[str, ...] | None,
) -> Template:
    """Register or replace a template; `canteens` None keeps them (a new one: the caller's)."""
    template = await repo.load_template(uow.store, template_id)
    serves = template.canteens if template is not None else None
    if canteens is None:
        canteens = serves if serves is not None else access.own_canteens(who)
    access.require_template_keeper(who, template_id, serves, canteens)
    unknown = [c for c in canteens if await catalogue.load(uow.store, c) is None]
    if unknown:
        raise Invalid(f"no canteen {', '.join(unknown)}; register it first", field="canteens")
    fields = {
        "name": name,
        "kind": kind,
        "place": place,
        "pass_mark": pass_mark,
        "due_days": ctx.corrective_due_days if due_days is None else due_days,
        "items": items,
        "canteens": canteens,
    }
    if template is None:
        template = Template.register(template_id, at=ctx.now(), **fields)
    elif not template.revise(at=ctx.now(), **fields):
        return template
    repo.stage_template(uow, template)
    await uow.commit()
    log.info("checklist.saved", template_id=template_id, created=template.new)
    return template


async def list_templates(
    uow: UnitOfWork, ctx: CanteenContext, who: Principal, /, canteen_id: str | None
) -> list[Template]:
    """Every template, or those serving one canteen."""
    access.require_template_reader(who)
    found = await repo.templates(uow.store)
    return [t for t in found if canteen_id is None or canteen_id in t.canteens]


async def get_template(
    uow: UnitOfWork, ctx: CanteenContext, who: Principal, /, template_id: str
) -> Template:
    """One template."""
    access.require_template_reader(who)
    template = await repo.load_template(uow.store, template_id)
    if template is None:
        raise NotFound(f"no checklist {template_id}")
    return template


async def record_inspection(
    uow: UnitOfWork,
    ctx: CanteenContext,
    who: Principal,
    /,
    canteen_id: str,
    *,
    template_id: str,
    place: str | None,
    results: list[ItemResult],
) -> Inspection:
    """Score an inspection; each failed item is told and opens a corrective action."""
    access.require_staff(who, canteen_id)
    canteen = await canteen_or_404(uow.store, canteen_id)
    template = await repo.load_template(uow.store, template_id)
    if template is None or canteen_id not in template.canteens:
        raise Invalid(
            f"no checklist {template_id} serves canteen {canteen_id}", field="template_id"
        )
    inspection = Inspection.conduct(
        f"insp-{uuid.uuid4().hex[:12]}",
        template=template,
        canteen=canteen,
        results=results,
        place=place,
        today=ctx.today(),
        at=ctx.now(),
        by=who.user_id,
    )
    repo.stage_inspection(uow, inspection)
    await uow.commit()
    log.info(
        "inspection.recorded",
        inspection_id=inspection.inspection_id,
        passed=inspection.passed,
        failed_items=len(inspection.failed_items),
    )
    return inspection


async def get_inspection(
    uow: UnitOfWork, ctx: CanteenContext, who: Principal, /, canteen_id: str, inspection_id: str
) -> Inspection:
    """One inspection and its scores."""
    access.require_reader(who, canteen_id)
    inspection = await repo.load_inspection(uow.store, inspection_id)
    if inspection is None or inspection.canteen_id != canteen_id:
        raise NotFound(f"no inspection {inspection_id} in canteen {canteen_id}")
    return inspection


async def inspections_of_day(
    uow: UnitOfWork, ctx: CanteenContext, who: Principal, /, canteen_id: str, day: date | None
) -> list[Inspection]:
    """A canteen's inspections of one day (today by default)."""
    access.require_reader(who, canteen_id)
    day = day or ctx.today()
    return await repo.inspections_between(uow.store, canteen_id, day, day)


async def list_actions(
    uow: UnitOfWork,
    ctx: CanteenContext,
    who: Principal,
    /,
    canteen_id: str,
    *,
    status: str,
    limit: int,
    cursor: str | None,
) -> Paged[CorrectiveAction]:
    """A canteen's corrective actions of one status, soonest due first."""
    access.require_reader(who, canteen_id)
    return await repo.actions_page(uow.store, canteen_id, status, limit=limit, cursor=cursor)


async def close_action(
    uow: UnitOfWork,
    ctx: CanteenContext,
    who: Principal,
    /,
    canteen_id: str,
    action_id: str,
    *,
    evidence: str,
) -> CorrectiveAction:
    """Close a corrective action with the evidence of the correction."""
    access.require_staff(who, canteen_id)
    action = await repo.load_action(uow.store, action_id)
    if action is None or action.canteen_id != canteen_id:
        raise NotFound(f"no corrective action {action_id} in canteen {canteen_id}")
    if not action.open:
        raise Conflict(f"corrective action {action_id} was closed on {action.corrected_on}")
    action.close(evidence=evidence, today=ctx.today(), at=ctx.now(), by=who.user_id)
    repo.stage_action(uow, action)
    await uow.commit()
    log.info("corrective_action.closed", action_id=action_id)
    return action
