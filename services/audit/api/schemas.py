"""Create / Read schemas and query parameters of the audit API."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from services.audit.domain import RecordFilter

TYPE_PATTERN = r"^[a-z0-9_]+(\.[a-z0-9_]+)+$"
EventType = Annotated[str, StringConstraints(pattern=TYPE_PATTERN, max_length=200)]
_ANCHOR = re.compile(r"^(\d{1,12}):([0-9a-f]{64})$")


class RecordQuery(BaseModel):
    """Filters of a record search; all optional, all must hold. `until` is exclusive."""

    model_config = ConfigDict(extra="forbid")

    subject: str | None = Field(default=None, min_length=1, max_length=500)
    actor: str | None = Field(default=None, min_length=1, max_length=200)
    type: list[EventType] = Field(default_factory=list, max_length=20)
    source: str | None = Field(default=None, min_length=1, max_length=500)
    correlation_id: str | None = Field(default=None, min_length=1, max_length=200)
    since: AwareDatetime | None = None
    until: AwareDatetime | None = None

    @field_validator("until")
    @classmethod
    def _after_since(cls, value: AwareDatetime | None, info: ValidationInfo) -> Any:
        since = info.data.get("since")
        if value is not None and since is not None and value <= since:
            raise ValueError("until must be later than since")
        return value

    def to_filter(self) -> RecordFilter:
        """The domain filter."""
        return RecordFilter(
            subject=self.subject,
            actor=self.actor,
            types=tuple(self.type),
            source=self.source,
            correlation_id=self.correlation_id,
            since=self.since,
            until=self.until,
        )


class SearchQuery(RecordQuery):
    """A record search, one page at a time."""

    limit: int = Field(default=100, ge=1, le=500)
    cursor: str | None = Field(default=None, min_length=1, max_length=2000)


class PageQuery(BaseModel):
    """Paging of a correlation story."""

    model_config = ConfigDict(extra="forbid")

    limit: int = Field(default=200, ge=1, le=500)
    cursor: str | None = Field(default=None, min_length=1, max_length=2000)


class ExportQuery(RecordQuery):
    """An export of every matching record."""

    format: Literal["jsonl", "csv"] = "jsonl"


class VerifyQuery(BaseModel):
    """What to verify: the store alone, or the archive files first; anchors as `seq:hash`."""

    model_config = ConfigDict(extra="forbid")

    archives: bool = False
    anchor: list[str] = Field(default_factory=list, max_length=100)

    @field_validator("anchor")
    @classmethod
    def _anchors(cls, value: list[str]) -> list[str]:
        for item in value:
            if not _ANCHOR.match(item):
                raise ValueError("each anchor is seq:hash (a number, a colon, 64 hex digits)")
        return value

    def anchors(self) -> dict[int, str]:
        """Anchors as seq -> hash."""
        pairs = (item.split(":") for item in self.anchor)
        return {int(seq): digest for seq, digest in pairs}


class RecordRead(BaseModel):
    """One record: chain position, hashes, and the whole CloudEvent as recorded."""

    seq: int
    recorded_at: str
    hash: str
    prev_hash: str
    event: dict[str, Any]


class RecordPage(BaseModel):
    """A page of records; pass `next_cursor` back as `cursor` for the next one."""

    items: list[RecordRead]
    next_cursor: str | None


class CausalLink(BaseModel):
    """Which event caused which, inside one story."""

    seq: int
    event_id: str
    type: str
    caused_by: str | None
    caused_by_seq: int | None


class StoryRead(BaseModel):
    """Every event of one correlation id, by time then seq, with the causal links."""

    correlation_id: str
    items: list[RecordRead]
    links: list[CausalLink]
    next_cursor: str | None


class ProblemRead(BaseModel):
    """The first thing wrong with the chain."""

    seq: int
    kind: str
    detail: str


class VerifyRead(BaseModel):
    """Outcome of walking the chain."""

    ok: bool
    checked: int
    first_seq: int | None
    last_seq: int
    last_hash: str
    base_seq: int
    base_hash: str
    problem: ProblemRead | None
    types: dict[str, int]


class CheckpointRead(BaseModel):
    """The last published checkpoint."""

    seq: int
    head_hash: str
    at: str


class ChainRead(BaseModel):
    """Where the chain stands: head, stored records, base after archiving, last checkpoint."""

    head_seq: int
    head_hash: str
    records_stored: int
    base_seq: int
    base_hash: str
    archives: int
    last_checkpoint: CheckpointRead | None


class ReplayCreate(BaseModel):
    """Deliver stored events of these types, with event time at or after `since`, to `queue`."""

    model_config = ConfigDict(extra="forbid")

    types: list[EventType] = Field(min_length=1, max_length=20)
    since: AwareDatetime
    queue: str = Field(min_length=1, max_length=200)


class ReplayRead(BaseModel):
    """How many events were delivered (all confirmed by the broker)."""

    queue: str
    count: int
    first_seq: int | None
    last_seq: int | None


class ArchiveFileRead(BaseModel):
    """One archive file and the chain hashes around it."""

    file: str
    first_seq: int
    last_seq: int
    records: int
    prev_hash: str
    head_hash: str
    sha256: str
    archived_at: str


class ArchiveRunRead(BaseModel):
    """What an archive run moved out of the store."""

    cutoff: str
    records: int
    files: list[ArchiveFileRead]
    base_seq: int
    base_hash: str
