"""`campus backup`: a copy taken while a service writes is consistent and passes its check."""

from __future__ import annotations

import asyncio

import pytest

from campusctl.backup import backup_dir, backup_file
from campusctl.cli import main
from shared.store import Insert, Query, Replace
from shared.store.sqlite import SQLiteStore


async def test_copies_taken_during_writes_hold_whole_transactions(tmp_path):
    store = SQLiteStore(tmp_path / "data" / "maintenance.db")
    await store.open()
    await store.insert("counts", {"_id": "all", "n": 0})
    stop = asyncio.Event()

    async def write() -> int:
        n = 0
        while not stop.is_set():
            n += 1
            current = await store.get("counts", "all")
            # The note and the counter change in one transaction: a copy has both or neither.
            await store.write(
                [
                    Insert("notes", {"_id": f"n{n}", "text": "x" * 2000}),
                    Replace("counts", {**current, "n": n}, current["_v"]),
                ]
            )
        return n

    writer = asyncio.create_task(write())
    copies = []
    for i in range(3):
        await asyncio.sleep(0.2)
        target = tmp_path / "backup" / f"copy{i}.db"
        source = tmp_path / "data" / "maintenance.db"
        copies.append(await asyncio.to_thread(backup_file, source, target))
    stop.set()
    written = await writer
    await store.close()
    seen = []
    for copied in copies:
        copy = SQLiteStore(copied.target)
        await copy.open()
        counted = (await copy.get("counts", "all"))["n"]
        notes = await copy.count("notes", {})
        page = await copy.find("notes", Query({}, limit=1))
        await copy.close()
        assert notes == counted, "a copy holds a half-written transaction"
        assert page.items or counted == 0
        seen.append(counted)
    assert seen == sorted(seen) and seen[-1] > 0 and written >= seen[-1]


@pytest.mark.timeout(120)
async def test_a_store_larger_than_any_step_is_copied_while_it_is_written(tmp_path):
    """A store of more than 1,024 pages, copied while another connection writes: whole, with the
    old notes and no more new ones than were written. (The copy used to go in steps of 1,024
    pages with pauses, restarting after every write: 11 s for this store on an idle machine, and
    the test above hung for minutes in a loaded full run once its store outgrew one step.)"""
    store = SQLiteStore(tmp_path / "data" / "canteen.db")
    await store.open()
    old = [Insert("notes", {"_id": f"old{i}", "text": "y" * 2000}) for i in range(3000)]
    await store.write(old)
    stop = asyncio.Event()

    async def write() -> int:
        n = 0
        while not stop.is_set():
            n += 1
            await store.insert("notes", {"_id": f"new{n}", "text": "z" * 2000})
        return n

    writer = asyncio.create_task(write())
    await asyncio.sleep(0.1)
    source = tmp_path / "data" / "canteen.db"
    copied = await asyncio.to_thread(backup_file, source, tmp_path / "backup" / "canteen.db")
    stop.set()
    written = await writer
    await store.close()
    copy = SQLiteStore(copied.target)
    await copy.open()
    notes = await copy.count("notes", {})
    await copy.close()
    assert copied.pages > 1024 and written > 0
    assert 3000 <= notes <= 3000 + written


def test_the_command_copies_every_store_of_a_data_directory(tmp_path, capsys):
    data = tmp_path / "data"

    async def make() -> None:
        for name in ("audit", "canteen"):
            s = SQLiteStore(data / f"{name}.db")
            await s.open()
            await s.insert("things", {"_id": name})
            await s.close()

    asyncio.run(make())
    assert main(["backup", str(data), str(tmp_path / "out")]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["audit.db", "canteen.db"]
    assert "integrity ok" in capsys.readouterr().out
    with pytest.raises(FileNotFoundError):
        backup_dir(tmp_path / "empty", tmp_path / "out2")
