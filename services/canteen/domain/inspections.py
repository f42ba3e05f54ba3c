"""A hygiene inspection (卫生检查) against a checklist, and the corrective actions it opens.

Every item of the template is scored (0 to its points); the inspection passes when the score is
at least the pass mark, as a percentage of the points. An item scoring below its points has
failed: it needs a written finding, it is told (`canteen.inspection.failed.v1`, with whether it
is equipment, so maintenance opens one repair order), and it opens a corrective action due
`due_days` after the inspection, closed only with evidence of the correction (食品安全法 第47条:
stop and correct what fails the self-inspection).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from services.canteen.domain.canteens import Canteen
from services.canteen.domain.checklists import ChecklistItem, Template
from services.canteen.events import InspectionCorrected, InspectionFailed, InspectionRecorded
from shared.aggregate import Aggregate
from shared.errors import Conflict, Invalid


@dataclass(frozen=True)
class ItemResult:
    """The inspector's score and finding for one item."""

    item_id: str
    score: int
    finding: str | None = None
    equipment_tag: str | None = None
    due_on: date | None = None


@dataclass(frozen=True)
class Scored:
    """An item of the template with its result."""

    item: ChecklistItem
    result: ItemResult

    @property
    def failed(self) -> bool:
        """Any point short of the item's points is a finding to correct."""
        return self.result.score < self.item.points


def score(template: Template, results: list[ItemResult]) -> list[Scored]:
    """Match results to items: each item scored once, within its points, failures explained."""
    by_id: dict[str, ItemResult] = {}
    for r in results:
        if r.item_id in by_id:
            raise Invalid(f"item {r.item_id} is scored twice", field="results")
        by_id[r.item_id] = r
    unknown = sorted(set(by_id) - {i.item_id for i in template.items})
    if unknown:
        raise Invalid(
            f"checklist {template.template_id} has no item {', '.join(unknown)}", field="results"
        )
    missing = [i.item_id for i in template.items if i.item_id not in by_id]
    if missing:
        raise Invalid(f"every item is scored; missing: {', '.join(missing)}", field="results")
    scored = [Scored(i, by_id[i.item_id]) for i in template.items]
    for s in scored:
        if not 0 <= s.result.score <= s.item.points:
            raise Invalid(f"item {s.item.item_id} scores 0 to {s.item.points}", field="results")
        if s.failed and not s.result.finding:
            raise Invalid(f"item {s.item.item_id} lost points: write the finding", field="results")
    return scored


def percent(got: int, of: int) -> Decimal:
    """The score as a percentage, to one decimal."""
    return (Decimal(got) * 100 / Decimal(of)).quantize(Decimal("0.1")) if of else Decimal(0)


@dataclass
class CorrectiveAction(Aggregate):
    """What a failed item needs done by its due day; closed with the evidence."""

    action_id: str
    inspection_id: str
    canteen_id: str
    template_id: str
    place: str | None
    item_id: str
    item: str
    finding: str
    equipment: bool
    equipment_tag: str | None
    due_on: date
    opened_at: datetime
    evidence: str | None = None
    corrected_by: str | None = None
    corrected_at: datetime | None = None
    corrected_on: date | None = None
    version: int | None = None

    @property
    def open(self) -> bool:
        """True until closed with evidence."""
        return self.corrected_at is None

    def overdue(self, today: date) -> bool:
        """Open past its due day."""
        return self.open and today > self.due_on

    def close(self, *, evidence: str, today: date, at: datetime, by: str) -> None:
        """Closed with evidence of the correction (told, late or not)."""
        if not self.open:
            raise Conflict(f"corrective action {self.action_id} was closed on {self.corrected_on}")
        self.evidence, self.corrected_by, self.corrected_at, self.corrected_on = (
            evidence,
            by,
            at,
            today,
        )
        self.record(
            InspectionCorrected(
                action_id=self.action_id,
                inspection_id=self.inspection_id,
                canteen_id=self.canteen_id,
                place=self.place,
                item_id=self.item_id,
                item=self.item,
                finding=self.finding,
                evidence=evidence,
                corrected_by=by,
                corrected_on=today.isoformat(),
                due_on=self.due_on.isoformat(),
                late=today > self.due_on,
            )
        )


@dataclass
class Inspection(Aggregate):
    """A recorded inspection and its score."""

    inspection_id: str
    canteen_id: str
    template_id: str
    template_name: str
    kind: str
    place: str | None
    inspected_on: date
    inspected_at: datetime
    inspector: str
    scored: tuple[Scored, ...]
    pass_mark: int
    version: int | None = None
    #: The actions its failed items opened (staged with it; documents of their own).
    actions: tuple[CorrectiveAction, ...] = field(default=(), repr=False, compare=False)

    @property
    def score(self) -> int:
        """Points scored."""
        return sum(s.result.score for s in self.scored)

    @property
    def max_score(self) -> int:
        """Points possible."""
        return sum(s.item.points for s in self.scored)

    @property
    def percent(self) -> Decimal:
        """The score as a percentage of the points."""
        return percent(self.score, self.max_score)

    @property
    def passed(self) -> bool:
        """At least the pass mark."""
        return self.percent >= self.pass_mark

    @property
    def failed_items(self) -> tuple[Scored, ...]:
        """Items that lost points."""
        return tuple(s for s in self.scored if s.failed)

    @classmethod
    def conduct(
        cls,
        inspection_id: str,
        *,
        template: Template,
        canteen: Canteen,
        results: list[ItemResult],
        place: str | None,
        today: date,
        at: datetime,
        by: str,
    ) -> Inspection:
        """Score the inspection; each failed item is told and opens a corrective action."""
        inspection = cls(
            inspection_id,
            canteen.canteen_id,
            template.template_id,
            template.name,
            template.kind.value,
            place or template.place,
            today,
            at,
            by,
            tuple(score(template, results)),
            template.pass_mark,
        )
        inspection.record(
            InspectionRecorded(
                inspection_id=inspection_id,
                canteen_id=canteen.canteen_id,
                template_id=template.template_id,
                template_name=template.name,
                kind=inspection.kind,
                place=inspection.place,
                inspected_on=today.isoformat(),
                score=inspection.score,
                max_score=inspection.max_score,
                percent=str(inspection.percent),
                pass_mark=template.pass_mark,
                passed=inspection.passed,
                failed_items=len(inspection.failed_items),
                inspector=by,
            )
        )
        inspection.actions = tuple(
            inspection._open(s, canteen, template.due_days) for s in inspection.failed_items
        )
        return inspection

    def _open(self, s: Scored, canteen: Canteen, due_days: int) -> CorrectiveAction:
        due_on = s.result.due_on or self.inspected_on + timedelta(days=due_days)
        if due_on < self.inspected_on:
            raise Invalid(
                f"item {s.item.item_id}: due_on is before the inspection", field="results"
            )
        tag = s.result.equipment_tag or s.item.equipment_tag
        place = s.item.place or self.place
        action = CorrectiveAction(
            action_id=f"{self.inspection_id}-{s.item.item_id}",
            inspection_id=self.inspection_id,
            canteen_id=self.canteen_id,
            template_id=self.template_id,
            place=place,
            item_id=s.item.item_id,
            item=s.item.text,
            finding=s.result.finding or "",
            equipment=s.item.equipment,
            equipment_tag=tag if s.item.equipment else None,
            due_on=due_on,
            opened_at=self.inspected_at,
        )
        self.record(
            InspectionFailed(
                inspection_id=self.inspection_id,
                action_id=action.action_id,
                canteen_id=self.canteen_id,
                campus_id=canteen.campus_id,
                building_id=canteen.building_id,
                template_id=self.template_id,
                template_name=self.template_name,
                kind=self.kind,
                place=place,
                item_id=s.item.item_id,
                item=s.item.text,
                finding=action.finding,
                equipment=s.item.equipment,
                equipment_tag=action.equipment_tag,
                score=s.result.score,
                points=s.item.points,
                due_on=due_on.isoformat(),
                inspected_on=self.inspected_on.isoformat(),
            )
        )
        return action
