"""Use cases of dispatch configuration: rules, teams, contractors, warranties; workload."""

from __future__ import annotations

from typing import Any

from services.maintenance.domain.dispatch import Contractor, Rule, Team, Warranty
from services.maintenance.handlers.context import Context, require_dispatcher
from services.maintenance.handlers.tickets import resolve_place
from services.maintenance.repository import dispatch as repo
from services.maintenance.repository import tickets as ticket_repo
from services.maintenance.repository.common import (
    ASSETS,
    CONTRACTORS,
    RULES,
    TEAMS,
    WARRANTIES,
    stage_upsert,
)
from shared.auth import Principal, Role
from shared.errors import Forbidden, Invalid
from shared.store import Doc
from shared.uow import UnitOfWork


async def _upsert(uow: UnitOfWork, collection: str, doc: Doc) -> Doc:
    stage_upsert(uow, collection, doc, await uow.store.get(collection, doc["_id"]))
    await uow.commit()
    return doc


async def _building_campus(uow: UnitOfWork, building_id: str, field: str) -> str:
    try:
        place = await resolve_place(uow.store, location_id=building_id, asset_tag=None)
    except Invalid:
        raise Invalid(f"unknown building {building_id}", field=field) from None
    if place.location_id != place.building_id:
        raise Invalid(f"{building_id} is not a building", field=field)
    return place.campus_id


async def put_rule(uow: UnitOfWork, ctx: Context, principal: Principal, rule: Rule) -> Doc:
    """Create or replace a dispatch rule (category + building → technician or team)."""
    require_dispatcher(principal, rule.campus_id)
    if rule.building_id is not None:
        campus = await _building_campus(uow, rule.building_id, "building_id")
        if campus != rule.campus_id:
            raise Invalid(f"building {rule.building_id} is on campus {campus}", field="building_id")
    if rule.team_id is not None:
        team = await repo.load_team(uow.store, rule.team_id)
        if team is None or team.campus_id != rule.campus_id:
            raise Invalid(f"no team {rule.team_id} on campus {rule.campus_id}", field="team_id")
    return await _upsert(uow, RULES, repo.rule_doc(rule))


async def put_team(uow: UnitOfWork, ctx: Context, principal: Principal, team: Team) -> Doc:
    """Create or replace a team of technicians."""
    require_dispatcher(principal, team.campus_id)
    return await _upsert(uow, TEAMS, repo.team_doc(team))


def _require_any_dispatcher(principal: Principal) -> None:
    if not principal.has_role(Role.DISPATCHER, Role.LOGISTICS_ADMIN):
        raise Forbidden("only dispatchers and logistics administrators manage contractors")


async def put_contractor(
    uow: UnitOfWork, ctx: Context, principal: Principal, contractor: Contractor
) -> Doc:
    """Create or replace a contractor and its answer clock."""
    _require_any_dispatcher(principal)
    return await _upsert(uow, CONTRACTORS, repo.contractor_doc(contractor))


async def put_warranty(
    uow: UnitOfWork, ctx: Context, principal: Principal, warranty: Warranty
) -> Doc:
    """Create or replace a warranty on a building or an asset."""
    require_dispatcher(principal, warranty.campus_id)
    if await repo.load_contractor(uow.store, warranty.contractor_id) is None:
        raise Invalid(f"unknown contractor {warranty.contractor_id}", field="contractor_id")
    if warranty.building_id is not None:
        campus = await _building_campus(uow, warranty.building_id, "building_id")
        if campus != warranty.campus_id:
            raise Invalid(
                f"building {warranty.building_id} is on campus {campus}", field="building_id"
            )
    elif await uow.store.get(ASSETS, warranty.asset_tag or "") is None:
        raise Invalid(f"unknown asset tag {warranty.asset_tag}", field="asset_tag")
    return await _upsert(uow, WARRANTIES, repo.warranty_doc(warranty))


async def workload(
    ctx: Context,
    store: Any,
    principal: Principal,
    *,
    team_id: str | None,
    technicians: list[str],
) -> dict[str, int]:
    """Open orders per technician (of a team, or the ones named)."""
    names = list(technicians)
    if team_id is not None:
        team = await repo.load_team(store, team_id)
        if team is None:
            raise Invalid(f"unknown team {team_id}", field="team_id")
        require_dispatcher(principal, team.campus_id)
        names += [m for m in team.members if m not in names]
    elif not principal.has_role(Role.DISPATCHER, Role.LOGISTICS_ADMIN):
        raise Forbidden("only dispatchers see workload")
    if not names:
        raise Invalid("name a team_id or technicians", field="team_id")
    return await ticket_repo.workload(store, names)
