"""Reservations (预约) for future days: conflicts named, collected as a loan."""

from __future__ import annotations

from datetime import date

from services.assets.domain import access
from services.assets.domain.loans import Loan
from services.assets.domain.reservations import Reservation, ReservationStatus
from services.assets.handlers.context import AssetsContext
from services.assets.handlers.loans import stage_offer
from services.assets.repository import assets, reservations
from shared.auth import Principal
from shared.logging import get_logger
from shared.uow import UnitOfWork

log = get_logger(__name__)


async def reserve(
    uow: UnitOfWork,
    ctx: AssetsContext,
    who: Principal,
    /,
    asset_id: str,
    *,
    starts_on: date,
    ends_on: date,
    person_id: str | None = None,
    purpose: str | None = None,
) -> Reservation:
    """Reserve days (assets.reservation.made.v1); 409 naming the booking it overlaps."""
    asset = await assets.load(uow.store, asset_id)
    person = person_id or who.user_id
    access.require_reserver(who, asset, person)
    asset.require("reserve")
    calendar = await reservations.calendar(uow.store, asset_id)
    reservation = Reservation.make(
        calendar=calendar,
        today=ctx.today(),
        max_days=ctx.settings.reservation_max_days,
        id=ctx.new_id("rsv"),
        asset_id=asset.id,
        tag=asset.tag,
        building_id=asset.building_id,
        person_id=person,
        starts_on=starts_on,
        ends_on=ends_on,
        purpose=purpose,
        made_at=ctx.now(),
        made_by=who.user_id,
    )
    reservations.stage(uow, reservation)
    reservations.stage_calendar(uow, calendar)
    await uow.commit()
    log.info("reservation.made", reservation_id=reservation.id, asset_id=asset_id)
    return reservation


async def cancel(
    uow: UnitOfWork,
    ctx: AssetsContext,
    who: Principal,
    /,
    reservation_id: str,
    *,
    reason: str | None = None,
) -> Reservation:
    """Give the days back (its person, or a manager of the building)."""
    reservation = await reservations.load(uow.store, reservation_id)
    access.require_reservation_holder(who, reservation)
    calendar = await reservations.calendar(uow.store, reservation.asset_id)
    reservation.cancel(calendar=calendar, reason=reason)
    reservations.stage(uow, reservation)
    reservations.stage_calendar(uow, calendar)
    await uow.commit()
    return reservation


async def collect(
    uow: UnitOfWork, ctx: AssetsContext, who: Principal, /, reservation_id: str
) -> tuple[Reservation, Loan]:
    """The person came for it: the reservation becomes a loan due on its last day, which
    starts when the borrower acknowledges it."""
    reservation = await reservations.load(uow.store, reservation_id)
    asset = await assets.load(uow.store, reservation.asset_id)
    access.require_manager(who, asset.building_id)
    calendar = await reservations.calendar(uow.store, asset.id)
    loan_id_holder = ctx.new_id("loan")
    reservation.collect(calendar=calendar, loan_id=loan_id_holder, today=ctx.today())
    loan = stage_offer(
        uow,
        ctx,
        who,
        asset,
        calendar,
        borrower_id=reservation.person_id,
        due_on=reservation.ends_on,
        purpose=reservation.purpose,
        reservation_id=reservation.id,
        loan_id=loan_id_holder,
    )
    reservations.stage(uow, reservation)
    await uow.commit()
    log.info("reservation.collected", reservation_id=reservation_id, loan_id=loan.id)
    return reservation, loan


async def get(
    uow: UnitOfWork, ctx: AssetsContext, who: Principal, /, reservation_id: str
) -> Reservation:
    """One reservation, for its person or a manager of the building."""
    reservation = await reservations.load(uow.store, reservation_id)
    access.require_reservation_holder(who, reservation)
    return reservation


async def listed(
    uow: UnitOfWork,
    ctx: AssetsContext,
    who: Principal,
    /,
    *,
    mine: bool = False,
    asset_id: str | None = None,
    building_id: str | None = None,
    status: ReservationStatus | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> tuple[list[Reservation], str | None]:
    """Reservations by first day: the caller's own, or those of buildings they read."""
    if mine:
        filter: dict = {"person_id": who.user_id}
    elif asset_id is not None:
        asset = await assets.load(uow.store, asset_id)
        access.require_reader(who, asset.building_id)
        filter = {"asset_id": asset_id}
    elif building_id is not None:
        access.require_reader(who, building_id)
        filter = {"building_id": building_id}
    else:
        filter = access.reader_filter(who)
    if status is not None:
        filter["status"] = status.value
    return await reservations.listed(uow.store, filter, limit=limit, cursor=cursor)
