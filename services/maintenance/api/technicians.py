"""Routes of the technician register: the names and availability dispatchers assign by."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from services.maintenance.api.deps import CODE_PATTERN, Ctx
from services.maintenance.api.schemas_technicians import (
    RosterList,
    RosterRead,
    TechnicianPut,
    TechnicianRead,
)
from services.maintenance.handlers import technicians as h
from shared.api import Caller, Uow

router = APIRouter(tags=["technicians"])
#: A technician is the user id of their token (the `sub` every service sees).
TechnicianId = Annotated[str, Path(min_length=1, max_length=120, pattern=r"^[^\s/]+$")]


@router.put(
    "/technicians/{technician_id}",
    response_model=TechnicianRead,
    summary="Put a technician on the register (name, campus, taking work or away)",
)
async def put_technician(
    technician_id: TechnicianId, body: TechnicianPut, uow: Uow, ctx: Ctx, who: Caller
) -> TechnicianRead:
    """Each change publishes `maintenance.technician.registered` or `.changed`; an away
    technician gets no order by name, team or rule."""
    entry = await h.put_technician(
        uow, ctx, who, technician_id, campus_id=body.campus_id, name=body.name, active=body.active
    )
    return TechnicianRead.of(entry)


@router.get(
    "/technicians/{technician_id}", response_model=TechnicianRead, summary="One register entry"
)
async def get_technician(
    technician_id: TechnicianId, uow: Uow, ctx: Ctx, who: Caller
) -> TechnicianRead:
    """The entry, or 404."""
    return TechnicianRead.of(await h.get_technician(uow, ctx, who, technician_id))


@router.get(
    "/technicians",
    response_model=RosterList,
    summary="Technicians of a campus with their teams and open orders",
)
async def list_technicians(
    campus_id: Annotated[str, Query(pattern=CODE_PATTERN)], uow: Uow, ctx: Ctx, who: Caller
) -> RosterList:
    """The register and the teams' members (unnamed if not registered), by name."""
    found = await h.list_technicians(uow, ctx, who, campus_id)
    return RosterList(items=[RosterRead.of(e) for e in found])
