"""The diners' voice through the console against the real canteen app: an anonymous phone rates a
dish of the published menu (the same form sent twice counts once) and complains, the manager
answers the complaint, and the satisfaction page shows the week so far from those ratings."""

from __future__ import annotations

import re

from tests.unit.console.conftest import csrf_of
from tests.unit.console.menu_support import HTML, MANAGER, WEEK, ok, pages

__all__ = ["pages"]  # the fixture
LUNCH = "2026-11-30.lunch"


def _publish(api) -> None:
    menu = {"entries": [{"day": "2026-11-30", "meal": "lunch", "dish_ids": ["tudou-si", "mifan"]}]}
    ok(api.put(f"/canteens/north/menus/{WEEK}", json=menu, headers=MANAGER))
    ok(api.post(f"/canteens/north/menus/{WEEK}/publish", headers=MANAGER))


def _rating_fields(page: str, dish_id: str) -> dict[str, str]:
    start = page.index(f'id="dish-{LUNCH}-{dish_id}"')
    form = page[start : page.index("</form>", start)]
    return dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', form))


def test_a_phone_rates_and_complains_and_the_manager_answers(pages):
    manager, phone, api = pages
    _publish(api)
    page = phone.get("/menu/north", headers=HTML).text
    fields = {**_rating_fields(page, "tudou-si"), "stars": "2"}
    for _ in range(2):  # a double tap sends the form twice
        sent = phone.post(f"/menu/north/{WEEK}/ratings", data=fields, headers=HTML)
        assert sent.status_code == 303, sent.text
    meal = {**_rating_fields(page, "mifan"), "dish_id": "", "stars": "4", "comment": "不错"}
    meal["rating_id"] = re.findall(r'name="rating_id" value="([^"]+)"', page)[-1]
    assert phone.post(f"/menu/north/{WEEK}/ratings", data=meal, headers=HTML).status_code == 303
    assert "谢谢：您的评价已计入。" in phone.get("/menu/north", headers=HTML).text

    complaint_id = re.search(r'name="complaint_id" value="([^"]+)"', page).group(1)
    complaint = {"csrf": csrf_of(page), "complaint_id": complaint_id, "category": "taste",
                 "text": "土豆丝太咸了", "meal_id": LUNCH, "dish_id": "tudou-si",
                 "contact": "13800000000"}  # fmt: skip
    filed = phone.post(f"/menu/north/{WEEK}/complaints", data=complaint, headers=HTML)
    assert filed.status_code == 303, filed.text
    listed = manager.get("/canteen/menus/complaints", headers=HTML).text
    card = listed[listed.index(f'id="complaint-{complaint_id}"') :]
    card = card[: card.index("</li>")]
    assert "口味" in card and "土豆丝太咸了" in card and "13800000000" in card
    assert "星期一 2026-11-30 午餐 · 酸辣土豆丝" in card
    answer = "已调整用盐量，谢谢您的反馈。"
    done = manager.post(
        f"/canteen/menus/complaints/{complaint_id}/answer",
        data={"csrf": csrf_of(listed), "canteen": "north", "answer": answer},
        headers=HTML,
    )
    assert done.status_code == 303, done.text
    [saved] = api.get("/canteens/north/complaints", headers=MANAGER).json()
    assert saved["status"] == "answered" and saved["answer"] == answer
    assert saved["answered_by"] == "u-canteen-manager-1"
    again = manager.post(
        f"/canteen/menus/complaints/{complaint_id}/answer",
        data={"csrf": csrf_of(listed), "canteen": "north", "answer": "再次回复"},
        headers=HTML,
    )
    assert again.status_code in (409, 422) and "再次回复" not in str(
        api.get("/canteens/north/complaints", headers=MANAGER).json()
    )

    trend = manager.get("/canteen/menus/satisfaction", headers=HTML)
    assert trend.status_code == 200
    row = trend.text[trend.text.index(f'<th scope="row">{WEEK}') :]
    row = row[: row.index("</tr>")]
    cells = re.findall(r"<td>([^<]*)</td>", row)
    assert "截至目前" in row  # the week is not over
    assert cells[1:3] == ["2", "3.00"], cells  # two ratings counted (2 and 4 stars), mean 3.00
