"""QR codes (minted by dispatchers) and the account-less routes they open.

The public routes take no bearer token on purpose: the signed QR token, or the follow-up key
handed out at filing (header `X-Follow-Up-Key` on every route that takes it), is the
credential, and it reaches one place or one request only. The console serves the form at
`/qr/{token}` and calls `GET /public/qr/{token}` for what to pre-fill.
"""

from __future__ import annotations

from fastapi import APIRouter, Request

from services.maintenance.api.deps import (
    Ctx,
    FollowUpCaller,
    FollowUpKey,
    FollowUpUow,
    QrCaller,
    QrCodeId,
    QrToken,
    QrUow,
    TicketId,
)
from services.maintenance.api.forms import read_form, validate
from services.maintenance.api.schemas import CloseIn, ReopenIn
from services.maintenance.api.schemas_public import (
    PublicFiledRead,
    PublicRequestIn,
    PublicTicketRead,
    QrCodeCreate,
    QrCodeRead,
    QrPlaceRead,
    QrRevokedRead,
)
from services.maintenance.handlers import public as h
from shared.addresses import client_ip
from shared.api import Caller, Uow

router = APIRouter(tags=["qr codes and public requests"])
FORM_BODY = {
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {
                    **{name: {"type": "string"} for name in PublicRequestIn.model_fields},
                    "photos": {"type": "array", "items": {"type": "string", "format": "binary"}},
                },
                "required": ["token", "category", "description"],
            }
        }
    },
    "required": True,
}


@router.post(
    "/qr-codes",
    status_code=201,
    response_model=QrCodeRead,
    summary="Mint a QR code for a place or an asset",
)
async def mint(body: QrCodeCreate, uow: Uow, ctx: Ctx, who: Caller) -> QrCodeRead:
    """The token to print on the sticker, and the form URL it opens (on the console)."""
    code, token = await h.mint_qr_code(
        uow, ctx, who, location_id=body.location_id, asset_tag=body.asset_tag, label=body.label
    )
    return QrCodeRead.of(code, token, ctx.settings.qr_url(token))


@router.post(
    "/qr-codes/{code_id}/revoke", response_model=QrRevokedRead, summary="Withdraw a QR code"
)
async def revoke(code_id: QrCodeId, uow: Uow, ctx: Ctx, who: Caller) -> QrRevokedRead:
    """The code stops accepting requests."""
    return QrRevokedRead.of(await h.revoke_qr_code(uow, ctx, who, code_id))


@router.get(
    "/public/qr/{token}",
    response_model=QrPlaceRead,
    summary="What a scanned QR code names (pre-fills the form)",
)
async def describe(token: QrToken, uow: QrUow, ctx: Ctx, who: QrCaller) -> QrPlaceRead:
    """The place with its names, and the categories a requester can choose from."""
    return QrPlaceRead.of(await h.describe_code(uow, ctx, who, token))


@router.post(
    "/public/requests",
    status_code=201,
    response_model=PublicFiledRead,
    summary="File a request from a QR code (form fields and optional `photos`)",
    openapi_extra={"requestBody": FORM_BODY},
)
async def file_public(request: Request, uow: QrUow, ctx: Ctx, who: QrCaller) -> PublicFiledRead:
    """Rate-limited per code and client; returns the follow-up key for status and rating. The
    contact (a name and a phone, an e-mail besides) is optional: both or neither."""
    fields, uploads = await read_form(request, ctx.settings)
    body: PublicRequestIn = validate(PublicRequestIn, fields)
    filed = await h.file_via_qr(
        uow,
        ctx,
        who,
        token=body.token,
        client_ip=client_ip(request, trusted=ctx.settings.trust_forwarded_for),
        category=body.category,
        description=body.description,
        contact=body.contact(),
        uploads=uploads,
    )
    assert filed.follow_up_key is not None
    return PublicFiledRead.of(filed.ticket, filed.follow_up_key)


@router.get(
    "/public/requests/{ticket_id}",
    response_model=PublicTicketRead,
    summary="Follow a request with its follow-up key",
)
async def follow(
    ticket_id: TicketId, key: FollowUpKey, uow: FollowUpUow, ctx: Ctx, who: FollowUpCaller
) -> PublicTicketRead:
    """Status and history (no names, no contact details)."""
    return PublicTicketRead.of(await h.followed(uow, ctx, who, ticket_id, key))


@router.post(
    "/public/requests/{ticket_id}/close",
    response_model=PublicTicketRead,
    summary="Rate 1–5 and close",
)
async def close(
    ticket_id: TicketId,
    body: CloseIn,
    key: FollowUpKey,
    uow: FollowUpUow,
    ctx: Ctx,
    who: FollowUpCaller,
) -> PublicTicketRead:
    """resolved → closed, with the follow-up key."""
    ticket = await h.follow_up_answer(
        uow, ctx, who, ticket_id, key, rating=body.rating, comment=body.comment
    )
    return PublicTicketRead.of(ticket)


@router.post(
    "/public/requests/{ticket_id}/reopen",
    response_model=PublicTicketRead,
    summary="The fault is not fixed",
)
async def reopen(
    ticket_id: TicketId,
    body: ReopenIn,
    key: FollowUpKey,
    uow: FollowUpUow,
    ctx: Ctx,
    who: FollowUpCaller,
) -> PublicTicketRead:
    """resolved → reopened, with the follow-up key."""
    ticket = await h.follow_up_answer(uow, ctx, who, ticket_id, key, reopen_reason=body.reason)
    return PublicTicketRead.of(ticket)
