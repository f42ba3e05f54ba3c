"""Routes of food handlers, the day's roster, morning checks (晨检) and licences."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from services.canteen.api.deps import Ctx
from services.canteen.api.schemas_staff import (
    CheckCreate,
    CheckRead,
    LicenceRead,
    RosterRead,
    RosterUpdate,
    StaffRead,
    StaffUpdate,
)
from services.canteen.handlers import licences
from services.canteen.handlers import staff as h
from shared.api import Caller, PathId, Uow
from shared.types import Day

router = APIRouter(tags=["staff"])
DayPath = Annotated[Day, Path(description="campus day, YYYY-MM-DD")]
DayQuery = Annotated[Day | None, Query(description="campus day; default today")]


@router.put(
    "/canteens/{canteen_id}/staff/{staff_id}",
    response_model=StaffRead,
    responses={201: {"model": StaffRead, "description": "Registered"}},
    summary="Register or change a food handler and their health certificate",
)
async def put_staff(
    canteen_id: PathId,
    staff_id: PathId,
    body: StaffUpdate,
    uow: Uow,
    ctx: Ctx,
    who: Caller,
    response: Response,
) -> StaffRead:
    """Managers of the canteen; 201 when new; a certificate runs at most a year."""
    member = await h.save_staff(
        uow,
        ctx,
        who,
        canteen_id,
        staff_id,
        name=body.name,
        position=body.position,
        active=body.active,
        certificate=body.certificate.to_certificate() if body.certificate else None,
    )
    response.status_code = 201 if member.new else 200
    return StaffRead.of(member, ctx.today())


@router.get("/canteens/{canteen_id}/staff", response_model=list[StaffRead], summary="Food handlers")
async def list_staff(canteen_id: PathId, uow: Uow, ctx: Ctx, who: Caller) -> list[StaffRead]:
    """A canteen's food handlers, with whether each may handle food today."""
    today = ctx.today()
    return [StaffRead.of(m, today) for m in await h.list_staff(uow, ctx, who, canteen_id)]


@router.get(
    "/canteens/{canteen_id}/staff/{staff_id}", response_model=StaffRead, summary="A food handler"
)
async def get_staff(
    canteen_id: PathId, staff_id: PathId, uow: Uow, ctx: Ctx, who: Caller
) -> StaffRead:
    """One food handler."""
    member = await h.get_staff(uow, ctx, who, canteen_id, staff_id)
    return StaffRead.of(member, ctx.today())


@router.put(
    "/canteens/{canteen_id}/rosters/{day}",
    response_model=RosterRead,
    summary="Set a day's roster (nobody who may not handle food that day)",
)
async def put_roster(
    canteen_id: PathId, day: DayPath, body: RosterUpdate, uow: Uow, ctx: Ctx, who: Caller
) -> RosterRead:
    """422 naming each person refused and why (expired certificate, failed check that day)."""
    shifts = tuple(s.to_shift() for s in body.shifts)
    return RosterRead.of(await h.set_roster(uow, ctx, who, canteen_id, day, shifts=shifts))


@router.get(
    "/canteens/{canteen_id}/rosters/{day}", response_model=RosterRead, summary="A day's roster"
)
async def get_roster(
    canteen_id: PathId, day: DayPath, uow: Uow, ctx: Ctx, who: Caller
) -> RosterRead:
    """The shifts of one day."""
    return RosterRead.of(await h.get_roster(uow, ctx, who, canteen_id, day))


@router.post(
    "/canteens/{canteen_id}/morning-checks",
    response_model=CheckRead,
    status_code=201,
    summary="Record today's morning check (晨检) of a food handler",
)
async def record_check(
    canteen_id: PathId, body: CheckCreate, uow: Uow, ctx: Ctx, who: Caller
) -> CheckRead:
    """A failed check keeps the person off food handling today; once per person and day."""
    check = await h.record_check(
        uow,
        ctx,
        who,
        canteen_id,
        staff_id=body.staff_id,
        temperature_c=body.temperature_c,
        symptoms=frozenset(body.symptoms),
        note=body.note,
    )
    return CheckRead.of(check)


@router.get(
    "/canteens/{canteen_id}/morning-checks",
    response_model=list[CheckRead],
    summary="Morning checks of a day",
)
async def checks(
    canteen_id: PathId, uow: Uow, ctx: Ctx, who: Caller, day: DayQuery = None
) -> list[CheckRead]:
    """A canteen's checks of one day, in the order they were made."""
    return [CheckRead.of(c) for c in await h.checks_of_day(uow, ctx, who, canteen_id, day)]


@router.get(
    "/canteens/{canteen_id}/licences",
    response_model=list[LicenceRead],
    summary="Licences and health certificates the canteen depends on",
)
async def list_licences(canteen_id: PathId, uow: Uow, ctx: Ctx, who: Caller) -> list[LicenceRead]:
    """Suppliers' dated licences and food handlers' certificates, soonest expiry first."""
    today = ctx.today()
    found = await licences.list_licences(uow, ctx, who, canteen_id)
    return [LicenceRead.of(lic, stage, today) for lic, stage in found]
