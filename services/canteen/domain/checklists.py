"""Hygiene checklist templates (卫生检查表): daily and weekly kitchen, store room, dining hall.

Canteens inspect themselves periodically and stop and correct what fails (食品安全法 第47条;
实施条例 2019 第28条); the seeds check the kitchen daily and every week in depth (004:
"对厨房卫生每星期进行一次大检查"). A template lists scored items (each worth `points`; an
item scoring less than its points is failed and needs a corrective action), says which items
are equipment (a failed one is a repair for maintenance), the pass mark of the whole inspection
(percent of the points), and how many days a corrective action has. Like a supplier, a template
serves canteens, and only their managers (or logistics administrators) change it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from services.canteen.events import ChecklistItemData, ChecklistUpdated
from shared.aggregate import Aggregate
from shared.errors import Invalid

#: The fields a PUT sets; a change to any of them is told in `canteen.checklist.updated.v1`.
EDITABLE = ("name", "kind", "place", "pass_mark", "due_days", "items", "canteens")


class ChecklistKind(StrEnum):
    """The inspections the seeds describe."""

    DAILY_KITCHEN = "daily_kitchen"  # 厨房每日检查
    WEEKLY_KITCHEN = "weekly_kitchen"  # 厨房每周大检查
    STORE_ROOM = "store_room"  # 库房检查
    DINING_HALL = "dining_hall"  # 餐厅检查


@dataclass(frozen=True)
class ChecklistItem:
    """One scored item; `equipment` items that fail go to maintenance as a repair."""

    item_id: str
    text: str
    points: int
    equipment: bool = False
    equipment_tag: str | None = None
    place: str | None = None


@dataclass
class Template(Aggregate):
    """A checklist template and the canteens it serves."""

    template_id: str
    name: str
    kind: ChecklistKind
    place: str | None
    pass_mark: int
    due_days: int
    items: tuple[ChecklistItem, ...]
    canteens: tuple[str, ...]
    updated_at: datetime
    version: int | None = None

    @property
    def new(self) -> bool:
        """True when it was not read from the store."""
        return self.version is None

    @property
    def max_score(self) -> int:
        """The points of every item together."""
        return sum(i.points for i in self.items)

    def item(self, item_id: str) -> ChecklistItem | None:
        """The item with this id, or None."""
        return next((i for i in self.items if i.item_id == item_id), None)

    @classmethod
    def register(cls, template_id: str, *, at: datetime, **values) -> Template:
        """A new template; records `canteen.checklist.updated.v1` with `created`."""
        values["canteens"] = tuple(sorted(set(values["canteens"])))
        _check(values["items"])
        template = cls(template_id, updated_at=at, **values)
        template._told(EDITABLE, created=True)
        return template

    def revise(self, *, at: datetime, **values) -> bool:
        """Replace the template; records what changed, nothing (and False) if nothing did."""
        values["canteens"] = tuple(sorted(set(values["canteens"])))
        _check(values["items"])
        changed = tuple(k for k in EDITABLE if getattr(self, k) != values[k])
        if not changed:
            return False
        for key in changed:
            setattr(self, key, values[key])
        self.updated_at = at
        self._told(changed, created=False)
        return True

    def _told(self, changed: tuple[str, ...], *, created: bool) -> None:
        self.record(
            ChecklistUpdated(
                template_id=self.template_id,
                name=self.name,
                kind=self.kind.value,
                place=self.place,
                pass_mark=self.pass_mark,
                due_days=self.due_days,
                items=tuple(
                    ChecklistItemData(
                        item_id=i.item_id,
                        text=i.text,
                        points=i.points,
                        equipment=i.equipment,
                        equipment_tag=i.equipment_tag,
                        place=i.place,
                    )
                    for i in self.items
                ),
                canteens=self.canteens,
                created=created,
                changed=changed,
            )
        )


def _check(items: tuple[ChecklistItem, ...]) -> None:
    if not items:
        raise Invalid("a checklist has at least one item", field="items")
    if len({i.item_id for i in items}) != len(items):
        raise Invalid("each item_id appears once in a checklist", field="items")
    tagless = [i.item_id for i in items if i.equipment_tag and not i.equipment]
    if tagless:
        raise Invalid(
            f"item {', '.join(tagless)} names an equipment_tag but is not equipment",
            field="items",
        )
