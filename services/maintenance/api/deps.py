"""What maintenance's routes take besides `shared.api`: the context, path parameters, and the
acting principal and unit of work of the account-less public routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Path

from services.maintenance.handlers.context import MaintenanceContext
from shared.api import RuntimeDep, context_of
from shared.auth import Principal
from shared.uow import UnitOfWork

#: Codes of places, rules, teams, contractors, routes, devices and schedules.
CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,79}$"

Ctx = Annotated[MaintenanceContext, Depends(context_of)]
TicketId = Annotated[str, Path(pattern=r"^WO-[0-9]{8}-[0-9A-F]{8}$")]
PhotoId = Annotated[str, Path(pattern=r"^[0-9a-f]{12}$")]
QrCodeId = Annotated[str, Path(pattern=r"^[0-9a-f]{16}$")]
QrToken = Annotated[str, Path(max_length=512)]
Code = Annotated[str, Path(pattern=CODE_PATTERN)]
FollowUpKey = Annotated[
    str,
    Header(
        alias="X-Follow-Up-Key",
        min_length=8,
        max_length=64,
        description="the key handed out when the request was filed",
    ),
]

#: Who files through a QR code: no account; the signed token is the credential.
QR_REQUESTER = Principal(user_id="anonymous:qr", name=None, roles=frozenset(), scopes={})


async def _qr_caller() -> Principal:
    return QR_REQUESTER


async def _qr_uow(runtime: RuntimeDep) -> UnitOfWork:
    return runtime.uow(QR_REQUESTER)


async def _follow_up_caller(ticket_id: TicketId) -> Principal:
    """Whoever holds the follow-up key of one request (the key is checked by the handler)."""
    return Principal(user_id=f"follow-up:{ticket_id}", name=None, roles=frozenset(), scopes={})


async def _follow_up_uow(
    runtime: RuntimeDep, who: Annotated[Principal, Depends(_follow_up_caller)]
) -> UnitOfWork:
    return runtime.uow(who)


#: A QR filer, and a unit of work whose events name `anonymous:qr` as their actor.
QrCaller = Annotated[Principal, Depends(_qr_caller)]
QrUow = Annotated[UnitOfWork, Depends(_qr_uow)]
#: Whoever holds a request's follow-up key, and a unit of work acting as them.
FollowUpCaller = Annotated[Principal, Depends(_follow_up_caller)]
FollowUpUow = Annotated[UnitOfWork, Depends(_follow_up_uow)]
