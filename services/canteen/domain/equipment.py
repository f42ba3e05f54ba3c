"""Kitchen equipment faults: the canteen reports, maintenance repairs.

The canteen owns no work orders; a fault is recorded here with the canteen's building and told
to maintenance in `canteen.equipment.fault_reported.v1`, from which it opens one work order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.canteen.domain.canteens import Canteen
from services.canteen.events import EquipmentFaultReported
from shared.aggregate import Aggregate


@dataclass
class Fault(Aggregate):
    """A reported equipment fault."""

    fault_id: str
    canteen_id: str
    campus_id: str | None
    building_id: str
    equipment_tag: str
    description: str
    reported_by: str | None
    reported_at: datetime
    version: int | None = None

    @classmethod
    def report(
        cls,
        fault_id: str,
        *,
        canteen: Canteen,
        equipment_tag: str,
        description: str,
        at: datetime,
        by: str | None,
    ) -> Fault:
        """A fault in `canteen`'s kitchen; records the event maintenance acts on."""
        fault = cls(
            fault_id=fault_id,
            canteen_id=canteen.canteen_id,
            campus_id=canteen.campus_id,
            building_id=canteen.building_id,
            equipment_tag=equipment_tag,
            description=description,
            reported_by=by,
            reported_at=at,
        )
        fault.record(
            EquipmentFaultReported(
                fault_id=fault_id,
                canteen_id=fault.canteen_id,
                campus_id=canteen.campus_id,
                building_id=fault.building_id,
                equipment_tag=equipment_tag,
                description=description,
            )
        )
        return fault
