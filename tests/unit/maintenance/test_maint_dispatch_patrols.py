"""Dispatch routing, patrol runs and device flagging, without I/O."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from services.maintenance.domain.dispatch import (
    Rule,
    Team,
    Warranty,
    active_warranty,
    least_loaded,
    matching_rule,
)
from services.maintenance.domain.patrols import (
    Checkpoint,
    CheckResult,
    Device,
    Route,
    evaluate_run,
    record_incident,
)
from services.maintenance.domain.vocabulary import Category
from shared.errors import Conflict, Invalid

RULES = [
    Rule("r1", "main", Category.PLUMBING, None, team_id="water"),
    Rule("r2", "main", Category.PLUMBING, "B01", technician_id="wang"),
    Rule("r3", "east", Category.PLUMBING, None, technician_id="li"),
]


def test_building_rule_beats_campus_rule():
    assert (
        matching_rule(RULES, campus_id="main", building_id="B01", category=Category.PLUMBING).id
        == "r2"
    )
    assert (
        matching_rule(RULES, campus_id="main", building_id="B07", category=Category.PLUMBING).id
        == "r1"
    )
    assert (
        matching_rule(RULES, campus_id="main", building_id="B01", category=Category.HEATING) is None
    )
    with pytest.raises(ValueError):
        Rule("bad", "main", Category.CIVIL)


def test_least_loaded_member_gets_the_order():
    team = Team("water", "main", "水工班", ("a", "b", "c"))
    assert least_loaded(team, {"a": 3, "b": 1, "c": 1}) == "b"
    with pytest.raises(Conflict):
        least_loaded(Team("empty", "main", "x", ()), {})


def test_warranty_covers_until_its_date_asset_first():
    building = Warranty("w1", "acme", "main", date(2026, 6, 30), building_id="B09")
    asset = Warranty("w2", "lift-co", "main", date(2027, 1, 1), asset_tag="LIFT-1")
    trades = Warranty(
        "w3", "acme", "main", date(2027, 1, 1), building_id="B10", categories=(Category.PLUMBING,)
    )
    all_w = [building, asset, trades]
    on = date(2026, 6, 30)
    assert (
        active_warranty(all_w, building_id="B09", asset_tag=None, category=Category.CIVIL, on=on)
        is building
    )
    assert (
        active_warranty(
            all_w, building_id="B09", asset_tag="LIFT-1", category=Category.CIVIL, on=on
        )
        is asset
    )
    assert (
        active_warranty(
            all_w, building_id="B09", asset_tag=None, category=Category.CIVIL, on=date(2026, 7, 1)
        )
        is None
    )
    assert (
        active_warranty(all_w, building_id="B10", asset_tag=None, category=Category.HEATING, on=on)
        is None
    )


ROUTE = Route(
    "lights",
    "路灯巡查",
    "main",
    (
        Checkpoint("c1", "北门路灯", "B01", "B01", Category.ELECTRICAL, ("lamp", "pole")),
        Checkpoint(
            "c2", "1号楼烟感", "B01-101", "B01", Category.ELECTRICAL, (), device_tag="SMK-1"
        ),
    ),
)


def test_run_needs_every_checkpoint_once_and_a_finding_for_failures():
    failures = evaluate_run(
        ROUTE,
        [
            CheckResult("c1", False, failed_items=("lamp",)),
            CheckResult("c2", True),
        ],
    )
    assert [(f.checkpoint.id, f.finding) for f in failures] == [("c1", "failed: lamp")]
    with pytest.raises(Invalid):
        evaluate_run(ROUTE, [CheckResult("c1", True)])  # c2 missing
    with pytest.raises(Invalid):
        evaluate_run(ROUTE, [CheckResult("c1", True), CheckResult("c1", True)])
    with pytest.raises(Invalid):
        evaluate_run(ROUTE, [CheckResult("c1", False), CheckResult("c2", True)])  # no finding
    with pytest.raises(Invalid):
        evaluate_run(
            ROUTE, [CheckResult("c1", True, failed_items=("lamp",)), CheckResult("c2", True)]
        )
    with pytest.raises(Invalid):
        evaluate_run(ROUTE, [CheckResult("c9", True), CheckResult("c2", True)])


def test_three_false_alarms_in_thirty_days_flag_once_per_window():
    d = Device("SMK-1", "B01")
    t0 = datetime(2026, 3, 1, tzinfo=UTC)
    opts = {"threshold": 3, "window_days": 30}
    assert record_incident(d, "false_alarm", at=t0, **opts) is None
    assert record_incident(d, "false_alarm", at=t0 + timedelta(days=10), **opts) is None
    # A failure is another kind: it does not count towards false alarms.
    assert record_incident(d, "failure", at=t0 + timedelta(days=11), **opts) is None
    flag = record_incident(d, "false_alarm", at=t0 + timedelta(days=20), **opts)
    assert flag is not None and flag.count == 3 and flag.reason == "3 false alarms in 30 days"
    # A fourth alarm in the same window does not flag again.
    assert record_incident(d, "false_alarm", at=t0 + timedelta(days=21), **opts) is None
    assert record_incident(d, "false_alarm", at=t0 + timedelta(days=22), **opts) is None
    # A fresh run of three after the flag flags again.
    again = record_incident(d, "false_alarm", at=t0 + timedelta(days=23), **opts)
    assert again is not None
    # Spread-out alarms never reach three inside a window.
    slow = Device("SMK-2", "B01")
    for k in range(6):
        assert record_incident(slow, "false_alarm", at=t0 + timedelta(days=16 * k), **opts) is None
    assert len(slow.incidents) <= 2
