"""Food handlers (从业人员) of a canteen and their health certificates (健康证).

People who handle ready-to-eat food have a health check every year and work only with a valid
health certificate (食品安全法 2021 第45条): a certificate runs at most a year from its issue,
and on the day after its last valid day its holder may not handle food — the day's roster and
morning check refuse them, naming the reason (`clearance`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from services.canteen.events import CertificateData, StaffUpdated
from shared.aggregate import Aggregate
from shared.errors import Invalid

#: A health certificate is yearly (食品安全法 第45条): at most a year and a day from its issue.
CERTIFICATE_MAX_DAYS = 366
#: The fields a PUT sets; a change to any of them is told in `canteen.staff.updated.v1`.
EDITABLE = ("canteen_id", "name", "position", "active", "certificate")


class Position(StrEnum):
    """What a food handler does in the canteen."""

    COOK = "cook"  # 厨师
    HELPER = "helper"  # 帮厨
    PASTRY = "pastry"  # 面点
    SERVER = "server"  # 打菜 / 售饭
    STOREKEEPER = "storekeeper"  # 库管
    CLEANER = "cleaner"  # 保洁 / 洗消
    OTHER = "other"


@dataclass(frozen=True)
class HealthCertificate:
    """A health certificate: valid from its issue through `expires_on`."""

    number: str
    issued_on: date
    expires_on: date

    def valid_on(self, day: date) -> bool:
        """True when the certificate covers `day` (it is valid through its last day)."""
        return self.issued_on <= day <= self.expires_on


def certificate_problems(cert: HealthCertificate, *, today: date) -> list[str]:
    """Why a certificate as entered cannot be right (refused as input, not a finding)."""
    problems: list[str] = []
    if cert.expires_on <= cert.issued_on:
        problems.append("expires_on must be after issued_on")
    elif (cert.expires_on - cert.issued_on).days > CERTIFICATE_MAX_DAYS:
        problems.append("a health certificate is yearly: expires_on at most a year after issue")
    if cert.issued_on > today:
        problems.append("issued_on is after today")
    return problems


@dataclass
class StaffMember(Aggregate):
    """A food handler registered with one canteen."""

    staff_id: str
    canteen_id: str
    name: str
    position: Position
    active: bool
    certificate: HealthCertificate | None
    updated_at: datetime
    version: int | None = None

    @property
    def new(self) -> bool:
        """True when it was not read from the store: this use case creates it."""
        return self.version is None

    @classmethod
    def register(
        cls,
        staff_id: str,
        *,
        canteen_id: str,
        name: str,
        position: Position,
        active: bool,
        certificate: HealthCertificate | None,
        today: date,
        at: datetime,
    ) -> StaffMember:
        """A new food handler; records `canteen.staff.updated.v1` with `created`."""
        _valid_input(certificate, today)
        member = cls(staff_id, canteen_id, name, position, active, certificate, at)
        member._told(EDITABLE, created=True)
        return member

    def revise(
        self,
        *,
        canteen_id: str,
        name: str,
        position: Position,
        active: bool,
        certificate: HealthCertificate | None,
        today: date,
        at: datetime,
    ) -> bool:
        """Replace the record; records what changed, nothing (and False) if nothing did."""
        if certificate != self.certificate:
            _valid_input(certificate, today)
        values = {
            "canteen_id": canteen_id,
            "name": name,
            "position": position,
            "active": active,
            "certificate": certificate,
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
        cert = self.certificate
        self.record(
            StaffUpdated(
                staff_id=self.staff_id,
                canteen_id=self.canteen_id,
                name=self.name,
                position=self.position.value,
                active=self.active,
                certificate=CertificateData(
                    number=cert.number,
                    issued_on=cert.issued_on.isoformat(),
                    expires_on=cert.expires_on.isoformat(),
                )
                if cert
                else None,
                created=created,
                changed=changed,
            )
        )


def _valid_input(cert: HealthCertificate | None, today: date) -> None:
    if cert is None:
        return
    problems = certificate_problems(cert, today=today)
    if problems:
        raise Invalid("; ".join(problems), field="certificate", problems=problems)


def barriers(member: StaffMember, day: date) -> list[tuple[str, str]]:
    """Why `member` may not handle food on `day` (before any morning check): (code, reason).

    No valid health certificate, no food handling (食品安全法 第45条).
    """
    found: list[tuple[str, str]] = []
    if not member.active:
        found.append(("inactive", "no longer active in this canteen"))
    cert = member.certificate
    if cert is None:
        found.append(("no_certificate", "no health certificate on file"))
    elif day > cert.expires_on:
        found.append(
            (
                "certificate_expired",
                f"health certificate {cert.number} expired on {cert.expires_on}",
            )
        )
    elif day < cert.issued_on:
        found.append(
            (
                "certificate_not_yet_valid",
                f"health certificate {cert.number} is valid from {cert.issued_on}",
            )
        )
    return found


def clearance(member: StaffMember, day: date) -> list[str]:
    """The reasons of `barriers`: empty when the person may handle food that day."""
    return [reason for _, reason in barriers(member, day)]
