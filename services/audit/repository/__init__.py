"""Audit persistence through the document-store port: collections and the indexes they need.

- `audit_records`: one document per recorded event (see `domain.chain.append`), `_id` = seq.
- `audit_chain`: three small documents: `head` (last seq and hash), `checkpoint` (the last
  published checkpoint) and `base` (where the stored chain starts after archiving).
- `audit_archives`: one manifest per archive file (the files themselves: `archive_files`).
"""

from __future__ import annotations

from shared.store import Index

RECORDS = "audit_records"
CHAIN = "audit_chain"
ARCHIVES = "audit_archives"

#: Every list query sorts by (time, seq); each equality filter has an index that serves it.
LIST_SORT = (("time", 1), ("seq", 1))

INDEXES = (
    Index(RECORDS, ("dedup_key",), unique=True),
    Index(RECORDS, ("seq",), unique=True),
    Index(RECORDS, ("time", "seq", "_id")),
    Index(RECORDS, ("subject", "time", "seq", "_id")),
    Index(RECORDS, ("actor", "time", "seq", "_id")),
    Index(RECORDS, ("type", "time", "seq", "_id")),
    Index(RECORDS, ("source", "time", "seq", "_id")),
    Index(RECORDS, ("correlation_id", "time", "seq", "_id")),
    Index(RECORDS, ("type", "seq")),
    Index(ARCHIVES, ("first_seq",)),
)

__all__ = ["ARCHIVES", "CHAIN", "INDEXES", "LIST_SORT", "RECORDS"]
