"""Audit use cases: record, checkpoint, query, export, verify, archive, replay.

Every use case is `async def verb(uow, ctx, who, /, ...)`; queries record themselves as
`audit.query.performed.v1` and commit. `jobs` holds the bodies of the background jobs.
"""

from services.audit.handlers.archiving import ArchiveRun, archive_expired, archive_now
from services.audit.handlers.context import SYSTEM, AuditContext
from services.audit.handlers.exporting import Export, export_records
from services.audit.handlers.querying import (
    ChainStatus,
    Story,
    chain_status,
    correlation_story,
    list_archives,
    read_record,
    record_query,
    search_records,
)
from services.audit.handlers.recording import (
    checkpoint_if_due,
    observe_chain,
    prepare_chain,
    record_event,
    record_events,
)
from services.audit.handlers.replaying import ReplayResult, ReplayTarget, replay_events
from services.audit.handlers.verifying import verify, verify_chain

__all__ = [
    "SYSTEM",
    "ArchiveRun",
    "AuditContext",
    "ChainStatus",
    "Export",
    "ReplayResult",
    "ReplayTarget",
    "Story",
    "archive_expired",
    "archive_now",
    "chain_status",
    "checkpoint_if_due",
    "correlation_story",
    "export_records",
    "list_archives",
    "observe_chain",
    "prepare_chain",
    "read_record",
    "record_event",
    "record_events",
    "record_query",
    "replay_events",
    "search_records",
    "verify",
    "verify_chain",
]
