"""Loans (借还制度): lend with a due day, the borrower acknowledges, return with a condition
check (a damaged return reports the damage, the borrower responsible), overdue announcements."""

from __future__ import annotations

from datetime import date

from services.assets.domain import access
from services.assets.domain.assets import Asset
from services.assets.domain.damages import Damage
from services.assets.domain.loans import Condition, Loan, LoanStatus
from services.assets.domain.reservations import Calendar
from services.assets.handlers.context import AssetsContext
from services.assets.repository import assets, damages, loans, reservations
from shared.auth import Principal
from shared.errors import Invalid
from shared.logging import get_logger
from shared.uow import UnitOfWork

log = get_logger(__name__)


def stage_offer(
    uow: UnitOfWork,
    ctx: AssetsContext,
    who: Principal,
    asset: Asset,
    calendar: Calendar,
    *,
    borrower_id: str,
    due_on: date,
    purpose: str | None,
    reservation_id: str | None,
    loan_id: str | None = None,
) -> Loan:
    """Stage a loan offer and the calendar it is booked in (the caller commits)."""
    loan = Loan.offer(
        asset=asset,
        calendar=calendar,
        max_days=ctx.settings.loan_max_days,
        id=loan_id or ctx.new_id("loan"),
        borrower_id=borrower_id,
        due_on=due_on,
        offered_on=ctx.today(),
        offered_at=ctx.now(),
        offered_by=who.user_id,
        purpose=purpose,
        reservation_id=reservation_id,
    )
    loans.stage(uow, loan, ctx.settings.overdue_period_days)
    reservations.stage_calendar(uow, calendar)
    return loan


async def lend(
    uow: UnitOfWork,
    ctx: AssetsContext,
    who: Principal,
    /,
    asset_id: str,
    *,
    borrower_id: str,
    due_on: date,
    purpose: str | None = None,
) -> Loan:
    """Lend an asset in use until a due day; it starts when the borrower acknowledges."""
    asset = await assets.load(uow.store, asset_id)
    access.require_manager(who, asset.building_id)
    calendar = await reservations.calendar(uow.store, asset_id)
    loan = stage_offer(
        uow,
        ctx,
        who,
        asset,
        calendar,
        borrower_id=borrower_id,
        due_on=due_on,
        purpose=purpose,
        reservation_id=None,
    )
    await uow.commit()
    log.info("loan.offered", loan_id=loan.id, asset_id=asset_id, borrower_id=borrower_id)
    return loan


async def acknowledge(uow: UnitOfWork, ctx: AssetsContext, who: Principal, /, loan_id: str) -> Loan:
    """The borrower signs for the loan: the asset is on loan from now (assets.loan.started.v1)."""
    loan = await loans.load(uow.store, loan_id)
    access.require_borrower(who, loan)
    asset = await assets.load(uow.store, loan.asset_id)
    loan.acknowledge(asset, at=ctx.now())
    loans.stage(uow, loan, ctx.settings.overdue_period_days)
    assets.stage(uow, asset)
    await uow.commit()
    log.info("loan.started", loan_id=loan_id)
    return loan


async def cancel(
    uow: UnitOfWork, ctx: AssetsContext, who: Principal, /, loan_id: str, *, reason: str | None
) -> Loan:
    """Withdraw a loan the borrower has not acknowledged."""
    loan = await loans.load(uow.store, loan_id)
    access.require_manager(who, loan.building_id)
    calendar = await reservations.calendar(uow.store, loan.asset_id)
    loan.cancel(calendar, reason=reason)
    loans.stage(uow, loan, ctx.settings.overdue_period_days)
    reservations.stage_calendar(uow, calendar)
    await uow.commit()
    return loan


async def give_back(
    uow: UnitOfWork,
    ctx: AssetsContext,
    who: Principal,
    /,
    loan_id: str,
    *,
    condition: Condition,
    note: str | None = None,
    deliberate: bool = False,
) -> tuple[Loan, Damage | None]:
    """Returned after a condition check; a damaged return reports the damage with the borrower
    responsible (compensation at book value, doubled when deliberate)."""
    loan = await loans.load(uow.store, loan_id)
    access.require_manager(who, loan.building_id)
    if condition is Condition.DAMAGED and not note:
        raise Invalid("describe the damage found at return", field="note")
    asset = await assets.load(uow.store, loan.asset_id)
    calendar = await reservations.calendar(uow.store, loan.asset_id)
    today, now = ctx.today(), ctx.now()
    damage_id = ctx.new_id("dmg") if condition is Condition.DAMAGED else None
    loan.take_back(
        asset,
        calendar,
        condition=condition,
        note=note,
        damage_id=damage_id,
        today=today,
        at=now,
        by=who.user_id,
    )
    damage = None
    if damage_id is not None:
        damage = asset.report_damage(
            damage_id=damage_id,
            description=f"归还时发现损坏 damaged on return of loan {loan.id}: {note}",
            deliberate=deliberate,
            responsible_person_id=loan.borrower_id,
            occurred_on=today,
            today=today,
            at=now,
            by=who.user_id,
        )
        damages.stage(uow, damage)
    loans.stage(uow, loan, ctx.settings.overdue_period_days)
    assets.stage(uow, asset)
    reservations.stage_calendar(uow, calendar)
    await uow.commit()
    log.info("loan.returned", loan_id=loan_id, condition=condition.value, damage_id=damage_id)
    return loan, damage


async def get(uow: UnitOfWork, ctx: AssetsContext, who: Principal, /, loan_id: str) -> Loan:
    """One loan, for its borrower or a reader of its building."""
    loan = await loans.load(uow.store, loan_id)
    access.require_loan_reader(who, loan)
    return loan


async def listed(
    uow: UnitOfWork,
    ctx: AssetsContext,
    who: Principal,
    /,
    *,
    mine: bool = False,
    building_id: str | None = None,
    asset_id: str | None = None,
    status: LoanStatus | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> tuple[list[Loan], str | None]:
    """Loans, newest first: the caller's own (`mine`), or those of buildings they read."""
    if mine:
        filter: dict = {"borrower_id": who.user_id}
    elif building_id is not None:
        access.require_reader(who, building_id)
        filter = {"building_id": building_id}
    else:
        filter = access.reader_filter(who)
    if asset_id is not None:
        filter["asset_id"] = asset_id
    if status is not None:
        filter["status"] = status.value
    return await loans.listed(uow.store, filter, limit=limit, cursor=cursor)


async def remind_overdue(
    uow: UnitOfWork, ctx: AssetsContext, who: Principal, /, *, limit: int = 200
) -> int:
    """Announce each open loan's current overdue period once (assets.loan.overdue.v1);
    returns how many were announced. Safe to run twice: the period is stored on the loan and
    keyed in the store, and a second scan finds nothing due."""
    today, period = ctx.today(), ctx.settings.overdue_period_days
    due = await loans.due_for_reminder(uow.store, today, limit)
    announced = 0
    for loan in due:
        if loan.remind(today=today, period_days=period):
            announced += 1
        # Staged even when nothing is announced: the stored next day catches up.
        loans.stage(uow, loan, period)
    if due:
        await uow.commit()
        log.info("loan.overdue_announced", count=announced)
    return announced
