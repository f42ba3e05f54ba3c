"""QR codes (minted by dispatchers) and the account-less routes they open.

These routes take no bearer token on purpose: the signed QR token, or the follow-up key handed
out at filing, is the credential, and it reaches one place or one request only.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Request

from services.maintenance.api.common import Ctx, Rt, read_form, validate
from services.maintenance.api.schemas import (
    FollowUpCloseIn,
    FollowUpReopenIn,
    PublicRequestIn,
    QrCodeCreate,
)
from services.maintenance.domain.tickets import Ticket
from services.maintenance.domain.vocabulary import CATEGORY_LABELS
from services.maintenance.handlers import public as h
from shared.api import require_roles
from shared.auth import Principal
from shared.clock import iso

router = APIRouter(tags=["qr codes and public requests"])
Dispatcher = Annotated[Principal, Depends(require_roles("dispatcher", "logistics_admin"))]
TicketId = Annotated[str, Path(pattern=r"^WO-[0-9]{8}-[0-9A-F]{8}$")]


def _client_ip(request: Request, trust_forwarded: bool) -> str:
    if trust_forwarded:
        forwarded = request.headers.get("x-forwarded-for", "")
        first = forwarded.split(",")[0].strip()
        if first:
            return first[:64]
    return request.client.host if request.client else "unknown"


@router.post("/qr-codes", status_code=201, summary="Mint a QR code for a place or an asset")
async def mint(body: QrCodeCreate, who: Dispatcher, rt: Rt, ctx: Ctx) -> dict:
    """The token to print on the sticker, and the form URL it opens."""
    code, token = await h.mint_qr_code(
        rt.uow(who),
        ctx,
        who,
        location_id=body.location_id,
        asset_tag=body.asset_tag,
        label=body.label,
    )
    return {
        "code_id": code["_id"],
        "kind": code["kind"],
        "target": code["target"],
        "label": code["label"],
        "token": token,
        "url": f"{ctx.settings.public_base_url.rstrip('/')}/public/qr/{token}",
    }


@router.post("/qr-codes/{code_id}/revoke", summary="Withdraw a QR code")
async def revoke(
    code_id: Annotated[str, Path(pattern=r"^[0-9a-f]{16}$")], who: Dispatcher, rt: Rt, ctx: Ctx
) -> dict:
    """The code stops accepting requests."""
    code = await h.revoke_qr_code(rt.uow(who), ctx, who, code_id)
    return {"code_id": code["_id"], "revoked_at": code["revoked_at"]}


@router.get("/public/qr/{token}", summary="What a scanned QR code names (pre-fills the form)")
async def describe(token: Annotated[str, Path(max_length=512)], rt: Rt, ctx: Ctx) -> dict:
    """The place, and the categories a requester can choose from."""
    claim, place = await h.claim_place(rt.store, ctx, token)
    return {
        "kind": claim.kind,
        "target": claim.target,
        "campus_id": place.campus_id,
        "building_id": place.building_id,
        "location_id": place.location_id,
        "floor": place.floor,
        "room_id": place.room_id,
        "asset_tag": place.asset_tag,
        "categories": [{"id": c.value, "label": label} for c, label in CATEGORY_LABELS.items()],
    }


@router.post(
    "/public/requests",
    status_code=201,
    summary="File a request from a QR code (form fields and optional `photos`)",
    openapi_extra={
        "requestBody": {
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            **{name: {"type": "string"} for name in PublicRequestIn.model_fields},
                            "photos": {
                                "type": "array",
                                "items": {"type": "string", "format": "binary"},
                            },
                        },
                        "required": [
                            "token",
                            "category",
                            "description",
                            "contact_name",
                            "contact_phone",
                        ],
                    }
                }
            },
            "required": True,
        }
    },
)
async def file_public(request: Request, rt: Rt, ctx: Ctx) -> dict:
    """Rate-limited per code and client; returns the follow-up key for status and rating."""
    fields, uploads = await read_form(
        request, ctx, max_files=max(1, ctx.settings.photos_per_ticket)
    )
    body: PublicRequestIn = validate(PublicRequestIn, fields)
    contact = {"name": body.contact_name, "phone": body.contact_phone}
    if body.contact_email:
        contact["email"] = body.contact_email
    anonymous = Principal(user_id="anonymous:qr", name=None, roles=frozenset(), scopes={})
    ticket, key = await h.file_via_qr(
        rt.uow(anonymous),
        ctx,
        token=body.token,
        client_ip=_client_ip(request, ctx.settings.trust_forwarded_for),
        category=body.category,
        description=body.description,
        contact=contact,
        uploads=uploads,
    )
    return {**_public_view(ticket), "follow_up_key": key}


def _public_view(ticket: Ticket) -> dict:
    return {
        "ticket_id": ticket.id,
        "status": ticket.status.value,
        "category": ticket.category.value,
        "location_id": ticket.location_id,
        "created_at": iso(ticket.created_at),
        "rating": ticket.rating,
        "history": [{"action": s.action, "at": iso(s.at)} for s in ticket.steps],
        "photos": len(ticket.photos),
    }


FollowUpKey = Annotated[str, Header(alias="X-Follow-Up-Key", min_length=8, max_length=64)]


@router.get("/public/requests/{ticket_id}", summary="Follow a request with its follow-up key")
async def follow(ticket_id: TicketId, key: FollowUpKey, rt: Rt, ctx: Ctx) -> dict:
    """Status and history (no names, no contact details)."""
    return _public_view(await h.followed(rt.store, ctx, ticket_id, key))


def _follow_up_actor(ticket_id: str) -> Principal:
    return Principal(user_id=f"follow-up:{ticket_id}", name=None, roles=frozenset(), scopes={})


@router.post("/public/requests/{ticket_id}/close", summary="Rate 1–5 and close")
async def close(ticket_id: TicketId, body: FollowUpCloseIn, rt: Rt, ctx: Ctx) -> dict:
    """resolved → closed, with the follow-up key."""
    ticket = await h.follow_up_answer(
        rt.uow(_follow_up_actor(ticket_id)),
        ctx,
        ticket_id,
        body.key,
        rating=body.rating,
        comment=body.comment,
    )
    return _public_view(ticket)


@router.post("/public/requests/{ticket_id}/reopen", summary="The fault is not fixed")
async def reopen(ticket_id: TicketId, body: FollowUpReopenIn, rt: Rt, ctx: Ctx) -> dict:
    """resolved → reopened, with the follow-up key."""
    ticket = await h.follow_up_answer(
        rt.uow(_follow_up_actor(ticket_id)), ctx, ticket_id, body.key, reopen_reason=body.reason
    )
    return _public_view(ticket)
