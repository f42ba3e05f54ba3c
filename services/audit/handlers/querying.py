"""Use cases that read the record; each one is itself recorded as an event."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from services.audit.domain import RecordFilter
from services.audit.events import QueryPerformed
from services.audit.repository import AuditRepository
from shared.auth import Principal
from shared.errors import NotFound
from shared.store import Doc, Page
from shared.uow import UnitOfWork

Described = dict[str, str | list[str] | int | None]


async def record_query(
    uow: UnitOfWork,
    principal: Principal,
    kind: str,
    filters: Described,
    results: int | None,
) -> None:
    """Append `audit.query.performed.v1` (who, what) to the outbox; it comes back into the chain.

    Without a subject: the queried entity is in the filters, and an entity's history should not
    fill up with the reads of it.
    """
    uow.emit(
        QueryPerformed(
            kind=kind,
            user_id=principal.user_id,
            roles=sorted(principal.roles),
            filters=filters,
            results=results,
        ),
        subject=None,
    )
    await uow.commit()


async def search_records(
    repo: AuditRepository,
    uow: UnitOfWork,
    principal: Principal,
    flt: RecordFilter,
    *,
    kind: str,
    limit: int,
    cursor: str | None,
) -> Page:
    """One page of records matching `flt`, in (time, seq) order; the query is recorded."""
    page = await repo.search(flt.store_filter(), limit=limit, after=cursor)
    described: Described = {**flt.described(), "limit": limit}
    if cursor is not None:
        described["cursor"] = cursor
    await record_query(uow, principal, kind, described, len(page.items))
    return page


async def read_record(
    repo: AuditRepository, uow: UnitOfWork, principal: Principal, seq: int
) -> Doc:
    """One record by sequence number; the read is recorded."""
    record = await repo.by_seq(seq)
    await record_query(uow, principal, "record", {"seq": seq}, 0 if record is None else 1)
    if record is None:
        raise NotFound(f"no stored record with seq {seq} (it may be archived)", seq=seq)
    return record


async def records_for_export(
    repo: AuditRepository, flt: RecordFilter, *, page: int
) -> AsyncIterator[list[Doc]]:
    """Every record matching `flt` in (time, seq) order, a page at a time."""
    cursor: str | None = None
    while True:
        result = await repo.search(flt.store_filter(), limit=page, after=cursor)
        if result.items:
            yield result.items
        if result.next_cursor is None:
            return
        cursor = result.next_cursor


def public_record(record: Doc) -> dict[str, Any]:
    """The record as the API shows it: chain position, hashes and the whole CloudEvent."""
    return {
        "seq": record["seq"],
        "recorded_at": record["recorded_at"],
        "hash": record["hash"],
        "prev_hash": record["prev_hash"],
        "event": record["event"],
    }
