"""Stock-take campaigns (清查 / 盘点): start, scan room by room, reconcile, submit, approve."""

from __future__ import annotations

from services.assets.domain import access
from services.assets.domain.stocktakes import (
    Kind,
    Report,
    Scan,
    Scope,
    Stocktake,
    StocktakeStatus,
    reconcile,
)
from services.assets.handlers.context import AssetsContext
from services.assets.repository import assets
from services.assets.repository import stocktakes as repo
from shared.auth import Principal
from shared.errors import Invalid
from shared.logging import get_logger
from shared.uow import UnitOfWork

log = get_logger(__name__)


async def start(
    uow: UnitOfWork,
    ctx: AssetsContext,
    who: Principal,
    /,
    *,
    scope: Scope,
    scope_id: str,
    name: str,
) -> Stocktake:
    """Begin counting a building (its manager) or a department (an administrator)."""
    access.require_stocktake_manager(who, scope, scope_id)
    st = Stocktake.start(
        id=ctx.new_id("stk"),
        name=name,
        scope=scope,
        scope_id=scope_id,
        started_at=ctx.now(),
        started_by=who.user_id,
        expected_at_start=await repo.count_expected(uow.store, scope, scope_id),
    )
    repo.stage(uow, st)
    await uow.commit()
    log.info("stocktake.started", stocktake_id=st.id, scope=scope.value, scope_id=scope_id)
    return st


async def scan(
    uow: UnitOfWork,
    ctx: AssetsContext,
    who: Principal,
    /,
    stocktake_id: str,
    *,
    room_id: str,
    tags: list[str],
    asset_ids: list[str] = (),  # type: ignore[assignment]
    building_id: str | None = None,
) -> Stocktake:
    """Record the tags seen in a room, typed or read from QR codes (which carry the asset id);
    a tag scanned again counts where it was seen last."""
    st = await repo.load(uow.store, stocktake_id)
    if asset_ids:
        found = await assets.by_ids(uow.store, list(asset_ids))
        unknown = [i for i in asset_ids if i not in found]
        if unknown:
            raise Invalid(f"no asset {', '.join(unknown[:5])}: type the tag", field="asset_ids")
        tags = [*tags, *(found[i].tag for i in asset_ids)]
    if not tags:
        raise Invalid("scan or type at least one tag", field="tags")
    if building_id is None:
        if st.scope is Scope.DEPARTMENT:
            raise Invalid("name the building of the room", field="building_id")
        building_id = st.scope_id
    access.require_scanner(who, st, building_id)
    unique = list(dict.fromkeys(tags))
    st.scanned(building_id, room_id, unique)
    current = await repo.scans_of(uow.store, st.id)
    now = ctx.now()
    for tag in unique:
        seen = Scan(tag, building_id, room_id, now, who.user_id)
        repo.stage_scan(uow, st.id, seen, current.get(tag))
    repo.stage(uow, st)
    await uow.commit()
    return st


async def _reconcile(uow: UnitOfWork, st: Stocktake) -> Report:
    expected = await repo.expected(uow.store, st.scope, st.scope_id)
    scans = {t: repo.scan_from(d) for t, d in (await repo.scans_of(uow.store, st.id)).items()}
    in_scope = {b.tag for b in expected}
    outside = [t for t in scans if t not in in_scope]
    found = await assets.by_tags(uow.store, outside)
    known = {t: repo.booked(assets.to_doc(a)) for t, a in found.items()}
    return reconcile(expected, scans, known)


async def report(
    uow: UnitOfWork, ctx: AssetsContext, who: Principal, /, stocktake_id: str
) -> tuple[Stocktake, Report]:
    """The reconciliation: as it stands while counting, as approved once closed."""
    st = await repo.load(uow.store, stocktake_id)
    access.require_stocktake_reader(who, st)
    if st.final is not None:
        return st, st.final
    return st, await _reconcile(uow, st)


async def submit(
    uow: UnitOfWork,
    ctx: AssetsContext,
    who: Principal,
    /,
    stocktake_id: str,
    *,
    agreed_moves: list[str],
) -> Stocktake:
    """Counting is over: the report and the agreed moves go to an administrator."""
    st = await repo.load(uow.store, stocktake_id)
    access.require_stocktake_manager(who, st.scope, st.scope_id)
    st.submit(await _reconcile(uow, st), agreed_moves, at=ctx.now(), by=who.user_id)
    repo.stage(uow, st)
    await uow.commit()
    return st


async def decide(
    uow: UnitOfWork,
    ctx: AssetsContext,
    who: Principal,
    /,
    stocktake_id: str,
    *,
    approve: bool,
    note: str | None = None,
) -> Stocktake:
    """An administrator approves (apply the agreed moves, publish the findings, close) or
    sends the report back."""
    st = await repo.load(uow.store, stocktake_id)
    access.require_admin(who)
    if not approve:
        st.reject(note=note, at=ctx.now(), by=who.user_id)
        repo.stage(uow, st)
        await uow.commit()
        return st
    final = await _reconcile(uow, st)
    agreed = {f.tag: f for f in final.of(Kind.MISPLACED) if f.tag in st.agreed_moves}
    found = await assets.by_tags(uow.store, list(agreed))
    moved: set[str] = set()
    for tag, finding in agreed.items():
        asset = found[tag]
        if asset.status.value not in ("in_use", "damaged"):
            continue  # on loan, pending disposal: left as it is, reported as not moved
        asset.move(
            finding.found_building_id or asset.building_id,
            finding.found_room_id,
            reason=f"盘点 stock-take {st.id}",
            stocktake_id=st.id,
        )
        assets.stage(uow, asset)
        moved.add(tag)
    st.close(final, moved, at=ctx.now(), by=who.user_id)
    repo.stage(uow, st)
    await uow.commit()
    log.info("stocktake.closed", stocktake_id=st.id, moves=len(moved))
    return st


async def get(
    uow: UnitOfWork, ctx: AssetsContext, who: Principal, /, stocktake_id: str
) -> Stocktake:
    """One campaign."""
    st = await repo.load(uow.store, stocktake_id)
    access.require_stocktake_reader(who, st)
    return st


async def listed(
    uow: UnitOfWork,
    ctx: AssetsContext,
    who: Principal,
    /,
    *,
    status: StocktakeStatus | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> tuple[list[Stocktake], str | None]:
    """Campaigns newest first, of the buildings the caller reads (all, for global readers)."""
    filter = access.reader_filter(who, "scope_id")
    if status is not None:
        filter["status"] = status.value
    return await repo.listed(uow.store, filter, limit=limit, cursor=cursor)
