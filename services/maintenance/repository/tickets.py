"""Work orders in the store: document mapping, loading and staging, lookups by source and
workload (the list, due and report queries are `ticket_queries.py`)."""

from __future__ import annotations

from collections.abc import Sequence

from services.maintenance.domain.sla import Target
from services.maintenance.domain.ticket_parts import Assignment, Photo, Step
from services.maintenance.domain.tickets import Breach, Ticket
from services.maintenance.domain.vocabulary import (
    ACTIVE_WORK,
    PRIORITY_RANK,
    AssigneeKind,
    Category,
    Channel,
    Priority,
    Status,
)
from services.maintenance.repository.common import BREACHES, TICKETS, dt, ts
from shared.store import Doc, DocumentStore, Insert, Query
from shared.uow import UnitOfWork


def _step_doc(step: Step) -> Doc:
    return {
        "action": step.action,
        "status": step.status.value,
        "at": ts(step.at),
        "by": step.by,
        "assignee_kind": step.assignee_kind.value if step.assignee_kind else None,
        "note": step.note,
    }


def _step(doc: Doc) -> Step:
    kind = doc.get("assignee_kind")
    return Step(
        action=doc["action"],
        status=Status(doc["status"]),
        at=dt(doc["at"]),  # type: ignore[arg-type]
        by=doc.get("by"),
        assignee_kind=AssigneeKind(kind) if kind else None,
        note=doc.get("note"),
    )


def _photo_doc(photo: Photo) -> Doc:
    return {
        "id": photo.id,
        "sha256": photo.sha256,
        "content_type": photo.content_type,
        "size": photo.size,
        "uploaded_at": ts(photo.uploaded_at),
        "uploaded_by": photo.uploaded_by,
    }


def _photo(doc: Doc) -> Photo:
    return Photo(
        id=doc["id"],
        sha256=doc["sha256"],
        content_type=doc["content_type"],
        size=doc["size"],
        uploaded_at=dt(doc["uploaded_at"]),  # type: ignore[arg-type]
        uploaded_by=doc.get("uploaded_by"),
    )


def to_doc(ticket: Ticket) -> Doc:
    """The stored form; derived fields are flattened so they can be indexed and filtered."""
    a = ticket.assignment
    doc: Doc = {
        "_id": ticket.id,
        "campus_id": ticket.campus_id,
        "building_id": ticket.building_id,
        "location_id": ticket.location_id,
        "floor": ticket.floor,
        "room_id": ticket.room_id,
        "asset_tag": ticket.asset_tag,
        "category": ticket.category.value,
        "priority": ticket.priority.value,
        "priority_rank": PRIORITY_RANK[ticket.priority],
        "channel": ticket.channel.value,
        "description": ticket.description,
        "requester_id": ticket.requester_id,
        "contact": ticket.contact,
        "status": ticket.status.value,
        "assignee_id": a.assignee_id if a else None,
        "assignee_kind": a.kind.value if a else None,
        "team_id": a.team_id if a else None,
        "contractor_id": a.contractor_id if a else None,
        "contractor_target": a.contractor_target.to_doc() if a and a.contractor_target else None,
        "rating": ticket.rating,
        "comment": ticket.comment,
        "steps": [_step_doc(s) for s in ticket.steps],
        "breaches": {
            clock: {
                "due_at": ts(b.due_at),
                "detected_at": ts(b.detected_at),
                "escalate_to": b.escalate_to,
            }
            for clock, b in ticket.breaches.items()
        },
        "breach_clocks": sorted(ticket.breaches),
        "photos": [_photo_doc(p) for p in ticket.photos],
        "source_event_id": ticket.source_event_id,
        "source_key": ticket.source_key,
        "location_verified": ticket.location_verified,
        "correlation_id": ticket.correlation_id,
        "sla_due": {clock: ts(due) for clock, due in ticket.sla_due.items()},
        "sla_risk": {clock: ts(risk) for clock, risk in ticket.sla_risk.items()},
        "sla_next_check": ts(ticket.sla_next_check),
        # What `GET /tickets?sla=` filters on (one range each, served by an index).
        "sla_breach_from": ts(ticket.sla_breach_from),
        "sla_attention_from": ts(ticket.sla_attention_from),
        "created_at": ts(ticket.created_at),
        "updated_at": ts(ticket.updated_at),
        "responded_at": ts(ticket.responded_at),
        "resolved_at": ts(ticket.resolved_at),
        "closed_at": ts(ticket.closed_at),
    }
    if ticket.version is not None:
        doc["_v"] = ticket.version
    return doc


def from_doc(doc: Doc) -> Ticket:
    """Inverse of `to_doc`."""
    assignment = None
    if doc.get("assignee_id"):
        target = doc.get("contractor_target")
        assignment = Assignment(
            kind=AssigneeKind(doc["assignee_kind"]),
            assignee_id=doc["assignee_id"],
            team_id=doc.get("team_id"),
            contractor_id=doc.get("contractor_id"),
            contractor_target=Target.from_doc(target) if target else None,
        )
    return Ticket(
        id=doc["_id"],
        campus_id=doc["campus_id"],
        building_id=doc["building_id"],
        location_id=doc["location_id"],
        category=Category(doc["category"]),
        priority=Priority(doc["priority"]),
        channel=Channel(doc["channel"]),
        description=doc["description"],
        created_at=dt(doc["created_at"]),  # type: ignore[arg-type]
        floor=doc.get("floor"),
        room_id=doc.get("room_id"),
        asset_tag=doc.get("asset_tag"),
        requester_id=doc.get("requester_id"),
        contact=doc.get("contact"),
        status=Status(doc["status"]),
        assignment=assignment,
        rating=doc.get("rating"),
        comment=doc.get("comment"),
        steps=[_step(s) for s in doc["steps"]],
        breaches={
            clock: Breach(
                due_at=dt(b["due_at"]),  # type: ignore[arg-type]
                detected_at=dt(b["detected_at"]),  # type: ignore[arg-type]
                escalate_to=b["escalate_to"],
            )
            for clock, b in doc.get("breaches", {}).items()
        },
        photos=[_photo(p) for p in doc.get("photos", [])],
        source_event_id=doc.get("source_event_id"),
        source_key=doc.get("source_key"),
        location_verified=doc.get("location_verified", True),
        correlation_id=doc.get("correlation_id"),
        sla_due={clock: dt(due) for clock, due in doc.get("sla_due", {}).items()},
        sla_risk={clock: dt(risk) for clock, risk in doc.get("sla_risk", {}).items()},
        sla_next_check=dt(doc.get("sla_next_check")),
        version=doc.get("_v"),
    )


async def load(store: DocumentStore, ticket_id: str) -> Ticket | None:
    """The ticket with this id, or None."""
    doc = await store.get(TICKETS, ticket_id)
    return from_doc(doc) if doc is not None else None


def stage(uow: UnitOfWork, ticket: Ticket) -> None:
    """Stage the ticket's write and its recorded events in the unit of work."""
    doc = to_doc(ticket)
    if ticket.version is None:
        uow.insert(TICKETS, doc)
    else:
        uow.replace(TICKETS, doc)
    uow.collect(ticket, subject=ticket.id)


def breach_record(ticket: Ticket, clock: str) -> Insert:
    """The breach record whose unique key (ticket, clock) makes a breach happen once."""
    breach = ticket.breaches[clock]  # type: ignore[index]
    return Insert(
        BREACHES,
        {
            "_id": f"{ticket.id}:{clock}",
            "ticket_id": ticket.id,
            "clock": clock,
            "campus_id": ticket.campus_id,
            "building_id": ticket.building_id,
            "due_at": ts(breach.due_at),
            "detected_at": ts(breach.detected_at),
            "escalate_to": breach.escalate_to,
        },
    )


async def by_source_key(store: DocumentStore, key: str) -> str | None:
    """The id of the ticket opened from this source (patrol failure, asset damage, date)."""
    page = await store.find(TICKETS, Query({"source_key": key}, limit=1))
    return page.items[0]["_id"] if page.items else None


async def workload(store: DocumentStore, technicians: Sequence[str]) -> dict[str, int]:
    """Open orders each technician carries."""
    statuses = [s.value for s in ACTIVE_WORK]
    return {
        t: await store.count(TICKETS, {"assignee_id": t, "status": {"$in": statuses}})
        for t in technicians
    }
