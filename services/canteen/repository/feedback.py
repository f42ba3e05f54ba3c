"""Ratings, complaints, the weekly satisfaction figures and the public feedback counters."""

from __future__ import annotations

from datetime import date, datetime

from services.canteen.domain.feedback import Complaint, ComplaintCategory, Rating
from services.canteen.domain.satisfaction import SatisfactionWeek
from services.canteen.repository import COMPLAINTS, FEEDBACK_RATES, RATINGS, SATISFACTION
from services.canteen.repository.common import decimal, iso_moment, moment, put, text_of
from shared.clock import iso, parse_iso
from shared.store import Doc, DocumentStore, Query, find_all
from shared.uow import UnitOfWork


def key(canteen_id: str, feedback_id: str) -> str:
    """A client's feedback id is unique in its canteen."""
    return f"{canteen_id}|{feedback_id}"


def rating_doc(r: Rating) -> Doc:
    """The stored form of a rating."""
    return {
        "_id": key(r.canteen_id, r.rating_id),
        "canteen_id": r.canteen_id,
        "rating_id": r.rating_id,
        "meal_id": r.meal_id,
        "dish_id": r.dish_id,
        "stars": r.stars,
        "comment": r.comment,
        "signed_in": r.signed_in,
        "by": r.by,
        "received_at": iso(r.received_at),
        "received_on": r.received_on.isoformat(),
        "week": r.week,
    }


def rating_of(doc: Doc) -> Rating:
    """Inverse of `rating_doc`."""
    return Rating(
        doc["canteen_id"],
        doc["rating_id"],
        doc["meal_id"],
        doc["dish_id"],
        doc["stars"],
        doc["comment"],
        doc["signed_in"],
        doc["by"],
        parse_iso(doc["received_at"]),
        date.fromisoformat(doc["received_on"]),
        doc["_v"],
    )


def complaint_doc(c: Complaint) -> Doc:
    """The stored form of a complaint."""
    return {
        "_id": key(c.canteen_id, c.complaint_id),
        "canteen_id": c.canteen_id,
        "complaint_id": c.complaint_id,
        "category": c.category.value,
        "text": c.text,
        "meal_id": c.meal_id,
        "dish_id": c.dish_id,
        "contact": c.contact,
        "signed_in": c.signed_in,
        "by": c.by,
        "received_at": iso(c.received_at),
        "received_on": c.received_on.isoformat(),
        "week": c.week,
        "status": c.status,
        "answer": c.answer,
        "answered_at": iso_moment(c.answered_at),
        "answered_by": c.answered_by,
    }


def complaint_of(doc: Doc) -> Complaint:
    """Inverse of `complaint_doc`."""
    return Complaint(
        canteen_id=doc["canteen_id"],
        complaint_id=doc["complaint_id"],
        category=ComplaintCategory(doc["category"]),
        text=doc["text"],
        meal_id=doc["meal_id"],
        dish_id=doc["dish_id"],
        contact=doc["contact"],
        signed_in=doc["signed_in"],
        by=doc["by"],
        received_at=parse_iso(doc["received_at"]),
        received_on=date.fromisoformat(doc["received_on"]),
        answer=doc["answer"],
        answered_at=moment(doc["answered_at"]),
        answered_by=doc["answered_by"],
        version=doc["_v"],
    )


def stage_rating(uow: UnitOfWork, r: Rating) -> None:
    """A new rating (its id taken twice is a duplicate key: counted once)."""
    uow.insert(RATINGS, rating_doc(r))
    uow.collect(r, subject=key(r.canteen_id, r.rating_id))


def stage_complaint(uow: UnitOfWork, c: Complaint) -> None:
    """A new or answered complaint and its event."""
    put(uow, COMPLAINTS, complaint_doc(c), c.version)
    uow.collect(c, subject=key(c.canteen_id, c.complaint_id))


async def load_rating(store: DocumentStore, canteen_id: str, rating_id: str) -> Rating | None:
    """The rating with this client id, or None."""
    doc = await store.get(RATINGS, key(canteen_id, rating_id))
    return rating_of(doc) if doc is not None else None


async def load_complaint(
    store: DocumentStore, canteen_id: str, complaint_id: str
) -> Complaint | None:
    """The complaint with this client id, or None."""
    doc = await store.get(COMPLAINTS, key(canteen_id, complaint_id))
    return complaint_of(doc) if doc is not None else None


async def complaints_of(
    store: DocumentStore, canteen_id: str, status: str | None, limit: int
) -> list[Complaint]:
    """A canteen's complaints (of one status), newest first."""
    filter: Doc = {"canteen_id": canteen_id}
    if status is not None:
        filter["status"] = status
    page = await store.find(
        COMPLAINTS, Query(filter, [("received_at", -1), ("_id", 1)], limit=limit)
    )
    return [complaint_of(d) for d in page.items]


async def stars_of_week(store: DocumentStore, canteen_id: str, week: str) -> list[int]:
    """The stars of every rating of a week."""
    docs = await find_all(store, RATINGS, {"canteen_id": canteen_id, "week": week}, [("_id", 1)])
    return [d["stars"] for d in docs]


async def complaints_of_week(store: DocumentStore, canteen_id: str, week: str) -> list[Complaint]:
    """Every complaint of a week."""
    docs = await find_all(store, COMPLAINTS, {"canteen_id": canteen_id, "week": week}, [("_id", 1)])
    return [complaint_of(d) for d in docs]


def week_doc(w: SatisfactionWeek) -> Doc:
    """The stored form of a computed week."""
    return {
        "_id": key(w.canteen_id, w.week),
        "canteen_id": w.canteen_id,
        "week": w.week,
        "index": text_of(w.index),
        "ratings": w.ratings,
        "mean_stars": text_of(w.mean_stars),
        "complaints": w.complaints,
        "answered": w.answered,
        "answered_in_time": w.answered_in_time,
        "median_answer_hours": text_of(w.median_answer_hours),
        "computed_at": iso(w.computed_at),
    }


def week_of_doc(doc: Doc) -> SatisfactionWeek:
    """Inverse of `week_doc`."""
    return SatisfactionWeek(
        doc["canteen_id"],
        doc["week"],
        decimal(doc["index"]),
        doc["ratings"],
        decimal(doc["mean_stars"]),
        doc["complaints"],
        doc["answered"],
        doc["answered_in_time"],
        decimal(doc["median_answer_hours"]),
        parse_iso(doc["computed_at"]),
        doc["_v"],
    )


def stage_week(uow: UnitOfWork, w: SatisfactionWeek) -> None:
    """A week computed for good (its id taken twice is a duplicate: computed once)."""
    uow.insert(SATISFACTION, week_doc(w))
    uow.collect(w, subject=key(w.canteen_id, w.week))


async def weeks_between(
    store: DocumentStore, canteen_id: str, first: str, last: str
) -> list[SatisfactionWeek]:
    """The computed weeks first..last, oldest first."""
    docs = await find_all(
        store,
        SATISFACTION,
        {"canteen_id": canteen_id, "week": {"$gte": first, "$lte": last}},
        [("week", 1)],
    )
    return [week_of_doc(d) for d in docs]


async def load_week(store: DocumentStore, canteen_id: str, week: str) -> SatisfactionWeek | None:
    """A computed week, or None."""
    doc = await store.get(SATISFACTION, key(canteen_id, week))
    return week_of_doc(doc) if doc is not None else None


async def counted(store: DocumentStore, counter: str) -> tuple[int, int | None]:
    """Feedback counted under a window's key, and the counter's version (None: new)."""
    doc = await store.get(FEEDBACK_RATES, counter)
    return (0, None) if doc is None else (doc["count"], doc["_v"])


def stage_count(
    uow: UnitOfWork, counter: str, count: int, version: int | None, ends: datetime
) -> None:
    """One more on a counter (created at its first use)."""
    put(uow, FEEDBACK_RATES, {"_id": counter, "count": count + 1, "ends_at": iso(ends)}, version)
