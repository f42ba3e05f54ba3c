"""Use cases of dispatch: who an order goes to, and the rules, teams, contractors and
warranties that decide it; the workload of technicians."""

from __future__ import annotations

from datetime import date

from services.maintenance.domain import access
from services.maintenance.domain import dispatch as rules
from services.maintenance.domain.dispatch import Contractor, Rule, Team, Warranty
from services.maintenance.domain.ticket_parts import Assignment
from services.maintenance.domain.tickets import Ticket
from services.maintenance.handlers.context import MaintenanceContext
from services.maintenance.handlers.places import resolve_place
from services.maintenance.repository import dispatch as repo
from services.maintenance.repository import places as places_repo
from services.maintenance.repository import technicians as technician_repo
from services.maintenance.repository import tickets as ticket_repo
from shared.auth import Principal
from shared.errors import Conflict, Invalid
from shared.store import DocumentStore
from shared.uow import UnitOfWork


async def _route_order(store: DocumentStore, ticket: Ticket, *, today: date) -> Assignment:
    """Automatic dispatch: the contractor under warranty, else the category/building rule."""
    warranties = await repo.warranties_for(store, ticket.building_id, ticket.asset_tag)
    warranty = rules.active_warranty(
        warranties,
        building_id=ticket.building_id,
        asset_tag=ticket.asset_tag,
        category=ticket.category,
        on=today,
    )
    if warranty is not None:
        contractor = await repo.load_contractor(store, warranty.contractor_id)
        if contractor is None:
            raise Conflict(f"warranty {warranty.id} names unknown contractor")
        return rules.contractor_assignment(contractor)
    rule = rules.matching_rule(
        await repo.rules_for(store, ticket.campus_id, ticket.category),
        campus_id=ticket.campus_id,
        building_id=ticket.building_id,
        category=ticket.category,
    )
    if rule is None:
        raise Conflict(
            f"no dispatch rule for {ticket.category} in building {ticket.building_id}; "
            "name a technician, team or contractor"
        )
    if rule.technician_id is not None:
        entry = await technician_repo.load(store, rule.technician_id)
        if entry is not None and not entry.active:
            raise Conflict(
                f"rule {rule.id} names {entry.name} ({entry.id}), who is away; "
                "name a technician, team or contractor"
            )
        return rules.technician_assignment(rule.technician_id)
    assert rule.team_id is not None
    return await _team_assignment(store, rule.team_id)


async def _team_assignment(store: DocumentStore, team_id: str) -> Assignment:
    """The team's least-loaded member among those the register does not mark away."""
    team = await repo.load_team(store, team_id)
    if team is None:
        raise Invalid(f"unknown team {team_id}", field="team_id")
    entries = await technician_repo.load_many(store, team.members)
    away = {tech_id for tech_id, entry in entries.items() if not entry.active}
    return rules.team_assignment(team, await ticket_repo.workload(store, team.members), away)


async def _named_technician(store: DocumentStore, technician_id: str) -> Assignment:
    """The technician a dispatcher named, unless the register says they are away (422)."""
    entry = await technician_repo.load(store, technician_id)
    if entry is not None and not entry.active:
        raise Invalid(
            f"{entry.name} ({technician_id}) is not taking work now", field="technician_id"
        )
    return rules.technician_assignment(technician_id)


async def assignment_for(
    store: DocumentStore,
    ctx: MaintenanceContext,
    ticket: Ticket,
    *,
    technician_id: str | None,
    team_id: str | None,
    contractor_id: str | None,
) -> Assignment:
    """Whom the dispatcher named, or (naming no one) whom warranty and rules give."""
    if technician_id is not None:
        return await _named_technician(store, technician_id)
    if team_id is not None:
        return await _team_assignment(store, team_id)
    if contractor_id is not None:
        contractor = await repo.load_contractor(store, contractor_id)
        if contractor is None:
            raise Invalid(f"unknown contractor {contractor_id}", field="contractor_id")
        return rules.contractor_assignment(contractor)
    return await _route_order(store, ticket, today=ctx.today())


async def _building_campus(uow: UnitOfWork, building_id: str, field: str) -> str:
    try:
        place = await resolve_place(uow.store, location_id=building_id, asset_tag=None)
    except Invalid:
        raise Invalid(f"unknown building {building_id}", field=field) from None
    if place.location_id != place.building_id:
        raise Invalid(f"{building_id} is not a building", field=field)
    return place.campus_id


async def put_rule(uow: UnitOfWork, ctx: MaintenanceContext, who: Principal, /, rule: Rule) -> Rule:
    """Create or replace a dispatch rule (category + building → technician or team)."""
    access.require_dispatch_role(who)
    access.require_dispatcher(who, rule.campus_id)
    if rule.building_id is not None:
        campus = await _building_campus(uow, rule.building_id, "building_id")
        if campus != rule.campus_id:
            raise Invalid(f"building {rule.building_id} is on campus {campus}", field="building_id")
    if rule.team_id is not None:
        team = await repo.load_team(uow.store, rule.team_id)
        if team is None or team.campus_id != rule.campus_id:
            raise Invalid(f"no team {rule.team_id} on campus {rule.campus_id}", field="team_id")
    await repo.save_rule(uow, rule)
    await uow.commit()
    return rule


async def put_team(uow: UnitOfWork, ctx: MaintenanceContext, who: Principal, /, team: Team) -> Team:
    """Create or replace a team of technicians."""
    access.require_dispatch_role(who)
    access.require_dispatcher(who, team.campus_id)
    await repo.save_team(uow, team)
    await uow.commit()
    return team


async def put_contractor(
    uow: UnitOfWork, ctx: MaintenanceContext, who: Principal, /, contractor: Contractor
) -> Contractor:
    """Create or replace a contractor and its answer clock (any campus's dispatcher)."""
    access.require_dispatch_role(who)
    await repo.save_contractor(uow, contractor)
    await uow.commit()
    return contractor


async def put_warranty(
    uow: UnitOfWork, ctx: MaintenanceContext, who: Principal, /, warranty: Warranty
) -> Warranty:
    """Create or replace a warranty on a building or an asset."""
    access.require_dispatch_role(who)
    access.require_dispatcher(who, warranty.campus_id)
    if await repo.load_contractor(uow.store, warranty.contractor_id) is None:
        raise Invalid(f"unknown contractor {warranty.contractor_id}", field="contractor_id")
    if warranty.building_id is not None:
        campus = await _building_campus(uow, warranty.building_id, "building_id")
        if campus != warranty.campus_id:
            raise Invalid(
                f"building {warranty.building_id} is on campus {campus}", field="building_id"
            )
    elif await places_repo.load_asset(uow.store, warranty.asset_tag or "") is None:
        raise Invalid(f"unknown asset tag {warranty.asset_tag}", field="asset_tag")
    await repo.save_warranty(uow, warranty)
    await uow.commit()
    return warranty


async def list_rules(
    uow: UnitOfWork, ctx: MaintenanceContext, who: Principal, /, campus_id: str
) -> list[Rule]:
    """Every rule of a campus."""
    access.require_dispatch_role(who)
    return await repo.rules_of_campus(uow.store, campus_id)


async def list_teams(
    uow: UnitOfWork, ctx: MaintenanceContext, who: Principal, /, campus_id: str
) -> list[Team]:
    """Every team of a campus."""
    access.require_dispatch_role(who)
    return await repo.teams_of_campus(uow.store, campus_id)


async def list_contractors(
    uow: UnitOfWork, ctx: MaintenanceContext, who: Principal, /
) -> list[Contractor]:
    """Every contractor."""
    access.require_dispatch_role(who)
    return await repo.all_contractors(uow.store)


async def list_warranties(
    uow: UnitOfWork, ctx: MaintenanceContext, who: Principal, /, campus_id: str
) -> list[Warranty]:
    """Every warranty of a campus."""
    access.require_dispatch_role(who)
    return await repo.warranties_of_campus(uow.store, campus_id)


async def workload(
    uow: UnitOfWork,
    ctx: MaintenanceContext,
    who: Principal,
    /,
    *,
    team_id: str | None,
    technicians: list[str],
) -> dict[str, int]:
    """Open orders per technician (of a team, or the ones named)."""
    access.require_dispatch_role(who)
    names = list(technicians)
    if team_id is not None:
        team = await repo.load_team(uow.store, team_id)
        if team is None:
            raise Invalid(f"unknown team {team_id}", field="team_id")
        access.require_dispatcher(who, team.campus_id)
        names += [m for m in team.members if m not in names]
    if not names:
        raise Invalid("name a team_id or technicians", field="team_id")
    return await ticket_repo.workload(uow.store, names)
