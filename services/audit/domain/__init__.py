"""The audit domain: the hash chain and its rules, pure, no I/O."""

from services.audit.domain.chain import (
    GENESIS_HASH,
    Head,
    append,
    canonical_json,
    dedup_key,
    index_fields,
    record_hash,
    record_id,
)
from services.audit.domain.checkpoint import (
    CheckpointLog,
    LastCheckpoint,
    checkpoint,
    checkpoint_due,
    is_own_checkpoint,
)
from services.audit.domain.records import CausalLink, RecordFilter, causal_links, public_record
from services.audit.domain.replay import replay_queue_problem
from services.audit.domain.retention import (
    ChainBase,
    archive_file_name,
    archive_header,
    archived_record,
    expired_prefix,
    retention_cutoff,
)
from services.audit.domain.verify import Problem, Report, Verifier

__all__ = [
    "GENESIS_HASH",
    "CausalLink",
    "ChainBase",
    "CheckpointLog",
    "Head",
    "LastCheckpoint",
    "Problem",
    "RecordFilter",
    "Report",
    "Verifier",
    "append",
    "archive_file_name",
    "archive_header",
    "archived_record",
    "canonical_json",
    "causal_links",
    "checkpoint",
    "checkpoint_due",
    "dedup_key",
    "expired_prefix",
    "index_fields",
    "is_own_checkpoint",
    "public_record",
    "record_hash",
    "record_id",
    "replay_queue_problem",
    "retention_cutoff",
]
