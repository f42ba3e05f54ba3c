"""Audit use cases: record, checkpoint, verify, query, replay, archive."""

from services.audit.handlers.archiving import ArchiveRun, archive_expired
from services.audit.handlers.querying import (
    public_record,
    read_record,
    record_query,
    records_for_export,
    search_records,
)
from services.audit.handlers.recording import checkpoint_if_due, record_event
from services.audit.handlers.replaying import ReplayResult, ReplayTarget, replay_events
from services.audit.handlers.verifying import verify_chain

__all__ = [
    "ArchiveRun",
    "ReplayResult",
    "ReplayTarget",
    "archive_expired",
    "checkpoint_if_due",
    "public_record",
    "read_record",
    "record_event",
    "record_query",
    "records_for_export",
    "replay_events",
    "search_records",
    "verify_chain",
]
