"""The asset aggregate: registration, moves, custody to a person (责任到人), damage and repair.

in_use → damaged (report_damage) → in_use (repair); in_use → on_loan (lend) → in_use
(take_back); in_use | damaged → pending_disposal (disposals) → disposed | back. Custody changes
in any status but pending or disposed, and the new custodian signs for it (acknowledge).
Methods change state and record events; an illegal move is a `Conflict` naming the status and
the statuses it is allowed from.
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
    ON_LOAN = "on_loan"
    DAMAGED = "damaged"
    #: Proposed for write-off (报废), waiting for a logistics administrator.
    PENDING_DISPOSAL = "pending_disposal"
    #: Written off: nothing may happen to it any more.
    DISPOSED = "disposed"


_S = Status
#: action -> (statuses it is allowed from, status it leads to; None keeps the status)
TRANSITIONS: dict[str, tuple[frozenset[Status], Status | None]] = {
    "assign": (frozenset({_S.IN_USE, _S.DAMAGED, _S.ON_LOAN}), None),
    "move": (frozenset({_S.IN_USE, _S.DAMAGED}), None),
    "report_damage": (frozenset({_S.IN_USE}), _S.DAMAGED),
    "repair": (frozenset({_S.DAMAGED}), _S.IN_USE),
    "lend": (frozenset({_S.IN_USE}), _S.ON_LOAN),
    "take_back": (frozenset({_S.ON_LOAN}), _S.IN_USE),
    "reserve": (frozenset({_S.IN_USE, _S.ON_LOAN, _S.DAMAGED}), None),
    "propose_disposal": (frozenset({_S.IN_USE, _S.DAMAGED}), _S.PENDING_DISPOSAL),
    "decide_disposal": (frozenset({_S.PENDING_DISPOSAL}), None),
}
_AS_PHRASE = {
    _S.IN_USE: "in use",
    _S.ON_LOAN: "on loan",
    _S.DAMAGED: "damaged and not yet repaired",
    _S.PENDING_DISPOSAL: "proposed for disposal",
    _S.DISPOSED: "disposed",
}


@dataclass(frozen=True)
class Custody:
    """Who answers for an asset, whether they have signed for it, and when it passed on."""

    custodian_id: str
    assigned_at: datetime
    assigned_by: str | None
    acknowledged_at: datetime | None = None
    released_at: datetime | None = None


@dataclass(frozen=True)
class Disposal:
    """A write-off (报废): proposed with a reason, then approved or rejected by another person."""

    reason: str
    proposed_by: str | None
    proposed_at: datetime
    previous_status: Status
    decided_by: str | None = None
    decided_at: datetime | None = None
    approved: bool | None = None
    decision_note: str | None = None


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
    #: None: not depreciated (land, relics, books); see `low_value` for items under threshold.
    useful_life_years: int | None
    registered_at: datetime
    registered_by: str | None
    department_id: str | None = None
    #: Under the capitalisation threshold (低值易耗品): registered, not depreciated.
    low_value: bool = False
    import_id: str | None = None
    status: Status = Status.IN_USE
    custody: Custody | None = None
    #: Earlier custodies, oldest first, each with the moment it was released.
    custody_history: list[Custody] = field(default_factory=list)
    disposal: Disposal | None = None
    #: The stored `_v` it was read with; None until first saved.
    version: int | None = None

    @classmethod
    def register(cls, *, today: date, at: datetime, by: str | None, **facts: object) -> Asset:
        """Check a new asset's facts and record its registration (校产登记)."""
        asset = cls(registered_at=at, registered_by=by, **facts)  # type: ignore[arg-type]
        category_gate(asset.category_code)
        if asset.purchase_date > today:
            raise Invalid("purchase_date is in the future", field="purchase_date")
        if asset.purchase_value_fen <= 0:
            raise Invalid("purchase_value must be positive", field="purchase_value")
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
                department_id=asset.department_id,
                useful_life_years=asset.useful_life_years,
                low_value=asset.low_value,
                import_id=asset.import_id,
            )
        )
        return asset

    @property
    def category_gate(self) -> str:
        """The GB/T 14885 gate (门类) of its category code."""
        return category_gate(self.category_code)

    @property
    def depreciated_life(self) -> int | None:
        """The life it is depreciated over; None when carried at cost."""
        return None if self.low_value else self.useful_life_years

    def valuation(self, on: date) -> Valuation:
        """Its book value on a day."""
        return book_value(self.purchase_value_fen, self.purchase_date, self.depreciated_life, on)

    def require(self, action: str) -> Status:
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

    def move(
        self, building_id: str, room_id: str | None, *, reason: str | None, stocktake_id=None
    ) -> None:
        """Put it in another building or room (`assets.asset.moved.v1`)."""
        self.require("move")
        if (building_id, room_id) == (self.building_id, self.room_id):
            raise Conflict(f"asset {self.tag} is already in {building_id} {room_id or ''}".strip())
        before = (self.building_id, self.room_id)
        self.building_id, self.room_id = building_id, room_id
        self.record(
            ev.AssetMoved(
                asset_id=self.id,
                tag=self.tag,
                name=self.name,
                from_building_id=before[0],
                from_room_id=before[1],
                building_id=building_id,
                room_id=room_id,
                reason=reason,
                stocktake_id=stocktake_id,
            )
        )

    def assign(self, custodian_id: str, *, at: datetime, by: str | None) -> None:
        """Put it in a person's custody; the previous custody goes to the history."""
        self.require("assign")
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
        target = self.require("report_damage")
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
                name=self.name,
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
        self.status = self.require("repair")
        self.record(ev.AssetRepaired(asset_id=self.id, tag=self.tag, building_id=self.building_id))

    def lend(self) -> None:
        """It leaves with a borrower (the loan records the event)."""
        self.status = self.require("lend")

    def take_back(self) -> None:
        """It is back from a loan (the loan records the event)."""
        self.status = self.require("take_back")
