"""Every template file speaks of what its publisher really sends: rendered, in both languages,
for the catalogue's example and for the least and the most the publisher's schema allows."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from services.notifications.domain.alerts import ALERTS
from services.notifications.domain.templates import LANGS, render
from services.notifications.handlers.fanout import Occurrence, template_values
from services.notifications.handlers.preview import _placeholders
from tests.unit.notifications.test_notifications_contract import (
    EXAMPLES,
    published_schema,
    sample,
)

FOLDER = Path(__file__).resolve().parents[3] / "services" / "notifications" / "templates"
CAMPUS = ZoneInfo("Asia/Shanghai")  # instants are shown in campus time
FILES = {p.name[: -len(".j2")]: p.read_text("utf-8") for p in FOLDER.glob("*.j2")}


def names_of(event_type: str) -> list[str]:
    """The template files of a type: `<type>.<lang>` and `<type>.<channel>.<lang>`."""
    return sorted(n for n in FILES if n.startswith(event_type + "."))


def rendered(event_type: str, name: str, raw: dict[str, Any]) -> tuple[str, str]:
    """Title and body of the template `name` for an event's data, as a fan-out renders it."""
    model = ALERTS[event_type].model
    data = {**model.model_validate(raw).model_dump(mode="json"), **raw}
    o = Occurrence("e-1", event_type, "c-1", None, datetime(2025, 3, 3, tzinfo=UTC), raw, "x", "")
    lang = name.rsplit(".", 1)[1] if name.endswith(".en") else "zh-CN"
    r = render(FILES[name], template_values(o, data, CAMPUS, lang, "alert"))
    return r.title, r.body


def test_every_consumed_type_has_a_template_in_each_language_and_no_file_is_stray():
    for event_type in ALERTS:
        for lang in LANGS:
            assert f"{event_type}.{lang}" in FILES, f"{event_type} lacks its {lang} template"
    consumed = {n for t in ALERTS for n in names_of(t)}
    assert set(FILES) - consumed == {"email.html"}


@pytest.mark.parametrize("event_type", list(ALERTS))
def test_each_template_renders_what_the_publisher_may_send(event_type):
    schema = published_schema(event_type)
    for name in names_of(event_type):
        for raw in (EXAMPLES[event_type], sample(schema, full=False), sample(schema, full=True)):
            title, _ = rendered(event_type, name, raw)
            assert title.strip(), name


# What a reader must see, from the publishers' own examples.
SHOWN = {
    "canteen.sample.violation.v1": ("土豆丝 shredded potato", "110", "125", "午餐"),
    "canteen.morning_check.failed.v1": ("李阿姨 Li", "37.8", "发热", "手部外伤", "早班 early"),
    "canteen.morning_check.missing.v1": ("早班 early", "05:30", "李阿姨 Li", "1 人"),
    "canteen.licence.expiring.v1": ("王师傅 Wang", "健康证明", "2026-01-09", "30 天", "不得上岗"),
    "canteen.licence.expired.v1": ("老张冻品", "食品经营许可证", "2025-02-19", "不得供货"),
    "canteen.inspection.failed.v1": (
        "冰箱门封完好",
        "2号冰箱门封破损",
        "2025-03-04",
        "B03-K-FRIDGE-01",
    ),
    "canteen.temperature.out_of_range.v1": ("2号冷藏柜 fridge 2", "11.0℃", "0～8℃", "14:00"),
    "canteen.temperature.missing.v1": ("1号冷冻柜 freezer 1", "240 分钟", "2025-03-03 08:00"),
    "canteen.stock.count_overdue.v1": (
        "北区食堂 North Canteen",
        "2025-03-16",
        "15 天",
        "2025-03-01",
    ),
    "assets.loan.overdue.v1": ("ZC-B01-0002", "2025-03-17", "8 天", "第 2 次"),
    "assets.stocktake.discrepancy_found.v1": ("ZC-B01-0007", "位置不符", "B01-203", "B01-305"),
    "assets.asset.disposal_proposed.v1": ("ZC-B01-0002", "0.00", "灯泡老化"),
    "maintenance.ticket.closed.v1": ("WO-20260112-3F9A1C2E", "5 星"),
    "maintenance.ticket.put_on_hold.v1": ("等待配件", "等角阀到货"),
}


@pytest.mark.parametrize("event_type", sorted(SHOWN))
def test_the_chinese_text_names_what_happened_with_the_publishers_values(event_type):
    title, body = rendered(event_type, f"{event_type}.zh-CN", EXAMPLES[event_type])
    for text in SHOWN[event_type]:
        assert text in title + body, f"{event_type}: {text!r} not in {title} / {body}"


def test_the_english_text_keeps_decimals_as_sent_and_names_a_range_with_one_bound():
    raw = {**EXAMPLES["canteen.temperature.out_of_range.v1"], "celsius": "-12.50", "min_c": None}
    title, body = rendered(
        "canteen.temperature.out_of_range.v1", "canteen.temperature.out_of_range.v1.en", raw
    )
    assert "-12.50 °C" in title and "(at most 8 °C)" in body
    zh_title, zh_body = rendered(
        "canteen.temperature.out_of_range.v1", "canteen.temperature.out_of_range.v1.zh-CN", raw
    )
    assert "-12.50℃" in zh_title and "应不高于 8℃" in zh_body


@pytest.mark.parametrize("event_type", list(ALERTS))
def test_before_any_event_the_preview_placeholders_render_every_template(event_type):
    # What an administrator's preview shows before the first event of the type has arrived.
    data = _placeholders(event_type)
    for name in names_of(event_type):
        o = Occurrence(
            "‹id›", event_type, "‹c›", None, datetime(2025, 3, 3, tzinfo=UTC), data, "x", ""
        )
        lang = "en" if name.endswith(".en") else "zh-CN"
        assert render(FILES[name], template_values(o, data, CAMPUS, lang, "alert")).title


def test_a_nested_list_is_previewed_as_one_item_of_its_fields():
    assert _placeholders("canteen.morning_check.missing.v1")["unchecked"] == [
        {"staff_id": "‹unchecked.staff_id›", "name": "‹unchecked.name›"}
    ]
