"""Schemas of diner feedback (ratings, complaints) and of the satisfaction trend."""

from __future__ import annotations

from pydantic import BaseModel, Field

from services.canteen.api.schemas import Id, In
from services.canteen.domain.feedback import Complaint, ComplaintCategory, Rating
from services.canteen.domain.satisfaction import SatisfactionWeek
from shared.clock import iso
from shared.types import line, text

ClientId = line(64)


class RatingWrite(In):
    """1 to 5 stars for a meal, or a dish of it; `rating_id` is the client's (a UUID)."""

    rating_id: Id = Field(description="made by the client; a repeat counts once")
    meal_id: Id
    dish_id: Id | None = None
    stars: int = Field(ge=1, le=5)
    comment: text(500, min_length=0) | None = None


class RatingRead(BaseModel):
    """A rating as received."""

    rating_id: str
    canteen_id: str
    meal_id: str | None
    dish_id: str | None
    stars: int
    comment: str | None
    signed_in: bool
    received_at: str

    @classmethod
    def of(cls, r: Rating) -> RatingRead:
        """The rating as the API shows it."""
        return cls(
            rating_id=r.rating_id,
            canteen_id=r.canteen_id,
            meal_id=r.meal_id,
            dish_id=r.dish_id,
            stars=r.stars,
            comment=r.comment,
            signed_in=r.signed_in,
            received_at=iso(r.received_at),
        )


class ComplaintWrite(In):
    """A complaint; `complaint_id` is the client's (a UUID)."""

    complaint_id: Id = Field(description="made by the client; a repeat counts once")
    category: ComplaintCategory
    text: text(2000)
    meal_id: Id | None = None
    dish_id: Id | None = None
    contact: line(200, min_length=0) | None = Field(
        default=None, description="how the manager may reach the diner (shown to managers only)"
    )


class AnswerWrite(In):
    """The manager's answer."""

    answer: text(2000)


class ComplaintRead(BaseModel):
    """A complaint and its answer."""

    complaint_id: str
    canteen_id: str
    category: str
    text: str
    meal_id: str | None
    dish_id: str | None
    contact: str | None
    status: str
    received_at: str
    answer: str | None
    answered_at: str | None
    answered_by: str | None

    @classmethod
    def of(cls, c: Complaint, *, contact: bool = True) -> ComplaintRead:
        """The complaint as the API shows it (the contact to managers only)."""
        return cls(
            complaint_id=c.complaint_id,
            canteen_id=c.canteen_id,
            category=c.category.value,
            text=c.text,
            meal_id=c.meal_id,
            dish_id=c.dish_id,
            contact=c.contact if contact else None,
            status=c.status,
            received_at=iso(c.received_at),
            answer=c.answer,
            answered_at=iso(c.answered_at) if c.answered_at else None,
            answered_by=c.answered_by,
        )


class SatisfactionRead(BaseModel):
    """One week of the satisfaction trend."""

    week: str
    index: str | None = Field(description="0..100; none for a week without ratings")
    ratings: int
    mean_stars: str | None
    complaints: int
    answered: int
    answered_in_time: int
    median_answer_hours: str | None
    computed_at: str
    final: bool = Field(description="computed for good once the week and its answer time ended")

    @classmethod
    def of(cls, w: SatisfactionWeek) -> SatisfactionRead:
        """The week as the API shows it."""
        return cls(
            week=w.week,
            index=str(w.index) if w.index is not None else None,
            ratings=w.ratings,
            mean_stars=str(w.mean_stars) if w.mean_stars is not None else None,
            complaints=w.complaints,
            answered=w.answered,
            answered_in_time=w.answered_in_time,
            median_answer_hours=(
                str(w.median_answer_hours) if w.median_answer_hours is not None else None
            ),
            computed_at=iso(w.computed_at),
            final=w.version is not None,
        )
