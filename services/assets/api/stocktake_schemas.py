"""Inputs and outputs of stock-takes and imports (the register's are in `schemas.py`)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from services.assets.api.schemas import Id, Name
from services.assets.domain.stocktakes import Finding, Report, Scope, Stocktake
from services.assets.repository.imports import ImportRecord
from shared.api import Input
from shared.clock import iso

#: A tag as scanned (looked up as is; an unknown one is a finding, not an error).
ScannedTag = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9-]+$")]


class StocktakeCreate(Input):
    """A campaign over a building or a department."""

    scope: Scope
    scope_id: Id
    name: Name


class ScanCreate(Input):
    """Tags seen in one room (typed, or read by the phone's camera)."""

    room_id: Id
    building_id: Id | None = Field(default=None, description="needed in a department campaign")
    tags: list[ScannedTag] = Field(default_factory=list, max_length=500)
    asset_ids: list[Id] = Field(
        default_factory=list,
        max_length=500,
        description="ids read from labels' QR codes (their URL ends in /assets/<id>)",
    )


class SubmitCreate(Input):
    """The moves the manager agrees to (tags of misplaced assets), for the administrator."""

    agreed_moves: list[ScannedTag] = Field(default_factory=list, max_length=10_000)


class StocktakeRead(BaseModel):
    """A campaign."""

    stocktake_id: str
    name: str
    scope: str
    scope_id: str
    status: str
    started_at: str
    started_by: str | None
    expected_at_start: int
    rooms: list[str]
    submitted_by: str | None
    agreed_moves: list[str]
    decided_by: str | None
    decision_note: str | None

    @classmethod
    def of(cls, st: Stocktake) -> StocktakeRead:
        """A campaign as the API shows it."""
        return cls(
            stocktake_id=st.id,
            name=st.name,
            scope=st.scope.value,
            scope_id=st.scope_id,
            status=st.status.value,
            started_at=iso(st.started_at),
            started_by=st.started_by,
            expected_at_start=st.expected_at_start,
            rooms=st.rooms,
            submitted_by=st.submitted_by,
            agreed_moves=st.agreed_moves,
            decided_by=st.decided_by,
            decision_note=st.decision_note,
        )


class StocktakesPage(BaseModel):
    """Campaigns, newest first."""

    items: list[StocktakeRead]
    next_cursor: str | None


class FindingRead(BaseModel):
    """One line of a reconciliation."""

    kind: str
    tag: str
    asset_id: str | None
    name: str | None
    booked_building_id: str | None
    booked_room_id: str | None
    found_building_id: str | None
    found_room_id: str | None
    moved: bool

    @classmethod
    def of(cls, f: Finding) -> FindingRead:
        """A finding as the API shows it."""
        return cls(**{**f.__dict__, "kind": f.kind.value})


class ReportRead(BaseModel):
    """The reconciliation: counts by kind and every finding (in place ones included)."""

    stocktake: StocktakeRead
    final: bool = Field(description="true once approved: the report as it was closed")
    expected: int
    counts: dict[str, int]
    findings: list[FindingRead]

    @classmethod
    def of(cls, st: Stocktake, report: Report) -> ReportRead:
        """A campaign's report."""
        return cls(
            stocktake=StocktakeRead.of(st),
            final=st.final is not None,
            expected=report.expected,
            counts=report.counts(),
            findings=[FindingRead.of(f) for f in report.findings],
        )


class ImportRead(BaseModel):
    """An accepted import; `errors` names the cells of rows left out (valid rows only)."""

    import_id: str
    filename: str
    format: str
    encoding: str | None
    rows: int
    imported: int
    skipped: int
    errors: list[dict[str, str | int | None]]
    buildings: list[str]
    imported_at: str
    imported_by: str | None

    @classmethod
    def of(cls, r: ImportRecord) -> ImportRead:
        """An import record as the API shows it."""
        return cls(import_id=r.id, **{k: v for k, v in r.__dict__.items() if k != "id"})
