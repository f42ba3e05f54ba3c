"""Query parameters, Create inputs and Read outputs of the audit API."""

from __future__ import annotations

import re
from dataclasses import asdict
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from services.audit.domain import CausalLink, LastCheckpoint, RecordFilter, Report, public_record
from services.audit.handlers import ArchiveRun, ChainStatus, ReplayResult, Story
from shared.clock import iso
from shared.store import Doc, Page
from shared.types import Moment, line

TYPE_PATTERN = r"^[a-z0-9_]+(\.[a-z0-9_]+)+$"
EventType = Annotated[str, StringConstraints(pattern=TYPE_PATTERN, max_length=200)]
_ANCHOR = re.compile(r"^(\d{1,12}):([0-9a-f]{64})$")
#: Subjects and sources are URIs or paths; actors and correlation ids are ids. One line each.
LongKey = line(500)
ShortKey = line(200)


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RecordQuery(_Input):
    """Filters of a record search; all optional, all must hold. `until` is exclusive."""

    subject: LongKey | None = None
    actor: ShortKey | None = None
    type: list[EventType] = Field(default_factory=list, max_length=20)
    source: LongKey | None = None
    correlation_id: ShortKey | None = None
    since: Moment | None = None
    until: Moment | None = None

    @field_validator("until")
    @classmethod
    def _after_since(cls, value: Any, info: ValidationInfo) -> Any:
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


class PageQuery(_Input):
    """Paging of a correlation story."""

    limit: int = Field(default=200, ge=1, le=500)
    cursor: str | None = Field(default=None, min_length=1, max_length=2000)


class ExportQuery(RecordQuery):
    """An export of every matching record."""

    format: Literal["jsonl", "csv"] = "jsonl"


class VerifyQuery(_Input):
    """What to verify: the store alone, or the archive files first; anchors as `seq:hash`."""

    archives: bool = False
    anchor: list[str] = Field(default_factory=list, max_length=100)

    @field_validator("anchor")
    @classmethod
    def _anchors(cls, value: list[str]) -> list[str]:
        for item in value:
            if not _ANCHOR.match(item):
                raise ValueError("each anchor is seq:hash (a number, a colon, 64 hex digits)")
        return value

    def anchors(self) -> list[tuple[int, str]]:
        """Anchors as (seq, hash) pairs."""
        pairs = (item.split(":") for item in self.anchor)
        return [(int(seq), digest) for seq, digest in pairs]


class ReplayCreate(_Input):
    """Deliver stored events of these types, with event time at or after `since`, to `queue`."""

    types: list[EventType] = Field(min_length=1, max_length=20)
    since: Moment
    queue: str = Field(min_length=1, max_length=200)


class RecordRead(BaseModel):
    """One record: chain position, hashes, and the whole CloudEvent as recorded."""

    seq: int
    recorded_at: str
    hash: str
    prev_hash: str
    event: dict[str, Any]

    @classmethod
    def of(cls, record: Doc) -> RecordRead:
        """The record as the API shows it."""
        return cls(**public_record(record))


class RecordPage(BaseModel):
    """A page of records; pass `next_cursor` back as `cursor` for the next one."""

    items: list[RecordRead]
    next_cursor: str | None

    @classmethod
    def of(cls, page: Page) -> RecordPage:
        """A page of stored records."""
        return cls(items=[RecordRead.of(r) for r in page.items], next_cursor=page.next_cursor)


class CausalLinkRead(BaseModel):
    """Which event caused which, inside one story."""

    seq: int
    event_id: str
    type: str
    caused_by: str | None
    caused_by_seq: int | None

    @classmethod
    def of(cls, link: CausalLink) -> CausalLinkRead:
        """One causal link."""
        return cls(**asdict(link))


class StoryRead(BaseModel):
    """Every event of one correlation id, by time then seq, with the causal links."""

    correlation_id: str
    items: list[RecordRead]
    links: list[CausalLinkRead]
    next_cursor: str | None

    @classmethod
    def of(cls, story: Story) -> StoryRead:
        """One page of a story."""
        return cls(
            correlation_id=story.correlation_id,
            items=[RecordRead.of(r) for r in story.items],
            links=[CausalLinkRead.of(link) for link in story.links],
            next_cursor=story.next_cursor,
        )


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

    @classmethod
    def of(cls, report: Report) -> VerifyRead:
        """A verifier's report."""
        return cls.model_validate(report.as_dict())


class CheckpointRead(BaseModel):
    """The last published checkpoint."""

    seq: int
    head_hash: str
    at: str

    @classmethod
    def of(cls, last: LastCheckpoint) -> CheckpointRead:
        """A checkpoint as published."""
        return cls(seq=last.seq, head_hash=last.head_hash, at=iso(last.at))


class ChainRead(BaseModel):
    """Where the chain stands: head, stored records, base after archiving, last checkpoint."""

    head_seq: int
    head_hash: str
    records_stored: int
    base_seq: int
    base_hash: str
    archives: int
    last_checkpoint: CheckpointRead | None

    @classmethod
    def of(cls, status: ChainStatus) -> ChainRead:
        """The chain status."""
        last = status.last_checkpoint
        return cls(
            head_seq=status.head_seq,
            head_hash=status.head_hash,
            records_stored=status.records_stored,
            base_seq=status.base_seq,
            base_hash=status.base_hash,
            archives=status.archives,
            last_checkpoint=CheckpointRead.of(last) if last is not None else None,
        )


class ReplayRead(BaseModel):
    """How many events were delivered (all confirmed by the broker)."""

    queue: str
    count: int
    first_seq: int | None
    last_seq: int | None

    @classmethod
    def of(cls, result: ReplayResult) -> ReplayRead:
        """A finished replay."""
        return cls(**asdict(result))


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

    @classmethod
    def of(cls, manifest: Doc) -> ArchiveFileRead:
        """An archive manifest."""
        return cls(**{name: manifest[name] for name in cls.model_fields})


class ArchiveRunRead(BaseModel):
    """What an archive run moved out of the store."""

    cutoff: str
    records: int
    files: list[ArchiveFileRead]
    base_seq: int
    base_hash: str

    @classmethod
    def of(cls, run: ArchiveRun) -> ArchiveRunRead:
        """A finished archive run."""
        return cls(
            cutoff=run.cutoff,
            records=run.records,
            files=[ArchiveFileRead.of(f) for f in run.files],
            base_seq=run.base_seq,
            base_hash=run.base_hash,
        )
