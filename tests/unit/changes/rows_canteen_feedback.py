"""The canteen's mutating routes of diners' feedback (满意度): ratings and complaints, signed in
and from the public page, and the manager's answer (on the meal the earlier rows served)."""

from __future__ import annotations

from tests.unit.changes.rows_canteen_stock import BASE
from tests.unit.changes.table import Row

#: The actor of feedback from the public page (no token): an explicit anonymous diner, never
#: another user's id.
ANONYMOUS = "anonymous:public"


def _rating(rating_id: str, stars: int) -> dict:
    return {
        "rating_id": rating_id,
        "meal_id": "{meal_id}",
        "dish_id": "changes-fanqie",
        "stars": stars,
        "comment": "咸了一点",
    }


def _complaint(complaint_id: str) -> dict:
    return {
        "complaint_id": complaint_id,
        "category": "taste",
        "text": "菜太咸 too salty",
        "meal_id": "{meal_id}",
        "dish_id": "changes-fanqie",
    }


ROWS: tuple[Row, ...] = (
    Row(
        "POST",
        "/canteens/{canteen_id}/ratings",
        "requester",
        path=f"{BASE}/ratings",
        json=_rating("changes-rating-1", 4),
    ),
    Row(
        "POST",
        "/public/canteens/{canteen_id}/ratings",
        None,
        path="/public/canteens/north/ratings",
        json=_rating("changes-rating-2", 3),
        actor=ANONYMOUS,
    ),
    Row(
        "POST",
        "/canteens/{canteen_id}/complaints",
        "requester",
        path=f"{BASE}/complaints",
        json=_complaint("changes-complaint-1"),
        keep={"complaint_id": "complaint_id"},
    ),
    Row(
        "POST",
        "/public/canteens/{canteen_id}/complaints",
        None,
        path="/public/canteens/north/complaints",
        json=_complaint("changes-complaint-2"),
        actor=ANONYMOUS,
    ),
    Row(
        "POST",
        "/canteens/{canteen_id}/complaints/{complaint_id}/answer",
        "canteen_manager",
        path=f"{BASE}/complaints/{{complaint_id}}/answer",
        json={"answer": "已反馈后厨，减少用盐"},
    ),
)
