"""A damage report: what broke, when, who answers for it, and the compensation fixed then."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from services.assets.domain.valuation import Compensation


@dataclass(frozen=True)
class Damage:
    """One damage to one asset (written once, never changed; the asset records the event)."""

    id: str
    asset_id: str
    tag: str
    building_id: str
    room_id: str | None
    description: str
    deliberate: bool
    responsible_person_id: str | None
    occurred_on: date
    owed: Compensation
    reported_at: datetime
    reported_by: str | None
