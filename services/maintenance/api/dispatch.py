"""Routes of dispatch configuration: rules, teams, contractors, warranties, workload."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from services.maintenance.api.deps import CODE_PATTERN, Code, Ctx
from services.maintenance.api.schemas_dispatch import (
    ContractorList,
    ContractorPut,
    ContractorRead,
    RuleList,
    RulePut,
    RuleRead,
    TeamList,
    TeamPut,
    TeamRead,
    WarrantyList,
    WarrantyPut,
    WarrantyRead,
    WorkloadRead,
)
from services.maintenance.domain.dispatch import Contractor, Team, Warranty
from services.maintenance.handlers import dispatch as h
from shared.api import Caller, Uow

router = APIRouter(tags=["dispatch"])
CampusId = Annotated[str, Query(pattern=CODE_PATTERN)]


@router.put(
    "/dispatch/rules/{rule_id}",
    response_model=RuleRead,
    summary="Category + building → technician or team",
)
async def put_rule(rule_id: Code, body: RulePut, uow: Uow, ctx: Ctx, who: Caller) -> RuleRead:
    """A building-specific rule beats a campus-wide one."""
    return RuleRead.of(await h.put_rule(uow, ctx, who, body.to_rule(rule_id)))


@router.get("/dispatch/rules", response_model=RuleList, summary="Dispatch rules of a campus")
async def list_rules(campus_id: CampusId, uow: Uow, ctx: Ctx, who: Caller) -> RuleList:
    """Every rule of the campus."""
    return RuleList(items=[RuleRead.of(r) for r in await h.list_rules(uow, ctx, who, campus_id)])


@router.put("/teams/{team_id}", response_model=TeamRead, summary="A team of technicians")
async def put_team(team_id: Code, body: TeamPut, uow: Uow, ctx: Ctx, who: Caller) -> TeamRead:
    """Orders for a team go to its least-loaded member."""
    team = Team(team_id, body.campus_id, body.name, tuple(body.members))
    return TeamRead.of(await h.put_team(uow, ctx, who, team))


@router.get("/teams", response_model=TeamList, summary="Teams of a campus")
async def list_teams(campus_id: CampusId, uow: Uow, ctx: Ctx, who: Caller) -> TeamList:
    """Every team of the campus."""
    return TeamList(items=[TeamRead.of(t) for t in await h.list_teams(uow, ctx, who, campus_id)])


@router.put(
    "/contractors/{contractor_id}",
    response_model=ContractorRead,
    summary="An outside firm with its own answer clock",
)
async def put_contractor(
    contractor_id: Code, body: ContractorPut, uow: Uow, ctx: Ctx, who: Caller
) -> ContractorRead:
    """Its response target and who hears when it is late."""
    contractor = Contractor(
        contractor_id, body.name, body.technician_id, body.response.to_target(), body.escalate_to
    )
    return ContractorRead.of(await h.put_contractor(uow, ctx, who, contractor))


@router.get("/contractors", response_model=ContractorList, summary="Contractors")
async def list_contractors(uow: Uow, ctx: Ctx, who: Caller) -> ContractorList:
    """Every contractor."""
    found = await h.list_contractors(uow, ctx, who)
    return ContractorList(items=[ContractorRead.of(c) for c in found])


@router.put(
    "/warranties/{warranty_id}",
    response_model=WarrantyRead,
    summary="A building or asset under warranty",
)
async def put_warranty(
    warranty_id: Code, body: WarrantyPut, uow: Uow, ctx: Ctx, who: Caller
) -> WarrantyRead:
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
    return WarrantyRead.of(await h.put_warranty(uow, ctx, who, warranty))


@router.get("/warranties", response_model=WarrantyList, summary="Warranties of a campus")
async def list_warranties(campus_id: CampusId, uow: Uow, ctx: Ctx, who: Caller) -> WarrantyList:
    """Every warranty of the campus."""
    found = await h.list_warranties(uow, ctx, who, campus_id)
    return WarrantyList(items=[WarrantyRead.of(w) for w in found])


@router.get("/workload", response_model=WorkloadRead, summary="Open orders per technician")
async def workload(
    uow: Uow,
    ctx: Ctx,
    who: Caller,
    team_id: Annotated[str | None, Query(pattern=CODE_PATTERN)] = None,
    technician_id: Annotated[list[str] | None, Query(max_length=50)] = None,
) -> WorkloadRead:
    """Assigned, in-progress, on-hold and reopened orders each carries."""
    counts = await h.workload(uow, ctx, who, team_id=team_id, technicians=technician_id or [])
    return WorkloadRead(workload=counts)
