"""Use cases that read the record; each one (but the chain status) is itself recorded."""

from __future__ import annotations

from dataclasses import dataclass

from services.audit.domain import CausalLink, LastCheckpoint, RecordFilter, access, causal_links
from services.audit.domain.records import Described
from services.audit.events import QueryPerformed
from services.audit.handlers.context import AuditContext
from services.audit.repository import archives, chain, records
from shared.auth import Principal
from shared.errors import NotFound
from shared.store import Doc, Page
from shared.uow import UnitOfWork


async def record_query(
    uow: UnitOfWork, who: Principal, kind: str, filters: Described, results: int | None
) -> None:
    """Append `audit.query.performed.v1` (who, what) to the outbox; it comes back into the chain.

    Without a subject: the queried entity is in the filters, and an entity's history should not
    fill up with the reads of it.
    """
    uow.emit(
        QueryPerformed(
            kind=kind,
            user_id=who.user_id,
            roles=sorted(who.roles),
            filters=filters,
            results=results,
        ),
        subject=None,
    )
    await uow.commit()


async def _search(
    uow: UnitOfWork, who: Principal, flt: RecordFilter, kind: str, limit: int, cursor: str | None
) -> Page:
    access.require_reader(who)
    page = await records.search(uow.store, flt.store_filter(), limit=limit, after=cursor)
    described: Described = {**flt.described(), "limit": limit}
    if cursor is not None:
        described["cursor"] = cursor
    await record_query(uow, who, kind, described, len(page.items))
    return page


async def search_records(
    uow: UnitOfWork,
    ctx: AuditContext,
    who: Principal,
    /,
    flt: RecordFilter,
    *,
    limit: int,
    cursor: str | None = None,
) -> Page:
    """One page of records matching `flt`, in (time, seq) order; the query is recorded."""
    return await _search(uow, who, flt, "search", limit, cursor)


@dataclass(frozen=True)
class Story:
    """One page of a correlation's events, by time then seq, with who-caused-what links."""

    correlation_id: str
    items: list[Doc]
    links: list[CausalLink]
    next_cursor: str | None


async def correlation_story(
    uow: UnitOfWork,
    ctx: AuditContext,
    who: Principal,
    /,
    correlation_id: str,
    *,
    limit: int,
    cursor: str | None = None,
) -> Story:
    """Every event sharing the correlation id, with its causal links; the query is recorded."""
    flt = RecordFilter(correlation_id=correlation_id)
    page = await _search(uow, who, flt, "story", limit, cursor)
    return Story(correlation_id, page.items, causal_links(page.items), page.next_cursor)


async def read_record(uow: UnitOfWork, ctx: AuditContext, who: Principal, /, seq: int) -> Doc:
    """One record by sequence number (404 once archived); the read is recorded."""
    access.require_reader(who)
    record = await records.by_seq(uow.store, seq)
    await record_query(uow, who, "record", {"seq": seq}, 0 if record is None else 1)
    if record is None:
        raise NotFound(f"no stored record with seq {seq} (it may be archived)", seq=seq)
    return record


async def list_archives(uow: UnitOfWork, ctx: AuditContext, who: Principal, /) -> list[Doc]:
    """Manifests of every archive file, in chain order; the read is recorded."""
    access.require_reader(who)
    items = await archives.manifests(uow.store)
    await record_query(uow, who, "archives", {}, len(items))
    return items


@dataclass(frozen=True)
class ChainStatus:
    """Where the chain stands: head, stored records, base after archiving, last checkpoint."""

    head_seq: int
    head_hash: str
    records_stored: int
    base_seq: int
    base_hash: str
    archives: int
    last_checkpoint: LastCheckpoint | None


async def chain_status(uow: UnitOfWork, ctx: AuditContext, who: Principal, /) -> ChainStatus:
    """Counters and hashes only (no event content), so not recorded as a query."""
    access.require_reader(who)
    head, _ = await chain.load_head(uow.store)
    base = await chain.load_base(uow.store)
    checkpoints = await chain.load_checkpoints(uow.store)
    last = checkpoints.last if checkpoints is not None and checkpoints.last.seq else None
    return ChainStatus(
        head_seq=head.seq,
        head_hash=head.hash,
        records_stored=await records.count(uow.store),
        base_seq=base.seq,
        base_hash=base.hash,
        archives=base.archives,
        last_checkpoint=last,
    )
