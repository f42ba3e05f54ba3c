"""Routes of hygiene inspections (卫生检查): checklists, inspections, corrective actions."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from services.canteen.api.deps import Ctx
from services.canteen.api.schemas_inspections import (
    ActionClose,
    ActionRead,
    ActionsPage,
    ChecklistRead,
    ChecklistUpdate,
    InspectionCreate,
    InspectionRead,
)
from services.canteen.handlers import inspections as h
from shared.api import ID_PATTERN, Caller, Cursor, Limit, PathId, Uow
from shared.types import Day

router = APIRouter(tags=["inspections"])


@router.put(
    "/checklists/{template_id}",
    response_model=ChecklistRead,
    responses={201: {"model": ChecklistRead, "description": "Registered"}},
    summary="Register or replace a checklist template",
)
async def put_checklist(
    template_id: PathId, body: ChecklistUpdate, uow: Uow, ctx: Ctx, who: Caller, response: Response
) -> ChecklistRead:
    """A manager of a canteen it serves, or a logistics admin; 201 when new."""
    template = await h.save_template(
        uow,
        ctx,
        who,
        template_id,
        name=body.name,
        kind=body.kind,
        place=body.place,
        pass_mark=body.pass_mark,
        due_days=body.due_days,
        items=tuple(i.to_item() for i in body.items),
        canteens=tuple(body.canteens) if body.canteens is not None else None,
    )
    response.status_code = 201 if template.new else 200
    return ChecklistRead.of(template)


@router.get("/checklists", response_model=list[ChecklistRead], summary="Checklist templates")
async def list_checklists(
    uow: Uow,
    ctx: Ctx,
    who: Caller,
    canteen: Annotated[str | None, Query(max_length=64, pattern=ID_PATTERN)] = None,
) -> list[ChecklistRead]:
    """Every template, or those serving one canteen."""
    return [ChecklistRead.of(t) for t in await h.list_templates(uow, ctx, who, canteen)]


@router.get(
    "/checklists/{template_id}", response_model=ChecklistRead, summary="A checklist template"
)
async def get_checklist(template_id: PathId, uow: Uow, ctx: Ctx, who: Caller) -> ChecklistRead:
    """One template."""
    return ChecklistRead.of(await h.get_template(uow, ctx, who, template_id))


@router.post(
    "/canteens/{canteen_id}/inspections",
    response_model=InspectionRead,
    status_code=201,
    summary="Record a hygiene inspection, every item scored",
)
async def record_inspection(
    canteen_id: PathId, body: InspectionCreate, uow: Uow, ctx: Ctx, who: Caller
) -> InspectionRead:
    """Each failed item is told and opens a corrective action (equipment: a repair)."""
    inspection = await h.record_inspection(
        uow,
        ctx,
        who,
        canteen_id,
        template_id=body.template_id,
        place=body.place,
        results=[r.to_result() for r in body.results],
    )
    return InspectionRead.of(inspection)


@router.get(
    "/canteens/{canteen_id}/inspections",
    response_model=list[InspectionRead],
    summary="Inspections of a day",
)
async def inspections(
    canteen_id: PathId,
    uow: Uow,
    ctx: Ctx,
    who: Caller,
    day: Annotated[Day | None, Query(description="campus day; default today")] = None,
) -> list[InspectionRead]:
    """A canteen's inspections of one day."""
    return [
        InspectionRead.of(i) for i in await h.inspections_of_day(uow, ctx, who, canteen_id, day)
    ]


@router.get(
    "/canteens/{canteen_id}/inspections/{inspection_id}",
    response_model=InspectionRead,
    summary="One inspection",
)
async def inspection(
    canteen_id: PathId, inspection_id: PathId, uow: Uow, ctx: Ctx, who: Caller
) -> InspectionRead:
    """An inspection and its scores."""
    return InspectionRead.of(await h.get_inspection(uow, ctx, who, canteen_id, inspection_id))


@router.get(
    "/canteens/{canteen_id}/corrective-actions",
    response_model=ActionsPage,
    summary="Corrective actions",
)
async def actions(
    canteen_id: PathId,
    uow: Uow,
    ctx: Ctx,
    who: Caller,
    status: Literal["open", "closed"] = "open",
    limit: Limit = 50,
    cursor: Cursor = None,
) -> ActionsPage:
    """Open (or closed) corrective actions, soonest due first."""
    page = await h.list_actions(
        uow, ctx, who, canteen_id, status=status, limit=limit, cursor=cursor
    )
    return ActionsPage.of(page, ctx.today())


@router.post(
    "/canteens/{canteen_id}/corrective-actions/{action_id}/close",
    response_model=ActionRead,
    summary="Close a corrective action with evidence",
)
async def close_action(
    canteen_id: PathId, action_id: PathId, body: ActionClose, uow: Uow, ctx: Ctx, who: Caller
) -> ActionRead:
    """Publishes canteen.inspection.corrected.v1; a closed action is a 409."""
    action = await h.close_action(uow, ctx, who, canteen_id, action_id, evidence=body.evidence)
    return ActionRead.of(action, ctx.today())
