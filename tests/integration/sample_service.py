"""A tiny service built on `shared/` alone, to test the foundation without any real service."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from shared.access import require_role
from shared.api import Caller, runtime_of
from shared.auth import Role
from shared.consumer import Subscription
from shared.envelope import Envelope, EventData, EventRegistry
from shared.service import ServiceSpec, build_service
from shared.settings import ServiceSettings
from shared.uow import UnitOfWork

registry = EventRegistry()


@registry.register("sample.note.written.v1")
class NoteWritten(EventData):
    note_id: str
    text: str


@registry.register("sample.note.counted.v1")
class NoteCounted(EventData):
    note_id: str
    total: int


class NoteIn(BaseModel):
    note_id: str = Field(min_length=1, max_length=50)
    text: str = Field(min_length=1, max_length=500)


router = APIRouter()


@router.post("/notes", status_code=201)
async def write_note(
    body: NoteIn,
    caller: Caller,
    runtime=Depends(runtime_of),
) -> dict[str, str]:
    principal = require_role(caller, Role.DISPATCHER)
    uow = runtime.uow(principal)
    uow.insert("notes", {"_id": body.note_id, "text": body.text})
    envelope = uow.emit(NoteWritten(note_id=body.note_id, text=body.text), subject=body.note_id)
    await uow.commit()
    return {"event_id": envelope.id}


def make_counter(fail_texts: set[str]):
    async def count_note(
        uow: UnitOfWork, ctx: object, envelope: Envelope, data: NoteWritten
    ) -> None:
        if data.text in fail_texts:
            raise RuntimeError(f"cannot count {data.text!r}")
        current = await uow.store.get("counts", "all")
        if current is None:
            uow.insert("counts", {"_id": "all", "n": 1, "ids": [envelope.id]})
            total = 1
        else:
            total = current["n"] + 1
            uow.replace("counts", {**current, "n": total, "ids": [*current["ids"], envelope.id]})
        uow.emit(NoteCounted(note_id=data.note_id, total=total), subject=data.note_id)

    return count_note


def build(settings: ServiceSettings, *, fail_texts: set[str] = frozenset(), consumer="counter"):
    """The sample service: writes notes over HTTP, counts them from its own events."""
    spec = ServiceSpec(
        name=consumer,
        title="sample",
        routers=[router],
        subscriptions={
            "sample.note.written.v1": Subscription(NoteWritten, make_counter(fail_texts))
        },
        topology={consumer: ("sample.note.written.v1",), "sink": ("sample.#",)},
    )
    return build_service(spec, settings)
