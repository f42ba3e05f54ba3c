"""The document-store port and its adapters; `open_store(url)` picks one by URL scheme."""

from __future__ import annotations

from shared.store.port import (
    Delete,
    Doc,
    DocumentStore,
    DuplicateKeyError,
    Index,
    Insert,
    InvalidQueryError,
    Operation,
    Page,
    Query,
    Replace,
    StoreError,
    VersionConflictError,
)


def store_from_url(url: str) -> DocumentStore:
    """An unopened adapter for `sqlite:///file.db`, `mongodb://…` or `memory://`."""
    if url.startswith("sqlite:///"):
        from shared.store.sqlite import SQLiteStore

        return SQLiteStore.from_url(url)
    if url.startswith(("mongodb://", "mongodb+srv://")):
        from shared.store.mongo import MongoStore

        return MongoStore.from_url(url)
    if url.startswith("memory://"):
        from shared.store.memory import MemoryStore

        return MemoryStore()
    raise ValueError(f"unsupported store URL scheme: {url.split(':', 1)[0]}")


__all__ = [
    "Delete",
    "Doc",
    "DocumentStore",
    "DuplicateKeyError",
    "Index",
    "Insert",
    "InvalidQueryError",
    "Operation",
    "Page",
    "Query",
    "Replace",
    "StoreError",
    "VersionConflictError",
    "store_from_url",
]
