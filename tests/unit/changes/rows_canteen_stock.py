"""The canteen's mutating routes of reference data, staff, receiving and stock (on the demo's
north canteen and its suppliers)."""

from __future__ import annotations

from datetime import timedelta

from tests.unit.changes.table import Row, today

BASE = "/canteens/north"


def _day(offset: int) -> str:
    return (today() + timedelta(days=offset)).isoformat()


def _delivery(state: dict) -> dict:
    return {
        "supplier_id": "sup-lvyuan",
        "delivery_note_no": "LY-CHANGES-0001",
        "lines": [
            {
                "line_no": 1,
                "item": "大米 rice",
                "category": "grain",
                "quantity": "100",
                "unit": "kg",
                "producer": "五常米业",
                "production_date": _day(-10),
                "shelf_life_days": 365,
                "quality_certificate": "WC-2025-01",
            },
            # Three days' life from today: the expiry scan warns of it.
            {
                "line_no": 2,
                "item": "豆腐 tofu",
                "category": "other",
                "quantity": "5",
                "unit": "kg",
                "producer": "本地豆制品厂",
                "production_date": _day(0),
                "shelf_life_days": 3,
                "quality_certificate": "DF-01",
            },
        ],
    }


ROWS: tuple[Row, ...] = (
    Row(
        "PUT",
        "/canteens/{canteen_id}",
        "logistics_admin",
        path="/canteens/east",
        json={"name": "东区食堂", "campus_id": "main", "building_id": "B02"},
    ),
    Row(
        "PUT",
        "/suppliers/{supplier_id}",
        "canteen_manager",
        path="/suppliers/sup-changes",
        json={
            "name": "面粉厂",
            "documents": [
                {"kind": "business_licence", "number": "91370100MA3C5LY09Z"},
                {
                    "kind": "food_production_licence",
                    "number": "SC10137010000999",
                    "expires_on": "2030-01-01",
                },
            ],
        },
    ),
    Row(
        "PUT",
        "/canteens/{canteen_id}/staff/{staff_id}",
        "canteen_manager",
        path=f"{BASE}/staff/st-chen",
        json={
            "name": "陈师傅",
            "position": "cook",
            "certificate": {"number": "JK-0099", "issued_on": _day(-30), "expires_on": _day(300)},
        },
    ),
    Row(
        "PUT",
        "/canteens/{canteen_id}/rosters/{day}",
        "canteen_manager",
        path=f"{BASE}/rosters/{{today}}",
        json={
            "shifts": [
                {
                    "shift_id": "early",
                    "name": "早班",
                    "starts_at": "05:30",
                    "staff_ids": ["st-chen"],
                }
            ]
        },
    ),
    Row(
        "POST",
        "/canteens/{canteen_id}/morning-checks",
        "canteen_staff",
        path=f"{BASE}/morning-checks",
        json={"staff_id": "st-chen", "temperature_c": "36.6"},
    ),
    Row(
        "POST",
        "/canteens/{canteen_id}/deliveries",
        "canteen_staff",
        path=f"{BASE}/deliveries",
        json=_delivery,
        keep={
            "delivery_id": "delivery_id",
            "batch_id": "lines.0.batch_id",
            "tofu_batch": "lines.1.batch_id",
        },
    ),
    Row(
        "POST",
        "/canteens/{canteen_id}/issues",
        "canteen_staff",
        path=f"{BASE}/issues",
        json={"issue_no": "REQ-CHANGES-1", "item": "大米 rice", "unit": "kg", "quantity": "10"},
    ),
    Row(
        "POST",
        "/canteens/{canteen_id}/batches/{batch_id}/write-offs",
        "canteen_manager",
        path=f"{BASE}/batches/{{batch_id}}/write-offs",
        json={"quantity": "1", "reason": "受潮 damp"},
    ),
    Row(
        "POST",
        "/canteens/{canteen_id}/stock-counts",
        "canteen_manager",
        path=f"{BASE}/stock-counts",
        json={
            "lines": [
                {"batch_id": "{batch_id}", "counted": "88", "reason": "撒漏"},
                {"batch_id": "{tofu_batch}", "counted": "5"},
            ]
        },
    ),
    Row(
        "POST", "/canteens/{canteen_id}/expiry-scan", "canteen_manager", path=f"{BASE}/expiry-scan"
    ),
    Row(
        "POST",
        "/canteens/{canteen_id}/equipment-faults",
        "canteen_staff",
        path=f"{BASE}/equipment-faults",
        json={"equipment_tag": "B03-K-OVEN-01", "description": "烤箱不加热"},
    ),
)
