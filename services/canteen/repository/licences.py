"""Licence notices in the store: one document per notice, under its natural key."""

from __future__ import annotations

from services.canteen.domain.licences import Notice
from services.canteen.repository import NOTICES
from shared.clock import iso
from shared.store import DocumentStore
from shared.uow import UnitOfWork


def stage(uow: UnitOfWork, notice: Notice) -> None:
    """Insert the notice (a second of the same key is a duplicate) with its event."""
    lic = notice.licence
    uow.insert(
        NOTICES,
        {
            "_id": notice.notice_id,
            "canteen_id": lic.canteen_id,
            "holder_kind": lic.holder_kind,
            "holder_id": lic.holder_id,
            "document_kind": lic.document_kind,
            "number": lic.number,
            "expires_on": lic.expires_on.isoformat(),
            "stage": notice.stage.value,
            "told_on": notice.told_on.isoformat(),
            "told_at": iso(notice.told_at),
        },
    )
    uow.collect(notice, subject=lic.holder_id)


async def told(store: DocumentStore, notice_id: str) -> bool:
    """Whether the notice with this key was already told."""
    return await store.get(NOTICES, notice_id) is not None
