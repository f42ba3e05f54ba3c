"""Events the canteen service publishes: its public contract, each with a realistic example.

One registry (`base.py`); the types by area: canteens, suppliers, receiving and stock
(`receiving.py`), food samples (`samples.py`), staff, rosters, morning checks and licences
(`staff.py`), hygiene inspections (`inspections.py`), temperature logs (`temperatures.py`), the
stock count and records retention (`counts.py`), dishes, menus, portions and waste (`menus.py`),
recalls (`recalls.py`), diner feedback and the satisfaction index (`feedback.py`). Importing the
package registers every type.
"""

from __future__ import annotations

from services.canteen.events.base import registry
from services.canteen.events.counts import (
    DeliveryPurged,
    DiscrepancyData,
    StockCounted,
    StockCountOverdue,
)
from services.canteen.events.feedback import (
    ComplaintAnswered,
    FeedbackReceived,
    SatisfactionComputed,
)
from services.canteen.events.inspections import (
    ChecklistItemData,
    ChecklistUpdated,
    InspectionCorrected,
    InspectionFailed,
    InspectionRecorded,
)
from services.canteen.events.menus import (
    DishPriceChanged,
    DishUpdated,
    IngredientData,
    MenuEntryData,
    MenuPublished,
    MenuSaved,
    PortionData,
    PortionsRecorded,
    PriceCapChanged,
    WasteRecorded,
)
from services.canteen.events.recalls import (
    BatchRecalled,
    RecalledBatchData,
    RecalledMealData,
)
from services.canteen.events.receiving import (
    CanteenUpdated,
    DeliveryReceived,
    DeliveryRejected,
    EquipmentFaultReported,
    IssuedPart,
    ReceivedLine,
    StockExpiring,
    StockIssued,
    StockWrittenOff,
    SupplierDocumentData,
    SupplierUpdated,
)
from services.canteen.events.samples import (
    DishData,
    MealClosed,
    MealUpdated,
    SampleDiscarded,
    SampleRecorded,
    SampleViolation,
)
from services.canteen.events.staff import (
    CertificateData,
    LicenceExpired,
    LicenceExpiring,
    MorningCheckFailed,
    MorningCheckMissing,
    MorningCheckPassed,
    PersonData,
    RosterUpdated,
    ShiftData,
    StaffHealthRead,
    StaffUpdated,
)
from services.canteen.events.temperatures import (
    DeviceUpdated,
    ReadingData,
    TemperatureMissing,
    TemperatureOutOfRange,
    TemperatureRecorded,
)

__all__ = [
    "BatchRecalled",
    "CanteenUpdated",
    "CertificateData",
    "ChecklistItemData",
    "ChecklistUpdated",
    "ComplaintAnswered",
    "DeliveryPurged",
    "DeliveryReceived",
    "DeliveryRejected",
    "DeviceUpdated",
    "DiscrepancyData",
    "DishData",
    "DishPriceChanged",
    "DishUpdated",
    "EquipmentFaultReported",
    "FeedbackReceived",
    "IngredientData",
    "InspectionCorrected",
    "InspectionFailed",
    "InspectionRecorded",
    "IssuedPart",
    "LicenceExpired",
    "LicenceExpiring",
    "MealClosed",
    "MealUpdated",
    "MenuEntryData",
    "MenuPublished",
    "MenuSaved",
    "MorningCheckFailed",
    "MorningCheckMissing",
    "MorningCheckPassed",
    "PersonData",
    "PortionData",
    "PortionsRecorded",
    "PriceCapChanged",
    "ReadingData",
    "RecalledBatchData",
    "RecalledMealData",
    "ReceivedLine",
    "RosterUpdated",
    "SampleDiscarded",
    "SampleRecorded",
    "SampleViolation",
    "SatisfactionComputed",
    "ShiftData",
    "StaffHealthRead",
    "StaffUpdated",
    "StockCountOverdue",
    "StockCounted",
    "StockExpiring",
    "StockIssued",
    "StockWrittenOff",
    "SupplierDocumentData",
    "SupplierUpdated",
    "TemperatureMissing",
    "TemperatureOutOfRange",
    "TemperatureRecorded",
    "WasteRecorded",
    "registry",
]
