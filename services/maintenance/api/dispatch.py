"""Routes of dispatch configuration: rules, teams, contractors, warranties, workload."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from services.maintenance.api.common import Ctx, Rt
from services.maintenance.api.schemas import (
    CODE_PATTERN,
    ContractorPut,
    RulePut,
    TeamPut,
    WarrantyPut,
)
from services.maintenance.domain.dispatch import Contractor, Rule, Team, Warranty
from services.maintenance.handlers import dispatch as h
from services.maintenance.repository.common import CONTRACTORS, RULES, TEAMS, WARRANTIES
from shared.api import require_roles
from shared.auth import Principal
from shared.store import Doc
from shared.store import Query as StoreQuery

router = APIRouter(tags=["dispatch"])
Dispatcher = Annotated[Principal, Depends(require_roles("dispatcher", "logistics_admin"))]
Id = Annotated[str, Path(pattern=CODE_PATTERN)]


def _out(doc: Doc) -> dict:
    return {("id" if k == "_id" else k): v for k, v in doc.items() if k != "_v"}


async def _list(rt: Rt, collection: str, filter: dict) -> dict:
    page = await rt.store.find(collection, StoreQuery(filter, sort=[("_id", 1)], limit=500))
    return {"items": [_out(d) for d in page.items]}


@router.put("/dispatch/rules/{rule_id}", summary="Category + building → technician or team")
async def put_rule(rule_id: Id, body: RulePut, who: Dispatcher, rt: Rt, ctx: Ctx) -> dict:
    """A building-specific rule beats a campus-wide one."""
    rule = Rule(
        rule_id, body.campus_id, body.category, body.building_id, body.technician_id, body.team_id
    )
    return _out(await h.put_rule(rt.uow(who), ctx, who, rule))


@router.get("/dispatch/rules", summary="Dispatch rules of a campus")
async def list_rules(
    who: Dispatcher, rt: Rt, campus_id: Annotated[str, Query(pattern=CODE_PATTERN)]
) -> dict:
    """Every rule of the campus."""
    return await _list(rt, RULES, {"campus_id": campus_id})


@router.put("/teams/{team_id}", summary="A team of technicians")
async def put_team(team_id: Id, body: TeamPut, who: Dispatcher, rt: Rt, ctx: Ctx) -> dict:
    """Orders for a team go to its least-loaded member."""
    team = Team(team_id, body.campus_id, body.name, tuple(body.members))
    return _out(await h.put_team(rt.uow(who), ctx, who, team))


@router.get("/teams", summary="Teams of a campus")
async def list_teams(
    who: Dispatcher, rt: Rt, campus_id: Annotated[str, Query(pattern=CODE_PATTERN)]
) -> dict:
    """Every team of the campus."""
    return await _list(rt, TEAMS, {"campus_id": campus_id})


@router.put("/contractors/{contractor_id}", summary="An outside firm with its own answer clock")
async def put_contractor(
    contractor_id: Id, body: ContractorPut, who: Dispatcher, rt: Rt, ctx: Ctx
) -> dict:
    """Its response target and who hears when it is late."""
    contractor = Contractor(
        contractor_id, body.name, body.technician_id, body.response.to_target(), body.escalate_to
    )
    return _out(await h.put_contractor(rt.uow(who), ctx, who, contractor))


@router.get("/contractors", summary="Contractors")
async def list_contractors(who: Dispatcher, rt: Rt) -> dict:
    """Every contractor."""
    return await _list(rt, CONTRACTORS, {})


@router.put("/warranties/{warranty_id}", summary="A building or asset under warranty")
async def put_warranty(
    warranty_id: Id, body: WarrantyPut, who: Dispatcher, rt: Rt, ctx: Ctx
) -> dict:
    """Orders there (of the listed trades) route to the contractor until the date."""
    warranty = Warranty(
        warranty_id,
        body.contractor_id,
        body.campus_id,
        body.until,
        body.building_id,
        body.asset_tag,
        tuple(body.categories),
    )
    return _out(await h.put_warranty(rt.uow(who), ctx, who, warranty))


@router.get("/warranties", summary="Warranties of a campus")
async def list_warranties(
    who: Dispatcher, rt: Rt, campus_id: Annotated[str, Query(pattern=CODE_PATTERN)]
) -> dict:
    """Every warranty of the campus."""
    return await _list(rt, WARRANTIES, {"campus_id": campus_id})


@router.get("/workload", summary="Open orders per technician")
async def workload(
    who: Dispatcher,
    rt: Rt,
    ctx: Ctx,
    team_id: Annotated[str | None, Query(pattern=CODE_PATTERN)] = None,
    technician_id: Annotated[list[str] | None, Query(max_length=50)] = None,
) -> dict:
    """Assigned, in-progress, on-hold and reopened orders each carries."""
    counts = await h.workload(ctx, rt.store, who, team_id=team_id, technicians=technician_id or [])
    return {"workload": counts}
