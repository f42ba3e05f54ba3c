"""What only the PostgreSQL adapter shows, on the machine's real server (see conftest).

The contract itself runs on PostgreSQL in test_store_contract.py; these check the adapter's own
choices: URLs, the planner using the expression indexes, long index names, the collation check,
NUL characters, deadlock retries and a second store seeing the first one's writes.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import psycopg
import pytest
from structlog.testing import capture_logs

from shared.store import (
    DuplicateKeyError,
    Index,
    InvalidQueryError,
    Query,
    Replace,
    VersionConflictError,
    postgres,
    store_from_url,
)
from shared.store.postgres import PostgresStore
from shared.store.postgres_sql import split_url
from tests.contract.conftest import POSTGRES_URL, with_database
from tests.contract.test_store_contract import seed_tickets


@pytest.fixture
async def pg(postgres_url: str) -> AsyncIterator[PostgresStore]:
    """An open PostgreSQL store on an empty schema."""
    store = PostgresStore.from_url(postgres_url)
    await store.open()
    try:
        yield store
    finally:
        await store.close()


def test_urls_select_the_adapter_and_pool_options_are_the_adapters() -> None:
    for url in ("postgresql://campus@db.example.edu/campus_assets", "postgres://h/db"):
        assert isinstance(store_from_url(url), PostgresStore)
    conninfo, pool = split_url(
        "postgresql://u:p%40ss@h:5433/campus_audit?sslmode=verify-full&pool_max_size=12"
    )
    assert conninfo == "postgresql://u:p%40ss@h:5433/campus_audit?sslmode=verify-full"
    assert pool == {"pool_max_size": 12}
    with pytest.raises(ValueError):
        split_url("mysql://h/db")


async def test_queries_use_the_expression_indexes(pg: PostgresStore) -> None:
    await pg.ensure_indexes(
        [
            Index("tickets", ("status", "created_at")),
            Index("tickets", ("location.building",)),
            Index("tickets", ("priority",)),
        ]
    )
    await seed_tickets(pg)
    plan = "\n".join(
        await pg.explain("tickets", Query({"status": "open"}, sort=[("created_at", -1)], limit=2))
    )
    assert "ix_tickets__status__created_at" in plan, plan
    plan = "\n".join(await pg.explain("tickets", Query({"location.building": {"$in": ["A"]}})))
    assert "ix_tickets__location_building" in plan, plan
    plan = "\n".join(await pg.explain("tickets", Query({"priority": {"$gte": 2, "$lt": 4}})))
    assert "ix_tickets__priority" in plan and "Index Cond" in plan, plan


async def test_long_index_names_stay_distinct_and_are_reported_by_the_port_name(
    pg: PostgresStore,
) -> None:
    # PostgreSQL would truncate both names to the same 63 bytes and skip the second index.
    long_a = Index("registrations", ("campus_identifier", "building_identifier", "room_a"), True)
    long_b = Index("registrations", ("campus_identifier", "building_identifier", "room_b"), True)
    assert len(long_a.name) > 63 and long_a.name[:63] == long_b.name[:63]
    await pg.ensure_indexes([long_a, long_b])
    doc = {"campus_identifier": "main", "building_identifier": "B01", "room_a": 1, "room_b": 1}
    await pg.insert("registrations", {"_id": "r1", **doc})
    with pytest.raises(DuplicateKeyError) as err:
        await pg.insert("registrations", {"_id": "r2", **doc, "room_a": 2})
    assert str(err.value) == f"duplicate key in registrations: r2 on {long_b.name}"


async def test_a_database_sorting_by_language_is_refused(postgres_database: str) -> None:
    # (postgres_database: skipped with the others when PostgreSQL is not reachable)
    admin = await psycopg.AsyncConnection.connect(POSTGRES_URL, autocommit=True)
    name = f"campus_contract_icu_{uuid.uuid4().hex[:8]}"
    try:
        try:
            await admin.execute(
                f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' "
                "LOCALE 'C.UTF-8' LOCALE_PROVIDER icu ICU_LOCALE 'und'"
            )
        except psycopg.errors.FeatureNotSupported as exc:  # a server built without ICU
            pytest.skip(reason=f"cannot create an ICU-collated database to refuse: {exc}")
        store = PostgresStore.from_url(with_database(POSTGRES_URL, name))
        with pytest.raises(RuntimeError, match="does not sort text by code point"):
            await store.open()
        assert await store.ping() is False
    finally:
        await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        await admin.close()


async def test_nul_characters_are_refused_as_invalid_documents(pg: PostgresStore) -> None:
    # SQLite and MongoDB store U+0000; PostgreSQL's TEXT and JSONB cannot.
    with pytest.raises(InvalidQueryError):
        await pg.insert("notes", {"_id": "n1", "text": "before\x00after"})
    with pytest.raises(InvalidQueryError):
        await pg.insert("notes", {"_id": "n\x002"})
    with pytest.raises(InvalidQueryError):
        await pg.find("notes", Query({"text": "a\x00"}))
    assert await pg.get("notes", "n\x002") is None
    assert await pg.count("notes") == 0


async def _wait_for_lock_waiters(conn: psycopg.AsyncConnection, count: int) -> None:
    for _ in range(500):
        cur = await conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock'"
        )
        if (await cur.fetchone())[0] >= count:
            return
        await asyncio.sleep(0.01)
    raise TimeoutError(f"{count} transactions did not queue on the row locks")


async def test_crossed_writes_deadlock_and_are_retried_into_a_conflict(
    pg: PostgresStore, postgres_url: str
) -> None:
    await pg.insert("accounts", {"_id": "a", "n": 0})
    await pg.insert("accounts", {"_id": "b", "n": 0})
    other = PostgresStore.from_url(postgres_url)
    await other.open()
    gate = await psycopg.AsyncConnection.connect(postgres_url)
    try:
        # The gate holds b. The second write queues on b first, the first write takes a and
        # queues on b behind it; released, the second takes b and wants a: a deadlock, which
        # PostgreSQL breaks by failing one of them.
        await gate.execute("SELECT id FROM c_accounts WHERE id = 'b' FOR UPDATE")
        with capture_logs() as logs:
            second = asyncio.create_task(
                other.write([Replace("accounts", {"_id": i, "n": 2}, 1) for i in "ba"])
            )
            await _wait_for_lock_waiters(gate, 1)
            first = asyncio.create_task(
                pg.write([Replace("accounts", {"_id": i, "n": 1}, 1) for i in "ab"])
            )
            await _wait_for_lock_waiters(gate, 2)
            await gate.commit()
            results = await asyncio.gather(first, second, return_exceptions=True)
    finally:
        await gate.close()
        await other.close()
    # Usually one retry; on a busy machine the retry can take a row back before the other
    # write resumes, and deadlock again.
    assert logs and {(e["event"], e["reason"]) for e in logs} == {
        ("store.write_retried", "DeadlockDetected")
    }, logs
    # The retried write re-reads the rows the winner changed: a conflict, as on any adapter.
    assert sorted(type(r).__name__ for r in results) == ["NoneType", "VersionConflictError"]
    winner = 1 if results[0] is None else 2
    assert [(await pg.get("accounts", i))["n"] for i in "ab"] == [winner, winner]


async def test_a_second_store_sees_writes_and_conflicts(pg: PostgresStore, postgres_url: str):
    other = PostgresStore.from_url(postgres_url)
    await other.open()
    try:
        await pg.ensure_indexes([Index("assets", ("tag",), unique=True)])
        doc = await pg.insert("assets", {"_id": "a1", "tag": "T-1", "名称": "投影仪"})
        assert await other.get("assets", "a1") == doc
        with pytest.raises(DuplicateKeyError):
            await other.insert("assets", {"_id": "a2", "tag": "T-1"})
        await other.replace("assets", {**doc, "tag": "T-2"}, 1)
        with pytest.raises(VersionConflictError):
            await pg.replace("assets", {**doc, "tag": "T-3"}, 1)
        assert (await pg.get("assets", "a1"))["tag"] == "T-2"
    finally:
        await other.close()


async def test_a_connection_the_server_dropped_is_replaced_at_checkout(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = PostgresStore.from_url(postgres_url + "&application_name=campus_victim")
    await store.open()
    admin = await psycopg.AsyncConnection.connect(postgres_url, autocommit=True)
    try:
        await store.insert("notes", {"_id": "n1"})
        # As after a server restart or a firewall's idle cut: the pooled connection is dead.
        await admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = 'campus_victim'"
        )
        monkeypatch.setattr(postgres, "IDLE_CHECK_SECONDS", 0.0)  # the connection counts as idle
        assert await store.get("notes", "n1") == {"_id": "n1", "_v": 1}
        assert await store.ping() is True
    finally:
        await admin.close()
        await store.close()
