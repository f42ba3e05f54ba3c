"""The document-store port and its adapters; `store_from_url(url)` picks one by URL scheme."""

from __future__ import annotations

from collections.abc import Callable

from shared.store.paging import Paged, find_all, pages, scan
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
    StoreUnavailable,
    VersionConflictError,
)

#: URL scheme -> factory of an unopened adapter. Tests register their fakes here.
_ADAPTERS: dict[str, Callable[[str], DocumentStore]] = {}


def register_adapter(scheme: str, factory: Callable[[str], DocumentStore]) -> None:
    """Make `store_from_url` build `factory(url)` for URLs starting with `scheme://`."""
    _ADAPTERS[scheme] = factory


def store_from_url(url: str) -> DocumentStore:
    """An unopened adapter for a `sqlite:///`, `mongodb://`, `postgresql://` or registered URL."""
    if url.startswith("sqlite:///"):
        from shared.store.sqlite import SQLiteStore

        return SQLiteStore.from_url(url)
    if url.startswith(("mongodb://", "mongodb+srv://")):
        from shared.store.mongo import MongoStore

        return MongoStore.from_url(url)
    if url.startswith(("postgresql://", "postgres://")):
        from shared.store.postgres import PostgresStore

        return PostgresStore.from_url(url)
    scheme = url.split("://", 1)[0]
    if scheme in _ADAPTERS:
        return _ADAPTERS[scheme](url)
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
    "Paged",
    "Query",
    "Replace",
    "StoreError",
    "StoreUnavailable",
    "VersionConflictError",
    "find_all",
    "pages",
    "register_adapter",
    "scan",
    "store_from_url",
]
