"""Create / Read schemas of checklist templates, inspections (卫生检查) and corrective actions."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, Field

from services.canteen.api.schemas import Id
from services.canteen.domain.checklists import ChecklistItem, ChecklistKind, Template
from services.canteen.domain.inspections import CorrectiveAction, Inspection, ItemResult
from shared.api import ID_PATTERN, Input
from shared.clock import iso
from shared.store import Paged
from shared.types import Day, line, text

#: Short enough that an action's id (the inspection's and the item's) fits a path id.
ItemId = Annotated[str, Field(min_length=1, max_length=40, pattern=ID_PATTERN)]


class ChecklistItemIn(Input):
    """A scored item; an equipment item that fails is a repair for maintenance."""

    item_id: ItemId
    text: line(200)
    points: int = Field(ge=1, le=100)
    equipment: bool = False
    equipment_tag: Id | None = None
    place: line(100) | None = None

    def to_item(self) -> ChecklistItem:
        """The domain item."""
        return ChecklistItem(**self.model_dump())


class ChecklistUpdate(Input):
    """A checklist template as PUT: the whole record."""

    name: line(100)
    kind: ChecklistKind
    place: line(100) | None = None
    pass_mark: int = Field(ge=0, le=100, description="percent of the points to pass")
    due_days: int | None = Field(
        default=None, ge=0, le=90, description="days a corrective action has; default 3"
    )
    items: list[ChecklistItemIn] = Field(min_length=1, max_length=100)
    canteens: list[Id] | None = Field(
        default=None,
        max_length=100,
        description="canteens it serves; omitted: unchanged (a new one: the manager's own)",
    )


class ChecklistItemRead(BaseModel):
    """An item of a template."""

    item_id: str
    text: str
    points: int
    equipment: bool
    equipment_tag: str | None
    place: str | None


class ChecklistRead(BaseModel):
    """A checklist template."""

    template_id: str
    name: str
    kind: str
    place: str | None
    pass_mark: int
    due_days: int
    items: list[ChecklistItemRead]
    max_score: int
    canteens: list[str]
    updated_at: str

    @classmethod
    def of(cls, t: Template) -> ChecklistRead:
        """The template as the API shows it."""
        return cls(
            template_id=t.template_id,
            name=t.name,
            kind=t.kind.value,
            place=t.place,
            pass_mark=t.pass_mark,
            due_days=t.due_days,
            items=[ChecklistItemRead(**vars(i)) for i in t.items],
            max_score=t.max_score,
            canteens=list(t.canteens),
            updated_at=iso(t.updated_at),
        )


class ItemResultIn(Input):
    """The score of one item (0 to its points) and, below its points, the finding."""

    item_id: ItemId
    score: int = Field(ge=0, le=100)
    finding: text(1000) | None = None
    equipment_tag: Id | None = Field(default=None, description="which unit, if not the item's")
    due_on: Day | None = Field(default=None, description="when the correction is due")

    def to_result(self) -> ItemResult:
        """The domain result."""
        return ItemResult(**self.model_dump())


class InspectionCreate(Input):
    """An inspection: every item of the template scored."""

    template_id: Id
    place: line(100) | None = None
    results: list[ItemResultIn] = Field(min_length=1, max_length=100)


class ResultRead(BaseModel):
    """An item as scored."""

    item_id: str
    text: str
    points: int
    score: int
    failed: bool
    finding: str | None
    equipment: bool
    action_id: str | None


class InspectionRead(BaseModel):
    """An inspection and its score against the pass mark."""

    inspection_id: str
    canteen_id: str
    template_id: str
    template_name: str
    kind: str
    place: str | None
    inspected_on: str
    inspected_at: str
    inspector: str
    score: int
    max_score: int
    percent: str
    pass_mark: int
    passed: bool
    results: list[ResultRead]

    @classmethod
    def of(cls, i: Inspection) -> InspectionRead:
        """The inspection as the API shows it."""
        return cls(
            inspection_id=i.inspection_id,
            canteen_id=i.canteen_id,
            template_id=i.template_id,
            template_name=i.template_name,
            kind=i.kind,
            place=i.place,
            inspected_on=i.inspected_on.isoformat(),
            inspected_at=iso(i.inspected_at),
            inspector=i.inspector,
            score=i.score,
            max_score=i.max_score,
            percent=str(i.percent),
            pass_mark=i.pass_mark,
            passed=i.passed,
            results=[
                ResultRead(
                    item_id=s.item.item_id,
                    text=s.item.text,
                    points=s.item.points,
                    score=s.result.score,
                    failed=s.failed,
                    finding=s.result.finding,
                    equipment=s.item.equipment,
                    action_id=f"{i.inspection_id}-{s.item.item_id}" if s.failed else None,
                )
                for s in i.scored
            ],
        )


class ActionClose(Input):
    """The evidence that the finding was corrected."""

    evidence: text(2000)


class ActionRead(BaseModel):
    """A corrective action."""

    action_id: str
    inspection_id: str
    canteen_id: str
    place: str | None
    item_id: str
    item: str
    finding: str
    equipment: bool
    equipment_tag: str | None
    due_on: str
    status: str
    overdue: bool
    evidence: str | None
    corrected_by: str | None
    corrected_on: str | None

    @classmethod
    def of(cls, a: CorrectiveAction, today: date) -> ActionRead:
        """The action and whether it is overdue today."""
        return cls(
            action_id=a.action_id,
            inspection_id=a.inspection_id,
            canteen_id=a.canteen_id,
            place=a.place,
            item_id=a.item_id,
            item=a.item,
            finding=a.finding,
            equipment=a.equipment,
            equipment_tag=a.equipment_tag,
            due_on=a.due_on.isoformat(),
            status="open" if a.open else "closed",
            overdue=a.overdue(today),
            evidence=a.evidence,
            corrected_by=a.corrected_by,
            corrected_on=a.corrected_on.isoformat() if a.corrected_on else None,
        )


class ActionsPage(BaseModel):
    """Corrective actions, soonest due first."""

    items: list[ActionRead]
    next_cursor: str | None

    @classmethod
    def of(cls, page: Paged[CorrectiveAction], today: date) -> ActionsPage:
        """One page of actions."""
        return cls(
            items=[ActionRead.of(a, today) for a in page.items], next_cursor=page.next_cursor
        )
