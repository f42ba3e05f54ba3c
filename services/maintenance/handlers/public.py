"""QR codes: minted by dispatchers, used by requesters without an account; follow-up keys."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from services.maintenance.domain import access
from services.maintenance.domain.locations import Place, floor_id, names_of
from services.maintenance.domain.qr import (
    BadToken,
    QrClaim,
    QrCode,
    ScannedPlace,
    follow_up_key,
    mint_qr_token,
    rate_window,
    verify_qr_token,
)
from services.maintenance.domain.tickets import Ticket
from services.maintenance.domain.vocabulary import Category, Channel, Priority
from services.maintenance.handlers.context import MaintenanceContext
from services.maintenance.handlers.filing import Filed, stage_new_ticket
from services.maintenance.handlers.photos import store_photos
from services.maintenance.handlers.places import resolve_place
from services.maintenance.handlers.tickets import close_or_reopen
from services.maintenance.repository import places as places_repo
from services.maintenance.repository import qr as repo
from services.maintenance.repository import tickets as ticket_repo
from shared.auth import Principal
from shared.clock import iso
from shared.errors import Forbidden, NotFound, TooManyRequests
from shared.uow import UnitOfWork


async def mint_qr_code(
    uow: UnitOfWork,
    ctx: MaintenanceContext,
    who: Principal,
    /,
    *,
    location_id: str | None,
    asset_tag: str | None,
    label: str | None,
) -> tuple[QrCode, str]:
    """Record a QR code for a place or an asset and return it with its signed token."""
    access.require_dispatch_role(who)
    place = await resolve_place(uow.store, location_id=location_id, asset_tag=asset_tag)
    access.require_dispatcher(who, place.campus_id)
    code = QrCode(
        id=uuid.uuid4().hex[:16],
        kind="asset" if asset_tag is not None else "location",
        target=asset_tag if asset_tag is not None else place.location_id,
        label=label,
        campus_id=place.campus_id,
        building_id=place.building_id,
        created_by=who.user_id,
        created_at=ctx.now(),
    )
    repo.stage_code(uow, code)
    await uow.commit()
    return code, mint_qr_token(ctx.secret, QrClaim(code.id, code.kind, code.target))


async def revoke_qr_code(
    uow: UnitOfWork, ctx: MaintenanceContext, who: Principal, /, code_id: str
) -> QrCode:
    """Stop a code from accepting requests (a sticker was copied or moved)."""
    access.require_dispatch_role(who)
    code = await repo.load_code(uow.store, code_id)
    if code is None:
        raise NotFound(f"no QR code {code_id}")
    access.require_dispatcher(who, code.campus_id)
    revoked = code.revoke(ctx.now())
    repo.stage_code(uow, revoked)
    await uow.commit()
    return revoked


async def claim_place(
    uow: UnitOfWork, ctx: MaintenanceContext, who: Principal, /, token: str
) -> tuple[QrClaim, Place]:
    """The place a genuine, unrevoked token names; 403 otherwise."""
    try:
        claim = verify_qr_token(ctx.secret, token)
    except BadToken:
        raise Forbidden("this QR code is not valid") from None
    access.require_usable_code(await repo.load_code(uow.store, claim.code_id), claim)
    if claim.kind == "asset":
        place = await resolve_place(uow.store, location_id=None, asset_tag=claim.target)
    else:
        place = await resolve_place(uow.store, location_id=claim.target, asset_tag=None)
    return claim, place


async def describe_code(
    uow: UnitOfWork, ctx: MaintenanceContext, who: Principal, /, token: str
) -> ScannedPlace:
    """The place a genuine code names, with its building's, floor's, room's (and asset's) names."""
    claim, place = await claim_place(uow, ctx, who, token)
    ids = {place.building_id, place.location_id}
    if place.floor is not None:
        ids.add(floor_id(place.building_id, place.floor))
    if place.room_id:
        ids.add(place.room_id)
    known = await places_repo.locations_by_id(uow.store, ids)
    asset = await places_repo.load_asset(uow.store, place.asset_tag) if place.asset_tag else None
    return ScannedPlace(claim, place, names_of(place, known, asset.name if asset else None))


async def _count_filing(
    uow: UnitOfWork, ctx: MaintenanceContext, code_id: str, client_ip: str
) -> None:
    """Stage one more filing on the per-client and per-code counters, or refuse with 429."""
    s = ctx.settings
    index, ends = rate_window(ctx.now(), s.qr_window_seconds)
    expires = iso(ends)
    limits = (
        (f"qr:{code_id}:ip:{client_ip}:{index}", s.qr_limit_per_client, "from this device"),
        (f"qr:{code_id}:{index}", s.qr_limit_per_code, "for this QR code"),
    )
    for key, limit, whom in limits:
        count, version = await repo.filings_counted(uow.store, key)
        if count >= limit:
            raise TooManyRequests(
                f"too many requests {whom}; try again after {expires}", retry_after=expires
            )
        repo.stage_filing(uow, key, count, version, ends)


async def file_via_qr(
    uow: UnitOfWork,
    ctx: MaintenanceContext,
    who: Principal,
    /,
    *,
    token: str,
    client_ip: str,
    category: Category,
    description: str,
    contact: dict[str, str] | None,
    uploads: Sequence[bytes],
) -> Filed:
    """A request from a scanned code, for that place only, with its follow-up key (without a
    contact, the key is the only way to follow it)."""
    claim, place = await claim_place(uow, ctx, who, token)
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
    return Filed(ticket, follow_up_key(ctx.secret, ticket.id))


async def followed(
    uow: UnitOfWork, ctx: MaintenanceContext, who: Principal, /, ticket_id: str, key: str
) -> Ticket:
    """The ticket a follow-up key opens; 404 for a wrong key (existence is not revealed)."""
    ticket = await ticket_repo.load(uow.store, ticket_id)
    return access.require_follow_up(ctx.secret, ticket, ticket_id, key)


async def follow_up_answer(
    uow: UnitOfWork,
    ctx: MaintenanceContext,
    who: Principal,
    /,
    ticket_id: str,
    key: str,
    **fields: object,
) -> Ticket:
    """Close with a rating, or reopen, through the follow-up key."""
    ticket = await followed(uow, ctx, who, ticket_id, key)
    return await close_or_reopen(uow, ctx, ticket, by=who.user_id, **fields)  # type: ignore[arg-type]
