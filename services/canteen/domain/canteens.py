"""A canteen (食堂) as the catalogue knows it: where it is, and its receiving policy.

A logistics administrator registers each canteen; its building is where maintenance sends a
technician for an equipment fault, and its own minimum remaining shelf life (临期 threshold)
overrides the service default at receiving.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.canteen.events import CanteenUpdated
from shared.aggregate import Aggregate

#: The fields a PUT sets; a change to any of them is told in `canteen.canteen.updated.v1`.
EDITABLE = ("name", "campus_id", "building_id", "min_remaining_shelf_life_days")


@dataclass
class Canteen(Aggregate):
    """A registered canteen."""

    canteen_id: str
    name: str
    campus_id: str
    building_id: str
    min_remaining_shelf_life_days: int | None
    updated_at: datetime
    version: int | None = None

    @property
    def new(self) -> bool:
        """True when it was not read from the store: this use case creates it."""
        return self.version is None

    def min_remaining_days(self, default: int) -> int:
        """The minimum remaining shelf life a line needs at receiving here."""
        own = self.min_remaining_shelf_life_days
        return default if own is None else own

    @classmethod
    def register(
        cls,
        canteen_id: str,
        *,
        name: str,
        campus_id: str,
        building_id: str,
        min_remaining_shelf_life_days: int | None,
        at: datetime,
    ) -> Canteen:
        """A new canteen; records `canteen.canteen.updated.v1` with `created`."""
        canteen = cls(canteen_id, name, campus_id, building_id, min_remaining_shelf_life_days, at)
        canteen._told(EDITABLE, created=True)
        return canteen

    def revise(
        self,
        *,
        name: str,
        campus_id: str,
        building_id: str,
        min_remaining_shelf_life_days: int | None,
        at: datetime,
    ) -> bool:
        """Replace the record; records what changed, nothing (and False) if nothing did."""
        values = {
            "name": name,
            "campus_id": campus_id,
            "building_id": building_id,
            "min_remaining_shelf_life_days": min_remaining_shelf_life_days,
        }
        changed = tuple(k for k in EDITABLE if getattr(self, k) != values[k])
        if not changed:
            return False
        for key in changed:
            setattr(self, key, values[key])
        self.updated_at = at
        self._told(changed, created=False)
        return True

    def _told(self, changed: tuple[str, ...], *, created: bool) -> None:
        state = {key: getattr(self, key) for key in EDITABLE}
        self.record(
            CanteenUpdated(canteen_id=self.canteen_id, **state, created=created, changed=changed)
        )
