"""QR codes: minted by dispatchers, used by requesters without an account; follow-up keys."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from services.maintenance.domain.qr import (
    BadToken,
    QrClaim,
    check_follow_up_key,
    follow_up_key,
    mint_qr_token,
    verify_qr_token,
)
from services.maintenance.domain.tickets import Ticket
from services.maintenance.domain.vocabulary import Category, Channel, Priority
from services.maintenance.handlers.context import Context, require_dispatcher
from services.maintenance.handlers.photos import store_photos
from services.maintenance.handlers.tickets import answer, resolve_place, stage_new_ticket
from services.maintenance.repository import tickets as repo
from services.maintenance.repository.common import QR_CODES, RATES, ts
from services.maintenance.repository.places import Place, qr_code, rate_counter
from shared.auth import Principal
from shared.clock import iso
from shared.errors import Conflict, Forbidden, NotFound, TooManyRequests
from shared.store import Doc, DocumentStore
from shared.uow import UnitOfWork


async def mint_qr_code(
    uow: UnitOfWork,
    ctx: Context,
    principal: Principal,
    *,
    location_id: str | None,
    asset_tag: str | None,
    label: str | None,
) -> tuple[Doc, str]:
    """Record a QR code for a place or an asset and return it with its signed token."""
    place = await resolve_place(uow.store, location_id=location_id, asset_tag=asset_tag)
    require_dispatcher(principal, place.campus_id)
    kind = "asset" if asset_tag is not None else "location"
    target = asset_tag if asset_tag is not None else place.location_id
    code: Doc = {
        "_id": uuid.uuid4().hex[:16],
        "kind": kind,
        "target": target,
        "label": label,
        "campus_id": place.campus_id,
        "building_id": place.building_id,
        "created_by": principal.user_id,
        "created_at": iso(ctx.now()),
        "revoked_at": None,
    }
    uow.insert(QR_CODES, code)
    await uow.commit()
    return code, mint_qr_token(ctx.secret, QrClaim(code["_id"], kind, target))


async def revoke_qr_code(uow: UnitOfWork, ctx: Context, principal: Principal, code_id: str) -> Doc:
    """Stop a code from accepting requests (a sticker was copied or moved)."""
    code = await qr_code(uow.store, code_id)
    if code is None:
        raise NotFound(f"no QR code {code_id}")
    require_dispatcher(principal, code["campus_id"])
    if code["revoked_at"] is not None:
        raise Conflict(f"QR code {code_id} is already revoked")
    revoked = {**code, "revoked_at": iso(ctx.now())}
    uow.replace(QR_CODES, revoked)
    await uow.commit()
    return revoked


async def claim_place(store: DocumentStore, ctx: Context, token: str) -> tuple[QrClaim, Place]:
    """The place a genuine, unrevoked token names; 403 otherwise."""
    try:
        claim = verify_qr_token(ctx.secret, token)
    except BadToken:
        raise Forbidden("this QR code is not valid") from None
    code = await qr_code(store, claim.code_id)
    if code is None or code["target"] != claim.target or code["kind"] != claim.kind:
        raise Forbidden("this QR code is not valid")
    if code["revoked_at"] is not None:
        raise Forbidden("this QR code has been withdrawn; please report by phone or web")
    if claim.kind == "asset":
        place = await resolve_place(store, location_id=None, asset_tag=claim.target)
    else:
        place = await resolve_place(store, location_id=claim.target, asset_tag=None)
    return claim, place


def _window(now: datetime, seconds: int) -> tuple[int, str]:
    index = int(now.timestamp()) // seconds
    return index, iso(datetime.fromtimestamp((index + 1) * seconds, tz=UTC))


async def _count_filing(uow: UnitOfWork, ctx: Context, code_id: str, client_ip: str) -> None:
    """Stage one more filing on the per-client and per-code counters, or refuse with 429."""
    s = ctx.settings
    index, expires = _window(ctx.now(), s.qr_window_seconds)
    limits = (
        (f"qr:{code_id}:ip:{client_ip}:{index}", s.qr_limit_per_client, "from this device"),
        (f"qr:{code_id}:{index}", s.qr_limit_per_code, "for this QR code"),
    )
    for key, limit, whom in limits:
        counter = await rate_counter(uow.store, key)
        if counter is not None and counter["count"] >= limit:
            raise TooManyRequests(
                f"too many requests {whom}; try again after {expires}", retry_after=expires
            )
        if counter is None:
            uow.insert(RATES, {"_id": key, "count": 1, "expires_at": expires})
        else:
            uow.replace(RATES, {**counter, "count": counter["count"] + 1})


async def file_via_qr(
    uow: UnitOfWork,
    ctx: Context,
    *,
    token: str,
    client_ip: str,
    category: Category,
    description: str,
    contact: dict[str, str],
    uploads: Sequence[bytes],
) -> tuple[Ticket, str]:
    """A request from a scanned code, for that place only; returns it and its follow-up key."""
    claim, place = await claim_place(uow.store, ctx, token)
    await _count_filing(uow, ctx, claim.code_id, client_ip)
    photos = await store_photos(ctx, uploads, already=0, by=None, at=ctx.now())
    ticket = stage_new_ticket(
        uow,
        ctx,
        place=place,
        category=category,
        priority=Priority.ROUTINE,
        channel=Channel.QR,
        description=description,
        contact=contact,
        photos=photos,
    )
    await uow.commit()
    return ticket, follow_up_key(ctx.secret, ticket.id)


async def followed(store: DocumentStore, ctx: Context, ticket_id: str, key: str) -> Ticket:
    """The ticket a follow-up key opens; 404 for a wrong key (existence is not revealed)."""
    ticket = await repo.load(store, ticket_id)
    if ticket is None or not check_follow_up_key(ctx.secret, ticket_id, key):
        raise NotFound(f"no request {ticket_id}")
    return ticket


async def follow_up_answer(
    uow: UnitOfWork, ctx: Context, ticket_id: str, key: str, **fields: object
) -> Ticket:
    """Close with a rating, or reopen, through the follow-up key."""
    ticket = await followed(uow.store, ctx, ticket_id, key)
    return await answer(uow, ctx, ticket, by=f"follow-up:{ticket_id}", **fields)  # type: ignore[arg-type]


def purge_expired_counters_filter(now: datetime) -> dict[str, object]:
    """The filter of rate counters whose window is over."""
    return {"expires_at": {"$lt": ts(now)}}
