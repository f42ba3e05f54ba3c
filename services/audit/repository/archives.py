"""Archive manifests, and the one write that moves records out of the store into a file."""

from __future__ import annotations

from collections.abc import Sequence

from services.audit.domain import ChainBase
from services.audit.repository import ARCHIVES, CHAIN, RECORDS
from services.audit.repository.chain import base_doc
from shared.store import Doc, DocumentStore, find_all
from shared.uow import UnitOfWork


async def manifests(store: DocumentStore) -> list[Doc]:
    """Every archive manifest in chain order."""
    return await find_all(store, ARCHIVES, sort=[("first_seq", 1)])


def stage(uow: UnitOfWork, base: ChainBase, records: Sequence[Doc], manifest: Doc) -> None:
    """Delete the archived records, move the base, store the manifest, emit the base's event.

    One atomic write: the records leave the store exactly when the base moves past them.
    """
    for record in records:
        uow.delete(RECORDS, record)
    if base.version is None:
        uow.insert(CHAIN, base_doc(base))
    else:
        uow.replace(CHAIN, {**base_doc(base), "_v": base.version})
    uow.insert(ARCHIVES, manifest)
    uow.collect(base, subject=f"archive/{manifest['file']}")
