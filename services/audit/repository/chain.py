"""The chain documents: head, last checkpoint, base. Created once, replaced conditionally."""

from __future__ import annotations

from datetime import datetime

from services.audit.domain import GENESIS_HASH, ChainBase, CheckpointLog, Head, LastCheckpoint
from services.audit.repository import CHAIN
from shared.clock import iso, parse_iso
from shared.store import Doc, DocumentStore, DuplicateKeyError, Insert, Operation, Replace
from shared.uow import UnitOfWork


async def prepare(store: DocumentStore, now: datetime) -> None:
    """Create the head, checkpoint and base documents once (other processes may race)."""
    starts = {
        "head": {"seq": 0, "hash": GENESIS_HASH, "significant_seq": 0, "updated_at": iso(now)},
        "checkpoint": {"seq": 0, "head_hash": GENESIS_HASH, "at": iso(now)},
        "base": {"seq": 0, "hash": GENESIS_HASH, "archives": 0},
    }
    for doc_id, body in starts.items():
        if await store.get(CHAIN, doc_id) is None:
            try:
                await store.insert(CHAIN, {"_id": doc_id, **body})
            except DuplicateKeyError:
                continue  # another process created it first: same content


def head_of(doc: Doc | None) -> Head:
    """The domain head from its document (an empty chain when there is none)."""
    if doc is None:
        return Head()
    return Head(seq=doc["seq"], hash=doc["hash"], significant_seq=doc["significant_seq"])


def head_doc(head: Head, previous: Doc | None, now: str) -> Doc:
    """The head document for `head`, carrying the version it was read with."""
    doc: Doc = {
        "_id": "head",
        "seq": head.seq,
        "hash": head.hash,
        "significant_seq": head.significant_seq,
        "updated_at": now,
    }
    if previous is not None:
        doc["_v"] = previous["_v"]
    return doc


def head_write(head: Head, previous: Doc | None, now: str) -> Operation:
    """Insert the first head or replace the one read (conditional on its version)."""
    doc = head_doc(head, previous, now)
    if previous is None:
        return Insert(CHAIN, doc)
    return Replace(CHAIN, doc, previous["_v"])


async def load_head(store: DocumentStore) -> tuple[Head, Doc | None]:
    """The chain head and its document (None before the first record)."""
    doc = await store.get(CHAIN, "head")
    return head_of(doc), doc


async def load_checkpoints(store: DocumentStore) -> CheckpointLog | None:
    """The last published checkpoint (None before `prepare`)."""
    doc = await store.get(CHAIN, "checkpoint")
    if doc is None:
        return None
    last = LastCheckpoint(doc["seq"], doc["head_hash"], parse_iso(doc["at"]))
    return CheckpointLog(last=last, version=doc["_v"])


def stage_checkpoints(uow: UnitOfWork, log: CheckpointLog) -> None:
    """Stage the checkpoint document (conditional on its version) and its recorded event."""
    doc: Doc = {
        "_id": "checkpoint",
        "seq": log.last.seq,
        "head_hash": log.last.head_hash,
        "at": iso(log.last.at),
    }
    if log.version is None:
        uow.insert(CHAIN, doc)
    else:
        uow.replace(CHAIN, {**doc, "_v": log.version})
    uow.collect(log, subject=f"chain/{log.last.seq}")


async def load_base(store: DocumentStore) -> ChainBase:
    """Where the stored chain starts: seq and hash of the last archived record."""
    doc = await store.get(CHAIN, "base")
    if doc is None:
        return ChainBase()
    return ChainBase(seq=doc["seq"], hash=doc["hash"], archives=doc["archives"], version=doc["_v"])


def base_doc(base: ChainBase) -> Doc:
    """The base document (without its version)."""
    return {"_id": "base", "seq": base.seq, "hash": base.hash, "archives": base.archives}
