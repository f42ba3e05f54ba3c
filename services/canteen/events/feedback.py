"""Diner feedback (满意度): ratings, complaints and their answers, the weekly satisfaction index."""

from __future__ import annotations

from services.canteen.events.base import registry
from shared.envelope import EventData


@registry.register(
    "canteen.feedback.received.v1",
    example={
        "canteen_id": "north",
        "feedback_id": "5b0f7c6e-8a51-4d7e-9a39-0c2b1f2f6a10",
        "kind": "complaint",
        "meal_id": "2026-11-30.lunch",
        "dish_id": "hongshao-rou",
        "stars": None,
        "category": "foreign_object",
        "text": "菜里有头发 a hair in the dish",
        "signed_in": False,
    },
)
class FeedbackReceived(EventData):
    """A diner rated a meal or dish (`stars`), or complained (`category`, `text`)."""

    canteen_id: str
    feedback_id: str
    kind: str
    meal_id: str | None = None
    dish_id: str | None = None
    stars: int | None = None
    category: str | None = None
    text: str | None = None
    signed_in: bool


@registry.register(
    "canteen.complaint.answered.v1",
    example={
        "canteen_id": "north",
        "complaint_id": "5b0f7c6e-8a51-4d7e-9a39-0c2b1f2f6a10",
        "category": "foreign_object",
        "answer": "已对当班厨师进行培训 the cook was retrained",
        "received_at": "2026-11-30T05:10:00.000000Z",
        "answer_hours": "3.5",
    },
)
class ComplaintAnswered(EventData):
    """A manager answered a complaint; `answer_hours` since it was received."""

    canteen_id: str
    complaint_id: str
    category: str
    answer: str
    received_at: str
    answer_hours: str


@registry.register(
    "canteen.satisfaction.computed.v1",
    example={
        "canteen_id": "north",
        "week": "2026-W48",
        "index": "78.5",
        "ratings": 240,
        "mean_stars": "4.10",
        "complaints": 6,
        "answered": 5,
        "answered_in_time": 4,
        "median_answer_hours": "6.0",
    },
)
class SatisfactionComputed(EventData):
    """The weekly satisfaction index (满意度测评) of a canteen; formula in the service README."""

    canteen_id: str
    week: str
    index: str | None = None
    ratings: int
    mean_stars: str | None = None
    complaints: int
    answered: int
    answered_in_time: int
    median_answer_hours: str | None = None
