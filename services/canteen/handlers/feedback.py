"""Use cases of diner feedback: ratings and complaints (public or signed in), answers.

The public routes count each piece of feedback against two windows' counters (per client
address and per canteen) in the same write as the feedback; a repeat of an id already received
is answered with the first and counts nothing.
"""

from __future__ import annotations

from services.canteen.domain import access
from services.canteen.domain.feedback import Complaint, ComplaintCategory, Rating
from services.canteen.domain.servings import meal_day
from services.canteen.events import StaffHealthRead
from services.canteen.handlers.canteens import canteen_or_404
from services.canteen.handlers.context import CanteenContext
from services.canteen.repository import dishes
from services.canteen.repository import feedback as repo
from shared.auth import Principal
from shared.clock import iso, local_day
from shared.errors import Invalid, NotFound, TooManyRequests
from shared.logging import get_logger
from shared.personal_data import record_read
from shared.uow import UnitOfWork

log = get_logger(__name__)
COMPLAINTS = "/canteens/{canteen_id}/complaints"


async def _check_refs(
    uow: UnitOfWork,
    ctx: CanteenContext,
    canteen_id: str,
    meal_id: str | None,
    dish_id: str | None,
) -> None:
    await canteen_or_404(uow.store, canteen_id)
    if meal_id is not None and meal_day(meal_id) > ctx.today():
        raise Invalid(f"meal {meal_id} has not been served yet", field="meal_id")
    if dish_id is not None and await dishes.load(uow.store, canteen_id, dish_id) is None:
        raise Invalid(f"no dish {dish_id} in canteen {canteen_id}", field="dish_id")


async def _count(uow: UnitOfWork, ctx: CanteenContext, canteen_id: str, client: str) -> None:
    """Stage one more public feedback on the counters, or refuse with 429."""
    s = ctx.settings
    now = ctx.now()
    index = int(now.timestamp()) // s.feedback_window_seconds
    ends = now.fromtimestamp((index + 1) * s.feedback_window_seconds, tz=now.tzinfo)
    for counter, limit, whom in (
        (f"{canteen_id}:ip:{client}:{index}", s.feedback_limit_per_client, "from this device"),
        (f"{canteen_id}:{index}", s.feedback_limit_per_canteen, "for this canteen"),
    ):
        count, version = await repo.counted(uow.store, counter)
        if count >= limit:
            raise TooManyRequests(
                f"too much feedback {whom}; try again after {iso(ends)}",
                retry_seconds=int((ends - now).total_seconds()),
            )
        repo.stage_count(uow, counter, count, version, ends)


async def rate(
    uow: UnitOfWork,
    ctx: CanteenContext,
    who: Principal | None,
    /,
    canteen_id: str,
    *,
    rating_id: str,
    meal_id: str,
    dish_id: str | None,
    stars: int,
    comment: str | None,
    client: str | None = None,
) -> tuple[Rating, bool]:
    """A rating of a meal or a dish; `who` None is the public page (counted per `client`).
    A repeated id returns the first rating and False."""
    existing = await repo.load_rating(uow.store, canteen_id, rating_id)
    if existing is not None:
        return existing, False
    await _check_refs(uow, ctx, canteen_id, meal_id, dish_id)
    if who is None:
        await _count(uow, ctx, canteen_id, client or "unknown")
    now = ctx.now()
    rating = Rating.receive(
        canteen_id,
        rating_id,
        meal_id=meal_id,
        dish_id=dish_id,
        stars=stars,
        comment=comment,
        signed_in=who is not None,
        by=who.user_id if who is not None else "anonymous:public",
        received_at=now,
        received_on=local_day(now, ctx.zone),
    )
    repo.stage_rating(uow, rating)
    await uow.commit()
    log.info("feedback.rating", canteen_id=canteen_id, stars=stars, signed_in=who is not None)
    return rating, True


async def complain(
    uow: UnitOfWork,
    ctx: CanteenContext,
    who: Principal | None,
    /,
    canteen_id: str,
    *,
    complaint_id: str,
    category: ComplaintCategory,
    text: str,
    meal_id: str | None,
    dish_id: str | None,
    contact: str | None,
    client: str | None = None,
) -> tuple[Complaint, bool]:
    """A complaint, open until answered; a repeated id returns the first and False."""
    existing = await repo.load_complaint(uow.store, canteen_id, complaint_id)
    if existing is not None:
        return existing, False
    await _check_refs(uow, ctx, canteen_id, meal_id, dish_id)
    if who is None:
        await _count(uow, ctx, canteen_id, client or "unknown")
    now = ctx.now()
    complaint = Complaint.receive(
        canteen_id,
        complaint_id,
        category=category,
        text=text,
        meal_id=meal_id,
        dish_id=dish_id,
        contact=contact,
        signed_in=who is not None,
        by=who.user_id if who is not None else "anonymous:public",
        received_at=now,
        received_on=local_day(now, ctx.zone),
    )
    repo.stage_complaint(uow, complaint)
    await uow.commit()
    log.info("feedback.complaint", canteen_id=canteen_id, category=category.value)
    return complaint, True


async def answer(
    uow: UnitOfWork,
    ctx: CanteenContext,
    who: Principal,
    /,
    canteen_id: str,
    complaint_id: str,
    *,
    text: str,
) -> Complaint:
    """The manager answers a complaint, once."""
    access.require_manager(who, canteen_id)
    complaint = await repo.load_complaint(uow.store, canteen_id, complaint_id)
    if complaint is None:
        raise NotFound(f"no complaint {complaint_id} in canteen {canteen_id}")
    complaint.answer_with(text, at=ctx.now(), by=who.user_id)
    repo.stage_complaint(uow, complaint)
    if complaint.contact:
        # The answer shows the contact: the access-log event goes in the answer's own write.
        await _log_contacts(uow, [complaint], f"POST {COMPLAINTS}/{{complaint_id}}/answer")
    else:
        await uow.commit()
    log.info("complaint.answered", canteen_id=canteen_id, complaint_id=complaint_id)
    return complaint


async def complaints(
    uow: UnitOfWork,
    ctx: CanteenContext,
    who: Principal,
    /,
    canteen_id: str,
    *,
    status: str | None,
    limit: int,
) -> tuple[list[Complaint], bool]:
    """A canteen's complaints, newest first: its managers, admins and auditors; True when the
    diners' contacts may be shown (the showing is logged)."""
    access.require_manager_or_auditor(who, canteen_id)
    found = await repo.complaints_of(uow.store, canteen_id, status, limit)
    shown = access.sees_diner_contact(who, canteen_id)
    if shown:
        await _log_contacts(uow, found, f"GET {COMPLAINTS}")
    return found, shown


async def _log_contacts(uow: UnitOfWork, shown: list[Complaint], route: str) -> None:
    """Who saw diners' contacts (the access log): the complaints' ids, never the contacts."""
    await record_read(
        uow,
        StaffHealthRead,
        subject_kind="diner",
        subject_ids=[f"complaint:{c.complaint_id}" for c in shown if c.contact],
        fields={"contact"},
        route=route,
    )
