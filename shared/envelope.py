"""The event envelope (CloudEvents 1.0 plus correlation, causation and actor) and the registry.

Every event type is an explicit versioned string (`maintenance.ticket.opened.v1`), registered
with the pydantic model of its `data`. The type is also the routing key. An incompatible change
is a new type (`.v2`); both are published while subscribers move.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from shared.clock import iso, utcnow

CONTENT_TYPE = "application/cloudevents+json"
SPECVERSION = "1.0"


class EventData(BaseModel):
    """Base of every event's `data`: immutable, unknown fields ignored by consumers."""

    model_config = ConfigDict(frozen=True, extra="ignore")
    event_type: ClassVar[str] = ""


E = TypeVar("E", bound=type[EventData])


class Envelope(BaseModel):
    """A CloudEvents 1.0 event in structured mode, with our extension attributes."""

    model_config = ConfigDict(frozen=True, extra="allow")

    specversion: str = SPECVERSION
    id: str = Field(min_length=1, max_length=200)
    source: str = Field(min_length=1, max_length=500)
    type: str = Field(min_length=3, max_length=200, pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")
    time: datetime
    subject: str | None = Field(default=None, max_length=500)
    datacontenttype: str = "application/json"
    correlationid: str | None = Field(default=None, max_length=200)
    causationid: str | None = Field(default=None, max_length=200)
    actor: str | None = Field(default=None, max_length=200)
    data: dict[str, Any] = Field(default_factory=dict)

    @field_validator("specversion")
    @classmethod
    def _spec_is_1_0(cls, value: str) -> str:
        if value != SPECVERSION:
            raise ValueError(f"unsupported CloudEvents specversion {value!r}")
        return value

    @field_validator("time")
    @classmethod
    def _time_is_aware(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("time needs a UTC offset")
        return value

    def to_json(self) -> dict[str, Any]:
        """The structured-mode JSON object, times in fixed-width UTC."""
        body = self.model_dump(mode="json", exclude_none=True)
        body["time"] = iso(self.time)
        return body

    def to_bytes(self) -> bytes:
        """The AMQP body in structured mode."""
        return json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":")).encode()

    @classmethod
    def from_bytes(cls, body: bytes) -> Envelope:
        """Parse a structured-mode body; raises ValueError / ValidationError on bad input."""
        return cls.model_validate_json(body)


class EventRegistry:
    """Maps each versioned type string to the model of its data."""

    def __init__(self) -> None:
        self._types: dict[str, type[EventData]] = {}
        self._examples: dict[str, dict[str, Any]] = {}

    def register(self, event_type: str, *, example: dict[str, Any] | None = None) -> Any:
        """Class decorator: `@registry.register("assets.asset.damaged.v1", example={...})`.

        The example is the `data` of a realistic event; it goes into the catalogue, where
        consumers' contract tests read it, so it is validated against the model here.
        """

        def decorate(model: E) -> E:
            existing = self._types.get(event_type)
            if existing is not None and existing is not model:
                raise ValueError(f"event type registered twice: {event_type}")
            model.event_type = event_type
            self._types[event_type] = model
            if example is not None:
                self._examples[event_type] = model.model_validate(example).model_dump(mode="json")
            return model

        return decorate

    def example(self, event_type: str) -> dict[str, Any] | None:
        """The example `data` of a type, as it would travel (None if none was given)."""
        return self._examples.get(event_type)

    def model(self, event_type: str) -> type[EventData]:
        """The data model of a type; KeyError for an unknown type."""
        return self._types[event_type]

    def __contains__(self, event_type: str) -> bool:
        return event_type in self._types

    def types(self) -> dict[str, type[EventData]]:
        """Every registered type, sorted."""
        return dict(sorted(self._types.items()))


def new_event_id() -> str:
    """A fresh, globally unique event id."""
    return str(uuid.uuid4())


def make_envelope(
    data: EventData,
    *,
    source: str,
    subject: str | None,
    correlation_id: str | None,
    causation_id: str | None,
    actor: str | None,
    now: datetime | None = None,
    event_id: str | None = None,
) -> Envelope:
    """Wrap a recorded event's data in an envelope."""
    if not data.event_type:
        raise ValueError(f"{type(data).__name__} is not a registered event type")
    eid = event_id or new_event_id()
    return Envelope(
        id=eid,
        source=source,
        type=data.event_type,
        time=now or utcnow(),
        subject=subject,
        correlationid=correlation_id or eid,
        causationid=causation_id,
        actor=actor,
        data=data.model_dump(mode="json"),
    )


def parse_data(envelope: Envelope, model: type[EventData]) -> EventData:
    """Validate an envelope's data against the model a consumer declared."""
    return model.model_validate(envelope.data)


__all__ = [
    "CONTENT_TYPE",
    "Envelope",
    "EventData",
    "EventRegistry",
    "ValidationError",
    "make_envelope",
    "new_event_id",
    "parse_data",
]
