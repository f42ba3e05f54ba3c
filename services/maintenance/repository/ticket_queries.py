"""Queries over work orders: lists (as rows), what the clock made due, report figures."""

from __future__ import annotations

from collections.abc import AsyncIterator, Collection
from datetime import datetime
from typing import Any

from services.maintenance.domain.reports import ReportRow
from services.maintenance.domain.ticket_rows import TicketRow
from services.maintenance.domain.tickets import Ticket
from services.maintenance.domain.vocabulary import OPEN_STATUSES, SlaState
from services.maintenance.repository.common import TICKETS, Paged, dt, ts
from services.maintenance.repository.tickets import from_doc
from shared.store import Doc, DocumentStore, Query, scan

#: The list orders a caller may ask for.
SORTS: dict[str, list[tuple[str, int]]] = {
    "-created_at": [("created_at", -1)],
    "created_at": [("created_at", 1)],
    "-updated_at": [("updated_at", -1)],
    "priority": [("priority_rank", 1), ("created_at", -1)],
}


def _row(doc: Doc) -> TicketRow:
    return TicketRow(
        id=doc["_id"],
        status=doc["status"],
        campus_id=doc["campus_id"],
        building_id=doc["building_id"],
        location_id=doc["location_id"],
        category=doc["category"],
        priority=doc["priority"],
        channel=doc["channel"],
        description=doc["description"],
        created_at=doc["created_at"],
        updated_at=doc["updated_at"],
        floor=doc.get("floor"),
        room_id=doc.get("room_id"),
        asset_tag=doc.get("asset_tag"),
        requester_id=doc.get("requester_id"),
        contact=doc.get("contact"),
        assignee_id=doc.get("assignee_id"),
        assignee_kind=doc.get("assignee_kind"),
        team_id=doc.get("team_id"),
        contractor_id=doc.get("contractor_id"),
        rating=doc.get("rating"),
        resolved_at=doc.get("resolved_at"),
        sla_due=doc.get("sla_due", {}),
        sla_risk=doc.get("sla_risk", {}),
        breached=frozenset(doc.get("breach_clocks", ())),
        photos=len(doc.get("photos", ())),
        correlation_id=doc.get("correlation_id"),
    )


def sla_filter(states: Collection[SlaState], now: datetime) -> dict[str, Any]:
    """The store filter of orders in these SLA states at `now` (one range per state asked,
    on the moments `to_doc` stores: no page is filtered afterwards)."""
    moment = ts(now)
    if not states:
        return {}
    if SlaState.AT_RISK not in states:
        return {"sla_breach_from": {"$lte": moment}}
    attention: dict[str, Any] = {"sla_attention_from": {"$lte": moment}}
    if SlaState.BREACHED in states:
        return attention
    # At risk only: attention has come, the breach has not (an at-risk clock always has a due
    # moment, so the breach moment is never null here).
    return {**attention, "sla_breach_from": {"$gt": moment}}


async def find_page(
    store: DocumentStore, filter: dict[str, Any], *, sort: str, limit: int, cursor: str | None
) -> Paged[TicketRow]:
    """One page of rows of the tickets matching a filter, in one of the `SORTS`."""
    page = await store.find(TICKETS, Query(filter, sort=SORTS[sort], limit=limit, after=cursor))
    return Paged([_row(d) for d in page.items], page.next_cursor)


async def due_for_sla_check(store: DocumentStore, now: datetime, limit: int) -> list[Ticket]:
    """Tickets whose next SLA moment has come, earliest first."""
    query = Query({"sla_next_check": {"$lte": ts(now)}}, sort=[("sla_next_check", 1)], limit=limit)
    return [from_doc(d) for d in (await store.find(TICKETS, query)).items]


async def resolved_before(store: DocumentStore, moment: datetime, limit: int) -> list[Ticket]:
    """Resolved tickets whose resolution is older than `moment`, oldest first."""
    query = Query(
        {"status": "resolved", "resolved_at": {"$lte": ts(moment)}},
        sort=[("resolved_at", 1)],
        limit=limit,
    )
    return [from_doc(d) for d in (await store.find(TICKETS, query)).items]


async def open_without_sla_moments(store: DocumentStore) -> AsyncIterator[Ticket]:
    """Open orders stored before their SLA moments were (they lack `sla_attention_from`)."""
    wanted = {"status": {"$in": [s.value for s in OPEN_STATUSES]}}
    async for doc in scan(store, TICKETS, wanted, [("created_at", 1)]):
        if "sla_attention_from" not in doc:
            yield from_doc(doc)


async def report_rows(store: DocumentStore, since: datetime) -> AsyncIterator[ReportRow]:
    """What reports read of every order opened since `since`, and of older open orders."""
    opened = {"created_at": {"$gte": ts(since)}}
    still_open = {
        "status": {"$in": [s.value for s in OPEN_STATUSES]},
        "created_at": {"$lt": ts(since)},
    }
    for filter in (opened, still_open):
        async for doc in scan(store, TICKETS, filter, [("created_at", 1)]):
            yield _report_row(doc)


def _report_row(doc: Doc) -> ReportRow:
    return ReportRow(
        campus_id=doc["campus_id"],
        status=doc["status"],
        category=doc["category"],
        building_id=doc["building_id"],
        location_id=doc["location_id"],
        channel=doc["channel"],
        created_at=dt(doc["created_at"]),  # type: ignore[arg-type]
        responded_at=dt(doc.get("responded_at")),
        resolved_at=dt(doc.get("resolved_at")),
        rating=doc.get("rating"),
        breaches=tuple(doc.get("breach_clocks", ())),
        contractor_id=doc.get("contractor_id"),
    )
