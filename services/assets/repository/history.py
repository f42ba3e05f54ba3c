"""An asset's history: one line per event about it (moves, custody, loans, damage, disposal),
written in the same atomic write as the change, keyed by the event id."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from services.assets.repository import HISTORY
from shared.clock import iso
from shared.envelope import Envelope
from shared.store import Doc, DocumentStore, Query
from shared.uow import UnitOfWork

#: Orders lines of the same moment (a frozen clock, one commit's several events) as written.
_sequence = itertools.count()


def record(uow: UnitOfWork, asset_id: str, envelopes: Sequence[Envelope]) -> None:
    """Stage one history line per event (the outbox carries the events themselves)."""
    for e in envelopes:
        uow.insert(
            HISTORY,
            {
                "_id": e.id,
                "asset_id": asset_id,
                "at": iso(e.time),
                "order": f"{iso(e.time)}#{next(_sequence):012d}",
                "type": e.type,
                "actor": e.actor,
                "data": e.data,
            },
        )


async def of_asset(
    store: DocumentStore, asset_id: str, *, limit: int, cursor: str | None
) -> tuple[list[Doc], str | None]:
    """History lines of one asset, oldest first, a page at a time."""
    page = await store.find(
        HISTORY, Query({"asset_id": asset_id}, [("order", 1)], limit=limit, after=cursor)
    )
    return page.items, page.next_cursor
