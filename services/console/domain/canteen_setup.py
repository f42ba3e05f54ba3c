"""A canteen's reference data as its manager keeps it in the console: food handlers and their
health certificates, a day's roster, temperature devices, checklist templates.

The canteen service decides and publishes every change; these arrange its answers for the
pages (who is barred on a day and why, which certificate expires soon) and turn the pages'
rows of fields into the service's bodies, naming the field a person must correct.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from services.console.domain.canteen import BARRIER
from services.console.domain.vocabulary import N_

POSITION = {
    "cook": N_("Cook"),
    "helper": N_("Kitchen helper"),
    "pastry": N_("Pastry cook"),
    "server": N_("Server"),
    "storekeeper": N_("Store keeper"),
    "cleaner": N_("Cleaner"),
    "other": N_("Other work"),
}
#: Why a person may not handle food on a day: the canteen's barriers, and a failed check.
BARRED = {**BARRIER, "morning_check_failed": N_("Failed the morning check that day")}
#: At most this many shifts a day (the canteen's own limit).
MAX_SHIFTS = 20
_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")


def short_id(prefix: str, text: str) -> str:
    """An id from a name (a new shift, a new checklist item): the same name, the same id."""
    return f"{prefix}-" + hashlib.sha1(text.strip().encode("utf-8")).hexdigest()[:10]


def certificates(licences: list[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    """The canteen's health certificates by food handler (its licences list: stage and days
    left as the canteen judges them, with its configured warning days)."""
    return {
        lic["holder_id"]: lic
        for lic in licences
        if lic.get("holder_kind") == "staff" and lic.get("document_kind") == "health_certificate"
    }


def barred_on(member: Mapping[str, Any], day: date, today: date) -> list[str]:
    """Why a food handler may not handle food on `day` (barrier codes of the canteen). Today's
    are the canteen's own answer; another day's follow from the certificate's dates, as the
    canteen checks them again when the roster is saved."""
    if day == today:
        return list(member.get("reason_codes") or ())
    codes = [] if member.get("active", True) else ["inactive"]
    cert = member.get("certificate")
    if cert is None:
        codes.append("no_certificate")
    elif day > date.fromisoformat(cert["expires_on"]):
        codes.append("certificate_expired")
    elif day < date.fromisoformat(cert["issued_on"]):
        codes.append("certificate_not_yet_valid")
    return codes


def barred_people(
    staff: list[Mapping[str, Any]], checks: list[Mapping[str, Any]], *, day: date, today: date
) -> dict[str, list[str]]:
    """Who may not handle food on `day` and why (barrier codes, `morning_check_failed`), so the
    roster form marks them before the canteen refuses them."""
    failed = {c["staff_id"] for c in checks if not c.get("passed", True)}
    found = {}
    for member in staff:
        codes = barred_on(member, day, today)
        if member["staff_id"] in failed:
            codes.append("morning_check_failed")
        if codes:
            found[member["staff_id"]] = codes
    return found


@dataclass(frozen=True)
class OnShift:
    """A person on a shift of the day, and what keeps them off food handling."""

    staff_id: str
    name: str
    barriers: list[str]
    failed_check: Mapping[str, Any] | None

    @property
    def barred(self) -> bool:
        """May not handle food that day."""
        return bool(self.barriers) or self.failed_check is not None


def roster_view(
    roster: Mapping[str, Any] | None,
    staff: list[Mapping[str, Any]],
    checks: list[Mapping[str, Any]],
    *,
    day: date,
    today: date,
) -> list[dict[str, Any]]:
    """Each shift of the day with the people on it: a failed morning check (the day's) or a
    barrier with its reason."""
    by_id = {s["staff_id"]: s for s in staff}
    failed = {c["staff_id"]: c for c in checks if not c.get("passed", True)}
    shifts = []
    for shift in (roster or {}).get("shifts", ()):
        people = []
        for staff_id in shift["staff_ids"]:
            member = by_id.get(staff_id)
            barriers = barred_on(member, day, today) if member else ["unknown"]
            name = member["name"] if member else staff_id
            people.append(OnShift(staff_id, name, barriers, failed.get(staff_id)))
        shifts.append({**shift, "people": people})
    return shifts


@dataclass
class Rows:
    """What a form of rows (shifts, checklist items) held, what it makes, what is wrong."""

    rows: list[dict[str, Any]]
    body: list[dict[str, Any]] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)


def shifts_from(form: Any, staff_ids: set[str]) -> Rows:
    """The roster form's shifts (`shift-<i>-name`, `-starts_at`, `-id`, `-staff` repeated); a
    row without a name is dropped unless it has people or a time."""
    found = Rows(rows=[])
    names: set[str] = set()
    for i in range(MAX_SHIFTS):
        name = str(form.get(f"shift-{i}-name", "")).strip()
        start = str(form.get(f"shift-{i}-starts_at", "")).strip()[:5]
        kept = str(form.get(f"shift-{i}-id", "")).strip()
        people = [p for p in form.getlist(f"shift-{i}-staff") if isinstance(p, str)]
        row = {"index": i, "shift_id": kept, "name": name, "starts_at": start, "staff": people}
        if not name and not people and not start:
            continue
        found.rows.append(row)
        if not name or len(name) > 50 or name in names:
            found.errors[f"shift-{i}-name"] = (
                N_("Each shift needs its own name.") if name else N_("Name the shift.")
            )
        if not _TIME.match(start):
            found.errors[f"shift-{i}-starts_at"] = N_("When it starts, HH:MM.")
        unknown = [p for p in people if p not in staff_ids]
        if unknown:
            found.errors[f"shift-{i}-staff"] = N_("Choose food handlers of this canteen.")
        names.add(name)
        shift_id = kept if CODE.match(kept) else short_id("s", name)
        body = {"shift_id": shift_id, "name": name, "starts_at": start, "staff_ids": people}
        found.body.append(body)
    return found


def roster_rows(roster: Mapping[str, Any] | None, blank: int = 2) -> list[dict[str, Any]]:
    """The roster form's rows: each shift, then `blank` empty rows to add one."""
    rows = [
        {
            "index": i,
            "shift_id": s["shift_id"],
            "name": s["name"],
            "starts_at": s["starts_at"],
            "staff": list(s["staff_ids"]),
        }
        for i, s in enumerate((roster or {}).get("shifts", ()))
    ]
    return with_blank_shifts(rows, blank)


def with_blank_shifts(rows: list[dict[str, Any]], blank: int) -> list[dict[str, Any]]:
    """The rows and `blank` empty ones after them (to add a shift)."""
    start = max((r["index"] for r in rows), default=-1) + 1
    return rows + [
        {"index": start + k, "shift_id": "", "name": "", "starts_at": "", "staff": []}
        for k in range(min(blank, MAX_SHIFTS - start))
    ]


#: The canteen's reasons for refusing a person on the roster, and their message ids.
ROSTER_REASONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), message)
    for pattern, message in (
        (
            r"^health certificate (?P<number>.+) expired on (?P<day>[\d-]+)$",
            N_("health certificate %(number)s expired on %(day)s"),
        ),
        (
            r"^health certificate (?P<number>.+) is valid from (?P<day>[\d-]+)$",
            N_("health certificate %(number)s is valid only from %(day)s"),
        ),
        (r"^no health certificate on file$", N_("no health certificate on file")),
        (r"^no longer active in this canteen$", N_("no longer active in this canteen")),
        (r"^failed the morning check that day$", N_("failed the morning check that day")),
        (r"^not a food handler of ", N_("not a food handler of this canteen")),
    )
)


def roster_reason(reason: str, translate: Callable[[str], str]) -> str:
    """Why the canteen refused a person on the roster, in the person's language (each part of
    a reason joined with "; ", an unknown part as the canteen wrote it)."""
    parts = []
    for part in reason.split("; "):
        for pattern, message in ROSTER_REASONS:
            found = pattern.match(part)
            if found:
                parts.append(translate(message) % found.groupdict())
                break
        else:
            parts.append(part)
    return translate(N_("; ")).join(parts)
