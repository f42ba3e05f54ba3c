"""Audit's mutating routes: an archive run and a replay request, each recorded as an event."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from services.audit.handlers.recording import prepare_chain, record_event
from services.audit.subscribers import SYSTEM
from services.maintenance.events import registry as maintenance_events
from shared.envelope import Envelope, new_event_id
from tests.unit.changes.table import Row, State

TYPE = "maintenance.ticket.opened.v1"


async def _recorded(http: Any, state: State) -> None:
    """A `before`: audit records one event, as its consumer would (the archive has work)."""
    runtime = http.runtime
    uow = runtime.uow()
    await prepare_chain(uow, runtime.context, SYSTEM)
    await uow.commit()
    envelope = Envelope(
        id=new_event_id(),
        source="/campus-logistics/maintenance",
        type=TYPE,
        time=datetime.now(UTC),
        correlationid=new_event_id(),
        data=maintenance_events.example(TYPE),
    )
    uow = runtime.uow()
    await record_event(uow, runtime.context, SYSTEM, envelope)
    await uow.commit()


ROWS: tuple[Row, ...] = (
    # A replay declares its queue on the broker first: the real-broker test runs this row.
    Row(
        "POST",
        "/audit/replays",
        "logistics_admin",
        broker=True,
        json={
            "types": [TYPE],
            "since": "2026-01-01T00:00:00Z",
            "queue": "{namespace}.replay.changes",
        },
    ),
    # Past the retention (1,095 days) the record is moved to an archive file, told as an event.
    Row("POST", "/audit/archives", "logistics_admin", before=_recorded, later=timedelta(days=1200)),
)
