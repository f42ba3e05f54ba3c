"""Use cases of food handlers: their records and certificates, the day's roster, morning checks."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from services.canteen.domain import access
from services.canteen.domain.morning_checks import MorningCheck, Symptom
from services.canteen.domain.roster import Roster, Shift
from services.canteen.domain.staff import HealthCertificate, Position, StaffMember
from services.canteen.events import StaffHealthRead
from services.canteen.handlers.canteens import canteen_or_404
from services.canteen.handlers.context import CanteenContext
from services.canteen.repository import staff as repo
from shared.auth import Principal
from shared.errors import Conflict, Invalid, NotFound
from shared.logging import get_logger
from shared.personal_data import record_read
from shared.uow import UnitOfWork

log = get_logger(__name__)


async def save_staff(
    uow: UnitOfWork,
    ctx: CanteenContext,
    who: Principal,
    /,
    canteen_id: str,
    staff_id: str,
    *,
    name: str,
    position: Position,
    active: bool,
    certificate: HealthCertificate | None,
) -> StaffMember:
    """Register or change a food handler; a move needs the managers of both canteens."""
    access.require_manager(who, canteen_id)
    await canteen_or_404(uow.store, canteen_id)
    member = await repo.load(uow.store, staff_id)
    fields = {
        "canteen_id": canteen_id,
        "name": name,
        "position": position,
        "active": active,
        "certificate": certificate,
        "today": ctx.today(),
        "at": ctx.now(),
    }
    if member is None:
        member = StaffMember.register(staff_id, **fields)
    else:
        access.require_manager(who, member.canteen_id)
        if not member.revise(**fields):
            return member
    repo.stage(uow, member)
    await uow.commit()
    log.info("staff.saved", staff_id=staff_id, canteen_id=canteen_id, created=member.new)
    return member


async def list_staff(
    uow: UnitOfWork, ctx: CanteenContext, who: Principal, /, canteen_id: str
) -> list[StaffMember]:
    """A canteen's food handlers, by name (the read is logged: health certificates)."""
    access.require_reader(who, canteen_id)
    members = await repo.of_canteen(uow.store, canteen_id)
    await _log_read(uow, members, "GET /canteens/{canteen_id}/staff")
    return members


async def get_staff(
    uow: UnitOfWork, ctx: CanteenContext, who: Principal, /, canteen_id: str, staff_id: str
) -> StaffMember:
    """One food handler of the canteen."""
    access.require_reader(who, canteen_id)
    member = await repo.load(uow.store, staff_id)
    if member is None or member.canteen_id != canteen_id:
        raise NotFound(f"no food handler {staff_id} in canteen {canteen_id}")
    await _log_read(uow, [member], "GET /canteens/{canteen_id}/staff/{staff_id}")
    return member


async def _log_read(uow: UnitOfWork, members: list[StaffMember], route: str) -> None:
    """Who read food handlers' names and health certificates (the access log)."""
    fields = {"name"} | ({"certificate"} if any(m.certificate for m in members) else set())
    await record_read(
        uow,
        StaffHealthRead,
        subject_kind="food_handler",
        subject_ids=[m.staff_id for m in members],
        fields=fields,
        route=route,
    )


async def _failed_on(uow: UnitOfWork, canteen_id: str, day: date) -> set[str]:
    return {c.staff_id for c in await repo.checks_on(uow.store, canteen_id, day) if not c.passed}


async def set_roster(
    uow: UnitOfWork,
    ctx: CanteenContext,
    who: Principal,
    /,
    canteen_id: str,
    day: date,
    *,
    shifts: tuple[Shift, ...],
) -> Roster:
    """Set a day's shifts; anyone who may not handle food that day is refused by name."""
    access.require_manager(who, canteen_id)
    await canteen_or_404(uow.store, canteen_id)
    members = {m.staff_id: m for m in await repo.of_canteen(uow.store, canteen_id)}
    failed = await _failed_on(uow, canteen_id, day)
    roster = await repo.load_roster(uow.store, canteen_id, day)
    common = {"members": members, "failed": failed, "today": ctx.today(), "at": ctx.now()}
    if roster is None:
        roster = Roster.plan(canteen_id, day, shifts, **common, by=who.user_id)
    elif not roster.revise(shifts, **common, by=who.user_id):
        return roster
    repo.stage_roster(uow, roster)
    await uow.commit()
    log.info("roster.set", canteen_id=canteen_id, day=day.isoformat(), shifts=len(shifts))
    return roster


async def get_roster(
    uow: UnitOfWork, ctx: CanteenContext, who: Principal, /, canteen_id: str, day: date
) -> Roster:
    """A day's roster."""
    access.require_reader(who, canteen_id)
    roster = await repo.load_roster(uow.store, canteen_id, day)
    if roster is None:
        raise NotFound(f"no roster of canteen {canteen_id} on {day.isoformat()}")
    return roster


async def record_check(
    uow: UnitOfWork,
    ctx: CanteenContext,
    who: Principal,
    /,
    canteen_id: str,
    *,
    staff_id: str,
    temperature_c: Decimal,
    symptoms: frozenset[Symptom],
    note: str | None,
) -> MorningCheck:
    """Today's morning check of one food handler (once a day; a failure stands for the day)."""
    access.require_staff(who, canteen_id)
    member = await repo.load(uow.store, staff_id)
    if member is None or member.canteen_id != canteen_id:
        raise Invalid(f"{staff_id} is not a food handler of {canteen_id}", field="staff_id")
    today = ctx.today()
    earlier = await repo.load_check(uow.store, staff_id, today)
    if earlier is not None:
        verdict = "passed" if earlier.passed else "failed"
        raise Conflict(
            f"{member.name} was checked today already ({verdict})", passed=earlier.passed
        )
    check = MorningCheck.take(
        member,
        day=today,
        temperature_c=temperature_c,
        symptoms=symptoms,
        note=note,
        roster=await repo.load_roster(uow.store, canteen_id, today),
        fever_at=ctx.fever_celsius,
        at=ctx.now(),
        by=who.user_id,
    )
    repo.stage_check(uow, check)
    await uow.commit()
    log.info("morning_check.recorded", staff_id=staff_id, passed=check.passed)
    return check


async def checks_of_day(
    uow: UnitOfWork, ctx: CanteenContext, who: Principal, /, canteen_id: str, day: date | None
) -> list[MorningCheck]:
    """A canteen's morning checks of one day (today by default)."""
    access.require_reader(who, canteen_id)
    return await repo.checks_on(uow.store, canteen_id, day or ctx.today())


async def report_missing_checks(
    uow: UnitOfWork, ctx: CanteenContext, who: Principal, /, canteen_id: str
) -> int:
    """Shifts of today (and yesterday, after a restart) started with people unchecked: told once."""
    access.require_watcher(who, canteen_id)
    today, now = ctx.today(), ctx.now()
    names = {m.staff_id: m.name for m in await repo.of_canteen(uow.store, canteen_id)}
    told = 0
    for day in (today - timedelta(days=1), today):
        roster = await repo.load_roster(uow.store, canteen_id, day)
        if roster is None:
            continue
        checked = {c.staff_id for c in await repo.checks_on(uow.store, canteen_id, day)}
        shifts = roster.tell_missing(now=now, zone=ctx.zone, checked=checked, names=names)
        if shifts:
            repo.stage_roster(uow, roster)
            told += len(shifts)
    if told:
        await uow.commit()
        log.info("morning_check.missing", canteen_id=canteen_id, shifts=told)
    return told
