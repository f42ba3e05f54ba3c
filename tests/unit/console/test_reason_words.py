"""The console words the services' reasons in the person's language: every reason the assets
service gives for a refused cell or file, and every reason the canteen gives for refusing a
person on a roster, is matched by the console's tables (produced here by the services' own
code, so a changed wording fails this test instead of showing English in a zh-CN page)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from services.assets.domain.categories import Thresholds
from services.assets.domain.imports import parse_rows
from services.assets.domain.spreadsheets import Sheet, read_sheet
from services.canteen.domain.roster import Shift, refusals
from services.canteen.domain.staff import HealthCertificate, Position, StaffMember
from services.console.domain.canteen_setup import roster_reason
from services.console.domain.imports import file_reason, reason_of
from shared.errors import DomainError

TODAY = date(2025, 3, 3)
HEADER = ["tag", "name", "category_code", "building_id", "room_id", "department_id",
          "purchase_value", "purchase_date", "useful_life_years", "custodian_id"]  # fmt: skip
GOOD = ["ZC-OK-0001", "椅子", "6010000", "B01", "B01-101", "", "1800.00", "2024-09-01", "", ""]


def marked(message: str) -> str:
    return f"<{message}>"


def cell_reasons() -> list[str]:
    """The reasons parse_rows gives for a sheet of bad cells (one rule broken per row)."""
    bad = [
        {0: ""}, {0: "x"}, {0: "ZC-TAKEN-01"}, {1: "a\nb"}, {2: "12"}, {2: "7010000"},
        {3: "B 01"}, {3: "B09"}, {6: "abc"}, {6: "-5"}, {6: "1e15"}, {6: "1.234"},
        {7: "2024-13-01"}, {7: "1900-01-01"}, {8: "0"}, {0: "ZC-OK-0001"},
        {2: "4010000", 8: ""},
    ]  # fmt: skip
    rows = [(2, list(GOOD))]
    for n, change in enumerate(bad, start=3):
        row = list(GOOD)
        row[0] = f"ZC-BAD-{n:04d}"
        for index, value in change.items():
            row[index] = value
        rows.append((n, row))
    sheet = Sheet("csv", "utf-8", HEADER, rows)
    _, errors = parse_rows(
        sheet, today=TODAY, taken={"ZC-TAKEN-01"}, in_scope=lambda b: b == "B01",
        thresholds=Thresholds(),
    )  # fmt: skip
    headers = Sheet("csv", "utf-8", ["tag", "tag", "colour"], [])
    _, header_errors = parse_rows(
        headers, today=TODAY, taken=set(), in_scope=lambda b: True, thresholds=Thresholds()
    )
    return sorted({e.reason for e in [*errors, *header_errors]})


def test_every_cell_reason_of_the_assets_service_is_worded():
    reasons = cell_reasons()
    assert len(reasons) >= 15, reasons  # the sheet above breaks that many different rules
    unworded = [r for r in reasons if not reason_of(r, marked).startswith("<")]
    assert not unworded, f"add these to services/console/domain/imports.REASONS: {unworded}"


@pytest.mark.parametrize(
    ("content", "name", "encoding"),
    [
        (b"", "a.csv", None),
        (b"PK\x03\x04broken", "a.xlsx", None),
        (b"not a book", "a.xlsx", None),
        (b"old", "a.xls", None),
        ("标签\n".encode("gbk"), "a.csv", "utf-8"),
        (b"\xff\xfe\x00\x00\x81", "a.csv", None),
        (b"tag\nx\x00y\n", "a.csv", None),
        (b"tag\nA\nB\nC\n", "a.csv", None),
    ],
)
def test_every_file_reason_of_the_assets_service_is_worded(content, name, encoding):
    with pytest.raises(DomainError) as refused:
        read_sheet(content, name, 2, encoding)
    assert file_reason(refused.value.reason, marked).startswith("<"), refused.value.reason


def test_every_roster_reason_of_the_canteen_is_worded():
    at = datetime(2025, 3, 3, tzinfo=UTC)

    def member(staff_id: str, cert: HealthCertificate | None, active: bool = True):
        return StaffMember(staff_id, "north", staff_id, Position.COOK, active, cert, at)

    year = HealthCertificate("JK-3", date(2024, 6, 1), date(2025, 5, 31))
    members = {
        "expired": member(
            "expired", HealthCertificate("JK-1", date(2024, 3, 1), TODAY.replace(day=2))
        ),
        "future": member("future", HealthCertificate("JK-2", date(2025, 4, 1), date(2026, 3, 31))),
        "none": member("none", None),
        "gone": member("gone", year, False),
        "sick": member("sick", year),
    }
    staff = (*members, "stranger")
    shift = Shift("early", "早班", datetime(2025, 3, 3, 6, 0).time(), staff)
    found = refusals((shift,), members, canteen_id="north", day=TODAY, failed={"sick"})
    assert len(found) == 6
    for refused in found:
        worded = roster_reason(refused["reason"], marked)
        assert all(part.startswith("<") for part in worded.split("<; >")), refused
