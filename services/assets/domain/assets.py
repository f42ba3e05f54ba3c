"""The asset aggregate: registration, custody to a person (责任到人), damage and repair.

in_use → damaged (report_damage) → in_use (repair); custody changes in any status but
disposed, and the new custodian signs for it (acknowledge). Methods change state and record
events; an illegal move is a `Conflict` naming the status and the statuses it is allowed from.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from services.assets import events as ev
from services.assets.domain.categories import category_gate
from services.assets.domain.damages import Damage
from services.assets.domain.valuation import Valuation, book_value, compensation, to_yuan
from shared.aggregate import Aggregate
from shared.errors import Conflict, Invalid


class Status(StrEnum):
    """Where an asset stands in its life."""

    IN_USE = "in_use"
    DAMAGED = "damaged"
    #: Written off (报废); no command leads here yet, but nothing may happen to it any more.
    DISPOSED = "disposed"


#: action -> (statuses it is allowed from, status it leads to; None keeps the status)
TRANSITIONS: dict[str, tuple[frozenset[Status], Status | None]] = {
    "assign": (frozenset({Status.IN_USE, Status.DAMAGED}), None),
    "report_damage": (frozenset({Status.IN_USE}), Status.DAMAGED),
    "repair": (frozenset({Status.DAMAGED}), Status.IN_USE),
}
_AS_PHRASE = {
    Status.IN_USE: "in use",
    Status.DAMAGED: "damaged and not yet repaired",
    Status.DISPOSED: "disposed",
}


@dataclass(frozen=True)
class Custody:
    """Who answers for an asset, whether they have signed for it, and when it passed on."""

    custodian_id: str
    assigned_at: datetime
    assigned_by: str | None
    acknowledged_at: datetime | None = None
    released_at: datetime | None = None


@dataclass
class Asset(Aggregate):
    """One item of the register (校产)."""

    id: str
    tag: str
    name: str
    category_code: str
    building_id: str
    room_id: str | None
    purchase_value_fen: int
    purchase_date: date
    useful_life_years: int
    registered_at: datetime
    registered_by: str | None
    status: Status = Status.IN_USE
    custody: Custody | None = None
    #: Earlier custodies, oldest first, each with the moment it was released.
    custody_history: list[Custody] = field(default_factory=list)
    #: The stored `_v` it was read with; None until first saved.
    version: int | None = None

    @classmethod
    def register(
        cls,
        *,
        id: str,
        tag: str,
        name: str,
        category_code: str,
        building_id: str,
        room_id: str | None,
        purchase_value_fen: int,
        purchase_date: date,
        useful_life_years: int,
        today: date,
        at: datetime,
        by: str | None,
    ) -> Asset:
        """Check a new asset's facts and record its registration (校产登记)."""
        category_gate(category_code)
        if purchase_date > today:
            raise Invalid("purchase_date is in the future", field="purchase_date")
        if purchase_value_fen <= 0:
            raise Invalid("purchase_value must be positive", field="purchase_value")
        asset = cls(
            id=id,
            tag=tag,
            name=name,
            category_code=category_code,
            building_id=building_id,
            room_id=room_id,
            purchase_value_fen=purchase_value_fen,
            purchase_date=purchase_date,
            useful_life_years=useful_life_years,
            registered_at=at,
            registered_by=by,
        )
        asset.record(
            ev.AssetRegistered(
                asset_id=asset.id,
                tag=asset.tag,
                building_id=asset.building_id,
                room_id=asset.room_id,
                name=asset.name,
                category_code=asset.category_code,
                purchase_value=to_yuan(asset.purchase_value_fen),
                purchase_date=asset.purchase_date.isoformat(),
            )
        )
        return asset

    @property
    def category_gate(self) -> str:
        """The GB/T 14885 gate (门类) of its category code."""
        return category_gate(self.category_code)

    def valuation(self, on: date) -> Valuation:
        """Its book value on a day."""
        return book_value(self.purchase_value_fen, self.purchase_date, self.useful_life_years, on)

    def _require(self, action: str) -> Status:
        """The status `action` leads to; Conflict when it is not allowed from the current one."""
        allowed, target = TRANSITIONS[action]
        if self.status not in allowed:
            raise Conflict(
                f"cannot {action.replace('_', ' ')} asset {self.tag}: it is "
                f"{_AS_PHRASE[self.status]}; allowed when {', '.join(sorted(allowed))}",
                asset_id=self.id,
                asset_status=str(self.status),
                action=action,
            )
        return target or self.status

    def assign(self, custodian_id: str, *, at: datetime, by: str | None) -> None:
        """Put it in a person's custody; the previous custody goes to the history."""
        self._require("assign")
        previous = self.custody
        if previous is not None and previous.custodian_id == custodian_id:
            raise Conflict(f"asset {self.tag} is already in the custody of {custodian_id}")
        if previous is not None:
            self.custody_history.append(replace(previous, released_at=at))
        self.custody = Custody(custodian_id=custodian_id, assigned_at=at, assigned_by=by)
        self.record(
            ev.AssetAssigned(
                asset_id=self.id,
                tag=self.tag,
                building_id=self.building_id,
                room_id=self.room_id,
                custodian_id=custodian_id,
                previous_custodian_id=previous.custodian_id if previous else None,
            )
        )

    def acknowledge(self, *, at: datetime) -> None:
        """The custodian signs for it; signing twice changes (and records) nothing."""
        if self.custody is None:
            raise Conflict(f"asset {self.tag} is in nobody's custody")
        if self.custody.acknowledged_at is not None:
            return
        self.custody = replace(self.custody, acknowledged_at=at)
        self.record(
            ev.CustodyAcknowledged(
                asset_id=self.id,
                tag=self.tag,
                building_id=self.building_id,
                custodian_id=self.custody.custodian_id,
            )
        )

    def report_damage(
        self,
        *,
        damage_id: str,
        description: str,
        deliberate: bool,
        responsible_person_id: str | None,
        occurred_on: date,
        today: date,
        at: datetime,
        by: str | None,
    ) -> Damage:
        """Damaged until repaired; the compensation is fixed now, at the book value that day."""
        target = self._require("report_damage")
        if occurred_on > today:
            raise Invalid("occurred_on is in the future", field="occurred_on")
        owed = compensation(self.valuation(occurred_on), deliberate=deliberate)
        self.status = target
        self.record(
            ev.AssetDamaged(
                damage_id=damage_id,
                asset_id=self.id,
                tag=self.tag,
                building_id=self.building_id,
                room_id=self.room_id,
                description=description,
                deliberate=deliberate,
                responsible_person_id=responsible_person_id,
                compensation=to_yuan(owed.amount_fen),
            )
        )
        return Damage(
            id=damage_id,
            asset_id=self.id,
            tag=self.tag,
            building_id=self.building_id,
            room_id=self.room_id,
            description=description,
            deliberate=deliberate,
            responsible_person_id=responsible_person_id,
            occurred_on=occurred_on,
            owed=owed,
            reported_at=at,
            reported_by=by,
        )

    def repair(self) -> None:
        """A damaged asset is back in use."""
        self.status = self._require("repair")
        self.record(ev.AssetRepaired(asset_id=self.id, tag=self.tag, building_id=self.building_id))
