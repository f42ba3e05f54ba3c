"""Equipment faults in the store."""

from __future__ import annotations

from services.canteen.domain.equipment import Fault
from services.canteen.repository import FAULTS
from shared.clock import iso, parse_iso
from shared.store import Doc, DocumentStore, find_all
from shared.uow import UnitOfWork


def to_doc(fault: Fault) -> Doc:
    """The stored form of a fault."""
    return {
        "_id": fault.fault_id,
        "canteen_id": fault.canteen_id,
        "campus_id": fault.campus_id,
        "building_id": fault.building_id,
        "equipment_tag": fault.equipment_tag,
        "description": fault.description,
        "reported_by": fault.reported_by,
        "reported_at": iso(fault.reported_at),
    }


def from_doc(doc: Doc) -> Fault:
    """Inverse of `to_doc`; faults stored before `campus_id` was kept have None."""
    return Fault(
        fault_id=doc["_id"],
        canteen_id=doc["canteen_id"],
        campus_id=doc.get("campus_id"),
        building_id=doc["building_id"],
        equipment_tag=doc["equipment_tag"],
        description=doc["description"],
        reported_by=doc["reported_by"],
        reported_at=parse_iso(doc["reported_at"]),
        version=doc["_v"],
    )


def stage(uow: UnitOfWork, fault: Fault) -> None:
    """Stage the fault and the event maintenance acts on."""
    uow.insert(FAULTS, to_doc(fault))
    uow.collect(fault, subject=fault.fault_id)


async def of_canteen(store: DocumentStore, canteen_id: str) -> list[Fault]:
    """Faults reported in one canteen, newest first."""
    docs = await find_all(store, FAULTS, {"canteen_id": canteen_id}, [("reported_at", -1)])
    return [from_doc(d) for d in docs]
