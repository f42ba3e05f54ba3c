"""The assets service's mutating routes (on the demo's register)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from services.assets.domain.imports import COLUMNS
from tests.unit.changes.table import Row, today


def _day(offset: int) -> str:
    return (today() + timedelta(days=offset)).isoformat()


def _csv() -> bytes:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow([c.title for c in COLUMNS])
    writer.writerow(
        [
            "ZC-CHG-IMP-1",
            "学生椅 chair",
            "6010000",
            "B01",
            "B01-101",
            "D-PHYS",
            180,
            "2022-09-01",
            None,
            None,
        ]
    )
    return text.getvalue().encode("utf-8")


def _asset(tag: str) -> dict:
    return {
        "tag": tag,
        "name": "投影仪 projector",
        "category_code": "2020000",
        "building_id": "B01",
        "room_id": "B01-101",
        "purchase_value": "3200.00",
        "purchase_date": "2023-03-01",
    }


A = "/assets/{asset_id}"
ROWS: tuple[Row, ...] = (
    Row(
        "POST",
        "/assets",
        "asset_manager",
        json=_asset("ZC-CHG-0001"),
        keep={"asset_id": "asset_id"},
    ),
    Row(
        "POST",
        "/assets",
        "asset_manager",
        json=_asset("ZC-CHG-0002"),
        keep={"other_id": "asset_id"},
    ),
    Row(
        "POST",
        "/assets/{asset_id}/move",
        "asset_manager",
        path=f"{A}/move",
        json={"building_id": "B02", "room_id": "B02-101", "reason": "换教室"},
    ),
    Row(
        "POST",
        "/assets/{asset_id}/custody",
        "asset_manager",
        path=f"{A}/custody",
        json={"custodian_id": "u-student-1"},
    ),
    Row(
        "POST",
        "/assets/{asset_id}/custody/acknowledge",
        "requester",
        path=f"{A}/custody/acknowledge",
    ),
    Row(
        "POST",
        "/assets/{asset_id}/damages",
        "asset_manager",
        path=f"{A}/damages",
        json={"description": "镜头划伤", "deliberate": False},
    ),
    Row("POST", "/assets/{asset_id}/repaired", "asset_manager", path=f"{A}/repaired"),
    Row(
        "POST",
        "/loans",
        "asset_manager",
        keep={"loan_id": "loan_id"},
        json={"asset_id": "{other_id}", "borrower_id": "u-student-1", "due_on": _day(7)},
    ),
    Row("POST", "/loans/{loan_id}/acknowledge", "requester"),
    Row("POST", "/loans/{loan_id}/return", "asset_manager", json={"condition": "good"}),
    Row(
        "POST",
        "/loans",
        "asset_manager",
        keep={"loan_id": "loan_id"},
        json={"asset_id": "{other_id}", "borrower_id": "u-student-1", "due_on": _day(7)},
    ),
    Row("POST", "/loans/{loan_id}/cancel", "asset_manager", json={"reason": "不借了"}),
    Row(
        "POST",
        "/reservations",
        "requester",
        keep={"reservation_id": "reservation_id"},
        json={"asset_id": "{other_id}", "starts_on": _day(20), "ends_on": _day(22)},
    ),
    Row("POST", "/reservations/{reservation_id}/cancel", "requester", json={}),
    Row(
        "POST",
        "/reservations",
        "requester",
        keep={"reservation_id": "reservation_id"},
        json={"asset_id": "{other_id}", "starts_on": _day(0), "ends_on": _day(2)},
    ),
    Row("POST", "/reservations/{reservation_id}/collect", "asset_manager"),
    Row(
        "POST",
        "/stocktakes",
        "asset_manager",
        keep={"stocktake_id": "stocktake_id"},
        json={"scope": "building", "scope_id": "B01", "name": "B01 年度盘点"},
    ),
    Row(
        "POST",
        "/stocktakes/{stocktake_id}/scans",
        "asset_manager",
        json={"room_id": "B01-101", "tags": ["ZC-B01-0001"]},
    ),
    Row("POST", "/stocktakes/{stocktake_id}/submit", "asset_manager", json={}),
    Row("POST", "/stocktakes/{stocktake_id}/decision", "logistics_admin", json={"approve": True}),
    Row(
        "POST",
        "/assets/{asset_id}/disposal",
        "asset_manager",
        path=f"{A}/disposal",
        json={"reason": "无法修复"},
    ),
    Row(
        "POST",
        "/assets/{asset_id}/disposal/decision",
        "logistics_admin",
        path=f"{A}/disposal/decision",
        json={"approve": True},
    ),
    Row("POST", "/imports", "asset_manager", files={"file": ("台账.csv", _csv())}),
)
