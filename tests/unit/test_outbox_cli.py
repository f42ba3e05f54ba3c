"""`campus outbox list|retry`: failed entries are shown with their reason and sent again."""

from __future__ import annotations

import asyncio

from campusctl.cli import main
from shared.outbox import INDEXES, OUTBOX
from shared.store import Query
from shared.store.sqlite import SQLiteStore


async def seeded(path) -> SQLiteStore:
    store = SQLiteStore(path)
    await store.open()
    await store.ensure_indexes(INDEXES)
    base = {"routing_key": "canteen.stock.expiring.v1", "created_at": "2026-12-01T00:00:00Z"}
    for i, status in enumerate(["failed", "failed", "sent", "retrying"]):
        await store.insert(
            OUTBOX,
            {
                "_id": f"e{i}",
                **base,
                "status": status,
                "order": f"2026-12-01#{i}",
                "attempts": 10 if status == "failed" else 1,
                "last_error": "unroutable: NO_ROUTE" if status != "sent" else None,
                "envelope": {},
            },
        )
    return store


async def statuses(store: SQLiteStore) -> dict[str, str]:
    return {d["_id"]: d["status"] for d in (await store.find(OUTBOX, Query())).items}


def closed_after(coroutine):
    async def run():
        store = await coroutine
        try:
            return await statuses(store)
        finally:
            await store.close()

    return asyncio.run(run())


def test_list_shows_unsent_entries_with_the_reason(tmp_path, capsys):
    closed_after(seeded(tmp_path / "canteen.db"))
    assert main(["outbox", "list", "canteen", "--data-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.count("failed") == 2 and "retrying" in out and "e2" not in out
    assert "unroutable: NO_ROUTE" in out and "3 unsent entries" in out


def test_retry_puts_failed_entries_back_to_pending_with_a_fresh_budget(tmp_path):
    path = tmp_path / "canteen.db"
    closed_after(seeded(path))

    async def opened() -> SQLiteStore:
        store = SQLiteStore(path)
        await store.open()
        return store

    def run(*extra: str) -> int:
        return main(["outbox", "retry", "canteen", "--data-dir", str(tmp_path), *extra])

    assert run() == 2
    assert run("--id", "e1") == 0
    assert closed_after(opened()) == {
        "e0": "failed",
        "e1": "pending",
        "e2": "sent",
        "e3": "retrying",
    }
    assert run("--all") == 0
    assert closed_after(opened()) == {
        "e0": "pending",
        "e1": "pending",
        "e2": "sent",
        "e3": "retrying",
    }


def test_a_retried_entry_starts_with_no_attempts(tmp_path):
    path = tmp_path / "canteen.db"
    closed_after(seeded(path))
    assert main(["outbox", "retry", "canteen", "--data-dir", str(tmp_path), "--all"]) == 0

    async def attempts() -> dict[str, int]:
        store = SQLiteStore(path)
        await store.open()
        try:
            return {d["_id"]: d["attempts"] for d in (await store.find(OUTBOX, Query())).items}
        finally:
            await store.close()

    assert asyncio.run(attempts()) == {"e0": 0, "e1": 0, "e2": 1, "e3": 1}
