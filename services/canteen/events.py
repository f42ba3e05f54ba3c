"""Events the canteen service publishes: its public contract."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from shared.envelope import EventData, EventRegistry

registry = EventRegistry()


class ReceivedLine(BaseModel):
    """An accepted delivery line, now a stock batch."""

    model_config = ConfigDict(frozen=True)

    line_no: int
    item: str
    category: str
    quantity: str
    unit: str
    batch_id: str
    expires_on: str


@registry.register("canteen.delivery.received.v1")
class DeliveryReceived(EventData):
    """The accepted lines of a delivery entered the store room (入库)."""

    delivery_id: str
    canteen_id: str
    supplier_id: str
    delivery_note_no: str
    received_on: str
    lines: tuple[ReceivedLine, ...]


@registry.register("canteen.delivery.rejected.v1")
class DeliveryRejected(EventData):
    """One line of a delivery was refused at receiving inspection (验收不合格)."""

    delivery_id: str
    canteen_id: str
    supplier_id: str
    line_no: int
    item: str
    quantity: str
    unit: str
    reason: str
    reason_codes: tuple[str, ...]


@registry.register("canteen.stock.expiring.v1")
class StockExpiring(EventData):
    """A batch with stock left is at or near its expiry date (临期); told once per batch."""

    canteen_id: str
    item: str
    batch_id: str
    expires_on: str
    quantity_on_hand: str
    unit: str
    expired: bool


class IssuedPart(BaseModel):
    """The part of an issue taken from one batch."""

    model_config = ConfigDict(frozen=True)

    batch_id: str
    quantity: str
    expires_on: str


@registry.register("canteen.stock.issued.v1")
class StockIssued(EventData):
    """Goods left the store room for the kitchen (出库 / 领用), first expiring first."""

    canteen_id: str
    issue_no: str
    item: str
    unit: str
    quantity: str
    parts: tuple[IssuedPart, ...]


@registry.register("canteen.stock.written_off.v1")
class StockWrittenOff(EventData):
    """Goods were taken off the books (报损), with the reason."""

    canteen_id: str
    batch_id: str
    item: str
    unit: str
    quantity: str
    reason: str


@registry.register("canteen.equipment.fault_reported.v1")
class EquipmentFaultReported(EventData):
    """Kitchen equipment is out of order; maintenance opens a work order."""

    fault_id: str
    canteen_id: str
    campus_id: str
    building_id: str
    equipment_tag: str
    description: str
