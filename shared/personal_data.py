"""The access log: who read personal data is itself an event (`<service>.personal_data.read.v1`).

A read of the people directory, a requester's contact or a food handler's health certificate
commits one event naming the reader (the envelope's actor), whose data it was (ids only), which
fields and through which route; never the values, so the audit trail holds no personal data of
its own. Each service registers its own subclass under its own type.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import Field

from shared.envelope import EventData
from shared.uow import UnitOfWork

#: Subjects named in one event at most; a larger page is recorded in several events.
MAX_SUBJECTS = 200


class PersonalDataRead(EventData):
    """Someone read personal data: whose (`subject_ids`), which `fields`, through which `route`."""

    subject_kind: str = Field(description="person, requester or food_handler")
    subject_ids: list[str] = Field(description="whose data was read (ids, never the values)")
    fields: list[str] = Field(description="the personal fields the answer carried")
    route: str = Field(description="the HTTP route that answered, e.g. GET /people/{user_id}")


async def record_read(
    uow: UnitOfWork,
    event: type[PersonalDataRead],
    *,
    subject_kind: str,
    subject_ids: Iterable[str],
    fields: Iterable[str],
    route: str,
) -> None:
    """Commit the access-log event(s) of one read; nothing when no personal data was shown."""
    ids = sorted(set(subject_ids))
    if not ids:
        return
    for start in range(0, len(ids), MAX_SUBJECTS):
        chunk = ids[start : start + MAX_SUBJECTS]
        data = event(
            subject_kind=subject_kind, subject_ids=chunk, fields=sorted(fields), route=route
        )
        uow.emit(data, subject=chunk[0] if len(chunk) == 1 else None)
    await uow.commit()
