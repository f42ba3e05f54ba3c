"""Use cases of the technician register: name a technician, say who is away, and the roster a
dispatcher assigns from (names, teams, open orders)."""

from __future__ import annotations

from services.maintenance.domain import access
from services.maintenance.domain.technicians import RosterEntry, Technician, roster
from services.maintenance.handlers.context import MaintenanceContext
from services.maintenance.repository import dispatch as dispatch_repo
from services.maintenance.repository import technicians as repo
from services.maintenance.repository import tickets as ticket_repo
from shared.auth import Principal
from shared.errors import NotFound
from shared.uow import UnitOfWork


async def put_technician(
    uow: UnitOfWork,
    ctx: MaintenanceContext,
    who: Principal,
    /,
    technician_id: str,
    *,
    campus_id: str,
    name: str,
    active: bool,
) -> Technician:
    """Create or replace a register entry (a dispatcher of its campus, and of the campus it
    leaves when it moves); the same values again change nothing and publish nothing."""
    access.require_dispatch_role(who)
    access.require_dispatcher(who, campus_id)
    entry = await repo.load(uow.store, technician_id)
    if entry is None:
        entry = Technician.register(id=technician_id, campus_id=campus_id, name=name, active=active)
    else:
        access.require_dispatcher(who, entry.campus_id)
        if not entry.change(campus_id=campus_id, name=name, active=active):
            return entry
    repo.stage(uow, entry)
    await uow.commit()
    return entry


async def get_technician(
    uow: UnitOfWork, ctx: MaintenanceContext, who: Principal, /, technician_id: str
) -> Technician:
    """One register entry, or 404."""
    access.require_dispatch_role(who)
    entry = await repo.load(uow.store, technician_id)
    if entry is None:
        raise NotFound(f"no technician {technician_id} on the register")
    return entry


async def list_technicians(
    uow: UnitOfWork, ctx: MaintenanceContext, who: Principal, /, campus_id: str
) -> list[RosterEntry]:
    """The campus's technicians (its register and its teams' members) with their teams and the
    open orders each carries, for a dispatcher of the campus."""
    access.require_dispatch_role(who)
    access.require_dispatcher(who, campus_id)
    teams = await dispatch_repo.teams_of_campus(uow.store, campus_id)
    register = {t.id: t for t in await repo.of_campus(uow.store, campus_id)}
    members = {m for team in teams for m in team.members}
    # A member registered on another campus still has a name.
    register.update(await repo.load_many(uow.store, members - register.keys()))
    load = await ticket_repo.workload(uow.store, sorted(register.keys() | members))
    return roster(campus_id, register.values(), teams, load)
