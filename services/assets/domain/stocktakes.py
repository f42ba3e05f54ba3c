"""Stock-take campaigns (清查 / 盘点): books against rooms, 账实相符.

A campaign covers a building or a department. People scan tags room by room; the
reconciliation compares the scans with the register: found in place, found elsewhere
(misplaced: in another room or building than booked), missing (booked, not scanned; an asset
on loan is reported apart, not missing), and found but not on the books (盘盈: an unknown or
disposed tag). The manager submits the report with the moves they agree to; a logistics
administrator other than the submitter approves, which applies the moves and publishes one
`assets.stocktake.discrepancy_found.v1` per finding and `assets.stocktake.closed.v1`.
The law sets no frequency ("定期或不定期", 行政事业性国有资产管理条例 2021 第34条).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from services.assets import events as ev
from shared.aggregate import Aggregate
from shared.errors import Conflict, Forbidden, Invalid


class Scope(StrEnum):
    """What a campaign covers."""

    BUILDING = "building"
    DEPARTMENT = "department"


class StocktakeStatus(StrEnum):
    """open (counting) → submitted (waiting for approval) → closed; submitted → open (rejected)."""

    OPEN = "open"
    SUBMITTED = "submitted"
    CLOSED = "closed"


class Kind(StrEnum):
    """What the reconciliation found for one tag."""

    IN_PLACE = "in_place"
    MISPLACED = "misplaced"
    MISSING = "missing"
    UNREGISTERED = "unregistered"
    ON_LOAN = "on_loan"


#: Kinds that are discrepancies (published at the close).
DISCREPANCIES = (Kind.MISPLACED, Kind.MISSING, Kind.UNREGISTERED)


@dataclass(frozen=True)
class Booked:
    """An asset as the books have it."""

    asset_id: str
    tag: str
    name: str
    building_id: str
    room_id: str | None
    status: str


@dataclass(frozen=True)
class Scan:
    """Where a tag was last scanned in a campaign."""

    tag: str
    building_id: str
    room_id: str
    scanned_at: datetime
    scanned_by: str | None


@dataclass(frozen=True)
class Finding:
    """One line of the reconciliation."""

    kind: Kind
    tag: str
    asset_id: str | None = None
    name: str | None = None
    booked_building_id: str | None = None
    booked_room_id: str | None = None
    found_building_id: str | None = None
    found_room_id: str | None = None
    moved: bool = False


@dataclass(frozen=True)
class Report:
    """The reconciliation, findings ordered by kind then tag."""

    expected: int
    findings: list[Finding]

    def of(self, kind: Kind) -> list[Finding]:
        """The findings of one kind."""
        return [f for f in self.findings if f.kind is kind]

    def counts(self) -> dict[str, int]:
        """How many findings of each kind."""
        return {k.value: len(self.of(k)) for k in Kind}


def _finding(kind: Kind, b: Booked | None, scan: Scan | None, tag: str) -> Finding:
    return Finding(
        kind=kind,
        tag=tag,
        asset_id=b.asset_id if b else None,
        name=b.name if b else None,
        booked_building_id=b.building_id if b else None,
        booked_room_id=b.room_id if b else None,
        found_building_id=scan.building_id if scan else None,
        found_room_id=scan.room_id if scan else None,
    )


def reconcile(
    expected: Iterable[Booked], scans: Mapping[str, Scan], known: Mapping[str, Booked]
) -> Report:
    """Compare the books in scope (`expected`) with the scans; `known` holds the scanned tags
    that are on the books outside the scope (found here, booked elsewhere)."""
    findings: list[Finding] = []
    in_scope = {b.tag: b for b in expected}
    for tag, b in in_scope.items():
        scan = scans.get(tag)
        if scan is None:
            kind = Kind.ON_LOAN if b.status == "on_loan" else Kind.MISSING
            findings.append(_finding(kind, b, None, tag))
        elif scan.building_id == b.building_id and b.room_id in (None, scan.room_id):
            findings.append(_finding(Kind.IN_PLACE, b, scan, tag))
        else:
            findings.append(_finding(Kind.MISPLACED, b, scan, tag))
    for tag, scan in scans.items():
        if tag in in_scope:
            continue
        other = known.get(tag)
        on_books = other is not None and other.status != "disposed"
        kind = Kind.MISPLACED if on_books else Kind.UNREGISTERED
        findings.append(_finding(kind, other if on_books else None, scan, tag))
    order = {k: i for i, k in enumerate(Kind)}
    findings.sort(key=lambda f: (order[f.kind], f.tag))
    return Report(expected=len(in_scope), findings=findings)


@dataclass
class Stocktake(Aggregate):
    """One campaign."""

    id: str
    name: str
    scope: Scope
    scope_id: str
    started_at: datetime
    started_by: str | None
    expected_at_start: int
    status: StocktakeStatus = StocktakeStatus.OPEN
    #: Rooms scanned in, as "building/room", in the order first scanned.
    rooms: list[str] = field(default_factory=list)
    submitted_by: str | None = None
    submitted_at: datetime | None = None
    agreed_moves: list[str] = field(default_factory=list)
    decided_by: str | None = None
    decided_at: datetime | None = None
    decision_note: str | None = None
    #: The report as approved (frozen at the close).
    final: Report | None = None
    version: int | None = None

    @classmethod
    def start(cls, **facts: object) -> Stocktake:
        """Begin counting a building or a department."""
        st = cls(**facts)  # type: ignore[arg-type]
        st.record(ev.StocktakeStarted(**st._facts(), name=st.name, expected=st.expected_at_start))
        return st

    def _facts(self) -> dict[str, str]:
        return {"stocktake_id": self.id, "scope": self.scope.value, "scope_id": self.scope_id}

    def _require(self, status: StocktakeStatus, action: str) -> None:
        if self.status is not status:
            raise Conflict(f"cannot {action} stock-take {self.id}: it is {self.status.value}")

    def scanned(self, building_id: str, room_id: str, tags: list[str]) -> None:
        """Tags were scanned in a room (the scans themselves are stored one per tag)."""
        self._require(StocktakeStatus.OPEN, "scan in")
        if self.scope is Scope.BUILDING and building_id != self.scope_id:
            raise Invalid(
                f"this stock-take counts building {self.scope_id}, not {building_id}",
                field="building_id",
            )
        room = f"{building_id}/{room_id}"
        if room not in self.rooms:
            self.rooms.append(room)
        self.record(ev.StocktakeScanned(**self._facts(), room_id=room_id, tags=tags))

    def submit(self, report: Report, agreed_moves: list[str], *, at: datetime, by: str | None):
        """Counting is over: the report and the moves agreed wait for an administrator."""
        self._require(StocktakeStatus.OPEN, "submit")
        misplaced = {f.tag for f in report.of(Kind.MISPLACED)}
        unknown = sorted(set(agreed_moves) - misplaced)
        if unknown:
            raise Invalid(f"not misplaced, cannot be moved: {', '.join(unknown)}", field="moves")
        self.status, self.submitted_by, self.submitted_at = StocktakeStatus.SUBMITTED, by, at
        self.agreed_moves = sorted(set(agreed_moves))
        findings = sum(len(report.of(k)) for k in DISCREPANCIES)
        moves = self.agreed_moves
        self.record(ev.StocktakeSubmitted(**self._facts(), agreed_moves=moves, findings=findings))

    def _decide(self, by: str | None, at: datetime, note: str | None) -> None:
        self._require(StocktakeStatus.SUBMITTED, "decide on")
        if by is not None and by == self.submitted_by:
            raise Forbidden(f"you submitted stock-take {self.id}: another administrator approves")
        self.decided_by, self.decided_at, self.decision_note = by, at, note

    def reject(self, *, note: str | None, at: datetime, by: str | None) -> None:
        """Sent back: counting goes on."""
        self._decide(by, at, note)
        self.status = StocktakeStatus.OPEN
        self.record(ev.StocktakeRejected(**self._facts(), note=note))

    def close(self, report: Report, moved: set[str], *, at: datetime, by: str | None) -> None:
        """Approved: one event per discrepancy (noting the moves applied), then the close."""
        self._decide(by, at, None)
        final = [
            Finding(**{**f.__dict__, "moved": f.tag in moved}) if f.kind is Kind.MISPLACED else f
            for f in report.findings
        ]
        self.final = Report(report.expected, final)
        self.status = StocktakeStatus.CLOSED
        for f in final:
            if f.kind in DISCREPANCIES:
                fields = {k: v for k, v in f.__dict__.items() if k != "kind"}
                self.record(ev.DiscrepancyFound(**self._facts(), kind=f.kind.value, **fields))
        counts = self.final.counts()
        self.record(
            ev.StocktakeClosed(
                **self._facts(),
                approved_by=by,
                expected=report.expected,
                moves_applied=len(moved),
                **counts,
            )
        )
