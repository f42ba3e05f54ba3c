"""The morning health check (晨检) of each food handler before their shift.

Each working day each person on shift is checked for fever (a temperature of 37.3 ℃ or more is
the usual threshold — practice, unverified), hand wounds, diarrhoea, vomiting, and skin or
throat infection. A failed check keeps the person off food handling that day: the roster
refuses them and the event says whether they were on shift (then it is critical). A person who
may not handle food at all (an expired health certificate: 食品安全法 第45条) is refused the
check itself, with the reason. One check per person per day: a re-check cannot undo a failure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from services.canteen.domain.roster import Roster
from services.canteen.domain.staff import StaffMember, clearance
from services.canteen.events import MorningCheckFailed, MorningCheckPassed
from shared.aggregate import Aggregate
from shared.errors import Invalid

#: At or above this body temperature a person has a fever (practice; threshold unverified).
FEVER_CELSIUS = Decimal("37.3")


class Symptom(StrEnum):
    """What the morning check looks for."""

    FEVER = "fever"  # 发热
    HAND_WOUND = "hand_wound"  # 手部外伤
    DIARRHOEA = "diarrhoea"  # 腹泻
    VOMITING = "vomiting"  # 呕吐
    SKIN_INFECTION = "skin_infection"  # 皮肤化脓性感染
    THROAT_INFECTION = "throat_infection"  # 咽喉炎


_TEXT = {
    Symptom.HAND_WOUND: "hand wound",
    Symptom.DIARRHOEA: "diarrhoea",
    Symptom.VOMITING: "vomiting",
    Symptom.SKIN_INFECTION: "skin infection",
    Symptom.THROAT_INFECTION: "throat infection",
}


def findings(
    temperature: Decimal, symptoms: frozenset[Symptom], *, fever_at: Decimal = FEVER_CELSIUS
) -> tuple[tuple[Symptom, ...], tuple[str, ...]]:
    """The symptoms found and their reasons; both empty when the person passes."""
    found: list[Symptom] = []
    reasons: list[str] = []
    if temperature >= fever_at:
        found.append(Symptom.FEVER)
        reasons.append(f"temperature {temperature} ℃ ≥ {fever_at} ℃")
    elif Symptom.FEVER in symptoms:
        found.append(Symptom.FEVER)
        reasons.append("reports a fever")
    for symptom in Symptom:
        if symptom is not Symptom.FEVER and symptom in symptoms:
            found.append(symptom)
            reasons.append(_TEXT[symptom])
    return tuple(found), tuple(reasons)


@dataclass
class MorningCheck(Aggregate):
    """One person's morning check on one day."""

    canteen_id: str
    staff_id: str
    staff_name: str
    day: date
    temperature_c: Decimal
    symptoms: tuple[Symptom, ...]
    reasons: tuple[str, ...]
    note: str | None
    checked_by: str
    checked_at: datetime
    version: int | None = None

    @property
    def passed(self) -> bool:
        """True when nothing was found: the person may handle food today."""
        return not self.symptoms

    @classmethod
    def take(
        cls,
        member: StaffMember,
        *,
        day: date,
        temperature_c: Decimal,
        symptoms: frozenset[Symptom],
        note: str | None,
        roster: Roster | None,
        fever_at: Decimal,
        at: datetime,
        by: str,
    ) -> MorningCheck:
        """Check a person; refused (with the reason) if they may not handle food at all."""
        barred = clearance(member, day)
        if barred:
            raise Invalid(
                f"{member.name} may not handle food: {'; '.join(barred)}",
                field="staff_id",
                reasons=barred,
            )
        found, reasons = findings(temperature_c, symptoms, fever_at=fever_at)
        check = cls(
            member.canteen_id,
            member.staff_id,
            member.name,
            day,
            temperature_c,
            found,
            reasons,
            note,
            by,
            at,
        )
        if check.passed:
            check.record(
                MorningCheckPassed(
                    canteen_id=check.canteen_id,
                    day=day.isoformat(),
                    staff_id=member.staff_id,
                    staff_name=member.name,
                    temperature_c=str(temperature_c),
                    checked_by=by,
                )
            )
            return check
        shifts = roster.shifts_of(member.staff_id) if roster is not None else ()
        check.record(
            MorningCheckFailed(
                canteen_id=check.canteen_id,
                day=day.isoformat(),
                staff_id=member.staff_id,
                staff_name=member.name,
                temperature_c=str(temperature_c),
                fever_threshold_c=str(fever_at),
                symptoms=tuple(s.value for s in found),
                reasons=reasons,
                on_shift=bool(shifts),
                shifts=tuple(s.name for s in shifts),
                checked_by=by,
            )
        )
        return check


def check_id_of(staff_id: str, day: date) -> str:
    """One check per person per day: its stored id."""
    return f"{staff_id}|{day.isoformat()}"
