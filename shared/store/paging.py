"""Reading every matching document a page at a time, over any adapter of the port."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from shared.store.port import Doc, DocumentStore, Filter, Page, Query, Sort

T = TypeVar("T")


@dataclass(frozen=True)
class Paged(Generic[T]):
    """One page of domain objects, and the cursor of the next (None at the end)."""

    items: list[T]
    next_cursor: str | None

    @classmethod
    def of(cls, page: Page, convert: Callable[[Doc], T]) -> Paged[T]:
        """A store page with each document converted (`from_doc`)."""
        return cls([convert(doc) for doc in page.items], page.next_cursor)


async def pages(
    store: DocumentStore,
    collection: str,
    filter: Filter | None = None,
    sort: Sort = (),
    *,
    page: int = 500,
) -> AsyncIterator[list[Doc]]:
    """Every document matching `filter`, in `sort` order, as lists of up to `page` (exports)."""
    after: str | None = None
    while True:
        result = await store.find(collection, Query(filter or {}, sort, limit=page, after=after))
        if result.items:
            yield result.items
        if result.next_cursor is None:
            return
        after = result.next_cursor


async def scan(
    store: DocumentStore,
    collection: str,
    filter: Filter | None = None,
    sort: Sort = (),
    *,
    page: int = 500,
) -> AsyncIterator[Doc]:
    """Every document matching `filter`, in `sort` order, fetched `page` at a time."""
    async for batch in pages(store, collection, filter, sort, page=page):
        for doc in batch:
            yield doc


async def find_all(
    store: DocumentStore,
    collection: str,
    filter: Filter | None = None,
    sort: Sort = (),
    *,
    page: int = 500,
) -> list[Doc]:
    """Every document matching `filter` as one list (for sets known to be small)."""
    return [doc async for doc in scan(store, collection, filter, sort, page=page)]
