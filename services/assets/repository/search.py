"""Searching the register: by tag, name prefix, category, place, custodian, department, status.

Every list is in a stable order — by tag, or by folded name then tag for a name search — and
pages with a cursor holding the last row's sort keys. The next page is asked for as a range on
those keys (`tag > last`), so every page, the thousandth too, is one index range; the store's
generic keyset (an OR over the keys) would scan from the start of the range instead.
"""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, fields
from typing import Any

from services.assets.domain.assets import Asset
from services.assets.repository import ASSETS
from services.assets.repository.assets import from_doc
from shared.errors import Invalid
from shared.store import Doc, DocumentStore, Page, Query

#: Above every character: the upper bound of a prefix range.
_TOP = "\U0010ffff"


@dataclass(frozen=True)
class Criteria:
    """What to look for; None matches anything."""

    tag: str | None = None
    name: str | None = None
    category_code: str | None = None
    building_id: str | None = None
    room_id: str | None = None
    custodian_id: str | None = None
    department_id: str | None = None
    status: str | None = None
    import_id: str | None = None


@dataclass(frozen=True)
class AssetPage:
    """One page of the register."""

    items: list[Asset]
    next_cursor: str | None


def _encode(keys: dict[str, str]) -> str:
    raw = json.dumps(keys, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str, wanted: set[str]) -> dict[str, str]:
    try:
        keys = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except ValueError:
        keys = None
    if not isinstance(keys, dict) or set(keys) != wanted:
        raise Invalid("malformed cursor (it belongs to another search?)", field="cursor")
    if not all(isinstance(v, str) for v in keys.values()):
        raise Invalid("malformed cursor", field="cursor")
    return keys


def _filter(scope: dict[str, Any], c: Criteria) -> dict[str, Any]:
    filter = dict(scope)
    for f in fields(c):
        value = getattr(c, f.name)
        if value is None or f.name == "name":
            continue
        key = "custody.custodian_id" if f.name == "custodian_id" else f.name
        filter[key] = value
    return filter


#: A scope of up to this many buildings is searched building by building and merged.
MERGE_UP_TO = 20


async def _find(store: DocumentStore, filter: dict[str, Any], sort, limit: int) -> Page:
    """One page; a manager's few buildings (`$in`) as one index range each, merged in order:
    one range over several buildings would have to sort all their assets first."""
    wanted = filter.get("building_id")
    if isinstance(wanted, dict) and 1 < len(wanted.get("$in", ())) <= MERGE_UP_TO:
        pages = [
            await store.find(ASSETS, Query({**filter, "building_id": b}, sort, limit=limit))
            for b in wanted["$in"]
        ]
        keys = [k for k, _ in sort]
        docs = sorted((d for p in pages for d in p.items), key=lambda d: [d[k] for k in keys])
        more = len(docs) > limit or any(p.next_cursor for p in pages)
        # Only whether more follow is read from this page; the next is asked for by its keys.
        return Page(docs[:limit], "more" if more else None)
    return await store.find(ASSETS, Query(filter, sort, limit=limit))


async def search(
    store: DocumentStore, scope: dict[str, Any], c: Criteria, *, limit: int, cursor: str | None
) -> AssetPage:
    """A page of the assets within `scope` (a filter from the access rules) matching `c`."""
    base = _filter(scope, c)
    if c.name is None:
        if cursor is not None:
            last = _decode(cursor, {"t"})["t"]
            if c.tag is not None and last >= c.tag:
                return AssetPage([], None)
            if c.tag is None:
                base["tag"] = {"$gt": last}
        page = await _find(store, base, [("tag", 1)], limit)
        docs, more = page.items, page.next_cursor is not None
    else:
        docs, more = await _by_name(store, base, c.name.casefold(), limit, cursor)
    items = [from_doc(d) for d in docs]
    return AssetPage(items, _next(docs, c) if more and docs else None)


async def _by_name(
    store: DocumentStore, base: dict[str, Any], prefix: str, limit: int, cursor: str | None
) -> tuple[list[Doc], bool]:
    """Folded name starting with `prefix`, by name then tag: the rest of the last name's tags,
    then the names after it, each an index range."""
    docs: list[Doc] = []
    low = {"$gte": prefix, "$lt": prefix + _TOP}
    if cursor is not None:
        keys = _decode(cursor, {"n", "t"})
        if not keys["n"].startswith(prefix):
            raise Invalid("malformed cursor (it belongs to another search?)", field="cursor")
        same = await _find(
            store, {**base, "name_fold": keys["n"], "tag": {"$gt": keys["t"]}}, [("tag", 1)], limit
        )
        docs = same.items
        if same.next_cursor is not None:
            return docs, True
        low = {"$gt": keys["n"], "$lt": prefix + _TOP}
    need = limit - len(docs)
    sort = [("name_fold", 1), ("tag", 1)]
    rest = await _find(store, {**base, "name_fold": low}, sort, max(need, 1))
    if need == 0:
        return docs, bool(rest.items)
    return [*docs, *rest.items], rest.next_cursor is not None


def _next(docs: list[Doc], c: Criteria) -> str:
    last = docs[-1]
    if c.name is None:
        return _encode({"t": last["tag"]})
    return _encode({"n": last["name_fold"], "t": last["tag"]})


async def each(
    store: DocumentStore, scope: dict[str, Any], c: Criteria, *, page: int = 500
) -> AsyncIterator[Asset]:
    """Every matching asset in the search's order (for exports and label sheets)."""
    cursor: str | None = None
    while True:
        found = await search(store, scope, c, limit=page, cursor=cursor)
        for asset in found.items:
            yield asset
        if found.next_cursor is None:
            return
        cursor = found.next_cursor
