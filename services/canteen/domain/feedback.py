"""Diner feedback (满意度): ratings of a meal or a dish, and complaints tracked to an answer.

A rating or a complaint carries the id the client made for it (a UUID): a repeat of the same
id — a retried request, a double tap — is the same feedback and counts once. Feedback comes
from the public menu page without an account (rate-limited) or from a signed-in diner; each is
told as `canteen.feedback.received.v1`. A complaint is open until a manager answers it
(`canteen.complaint.answered.v1`), once; how fast is part of the satisfaction index.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from services.canteen.domain.menus import week_of
from services.canteen.events import ComplaintAnswered, FeedbackReceived
from shared.aggregate import Aggregate
from shared.clock import iso
from shared.errors import Conflict


class ComplaintCategory(StrEnum):
    """What a complaint is about."""

    TASTE = "taste"
    HYGIENE = "hygiene"
    PRICE = "price"
    SERVICE = "service"
    FOREIGN_OBJECT = "foreign_object"  # 异物
    PORTION = "portion"
    OTHER = "other"


@dataclass
class Rating(Aggregate):
    """1 to 5 stars for a meal, or a dish of it."""

    canteen_id: str
    rating_id: str
    meal_id: str | None
    dish_id: str | None
    stars: int
    comment: str | None
    signed_in: bool
    by: str
    received_at: datetime
    received_on: date
    version: int | None = None

    @property
    def week(self) -> str:
        """The ISO week it counts in (its campus day's)."""
        return week_of(self.received_on)

    @classmethod
    def receive(cls, canteen_id: str, rating_id: str, **fields) -> Rating:
        """A new rating, told."""
        rating = cls(canteen_id, rating_id, **fields)
        rating.record(
            FeedbackReceived(
                canteen_id=canteen_id,
                feedback_id=rating_id,
                kind="rating",
                meal_id=rating.meal_id,
                dish_id=rating.dish_id,
                stars=rating.stars,
                text=rating.comment,
                signed_in=rating.signed_in,
            )
        )
        return rating


@dataclass
class Complaint(Aggregate):
    """A diner's complaint and the manager's answer."""

    canteen_id: str
    complaint_id: str
    category: ComplaintCategory
    text: str
    meal_id: str | None
    dish_id: str | None
    contact: str | None
    signed_in: bool
    by: str
    received_at: datetime
    received_on: date
    answer: str | None = None
    answered_at: datetime | None = None
    answered_by: str | None = None
    version: int | None = None

    @property
    def status(self) -> str:
        """open or answered."""
        return "answered" if self.answered_at is not None else "open"

    @property
    def week(self) -> str:
        """The ISO week it counts in."""
        return week_of(self.received_on)

    def answer_hours(self) -> Decimal | None:
        """Hours from receipt to answer, to a tenth; None while open."""
        if self.answered_at is None:
            return None
        seconds = Decimal((self.answered_at - self.received_at).total_seconds())
        return (seconds / 3600).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @classmethod
    def receive(cls, canteen_id: str, complaint_id: str, **fields) -> Complaint:
        """A new complaint, told."""
        complaint = cls(canteen_id, complaint_id, **fields)
        complaint.record(
            FeedbackReceived(
                canteen_id=canteen_id,
                feedback_id=complaint_id,
                kind="complaint",
                meal_id=complaint.meal_id,
                dish_id=complaint.dish_id,
                category=complaint.category.value,
                text=complaint.text,
                signed_in=complaint.signed_in,
            )
        )
        return complaint

    def answer_with(self, answer: str, *, at: datetime, by: str) -> None:
        """The manager's answer; a complaint is answered once."""
        if self.answered_at is not None:
            raise Conflict(f"complaint {self.complaint_id} was answered at {iso(self.answered_at)}")
        self.answer, self.answered_at, self.answered_by = answer, at, by
        hours = self.answer_hours()
        self.record(
            ComplaintAnswered(
                canteen_id=self.canteen_id,
                complaint_id=self.complaint_id,
                category=self.category.value,
                answer=answer,
                received_at=iso(self.received_at),
                answer_hours=str(hours),
            )
        )
