"""Checklist templates, inspections and their corrective actions in the store."""

from __future__ import annotations

from datetime import date

from services.canteen.domain.checklists import ChecklistItem, ChecklistKind, Template
from services.canteen.domain.inspections import CorrectiveAction, Inspection, ItemResult, Scored
from services.canteen.repository import ACTIONS, CHECKLISTS, INSPECTIONS
from services.canteen.repository.common import day, iso_day, iso_moment, moment, put
from shared.clock import iso, parse_iso
from shared.store import Doc, DocumentStore, Paged, Query, find_all
from shared.uow import UnitOfWork


def _item_doc(i: ChecklistItem) -> Doc:
    return {
        "item_id": i.item_id,
        "text": i.text,
        "points": i.points,
        "equipment": i.equipment,
        "equipment_tag": i.equipment_tag,
        "place": i.place,
    }


def _item(doc: Doc) -> ChecklistItem:
    return ChecklistItem(**doc)


def template_doc(t: Template) -> Doc:
    """The stored form of a checklist template."""
    return {
        "_id": t.template_id,
        "name": t.name,
        "kind": t.kind.value,
        "place": t.place,
        "pass_mark": t.pass_mark,
        "due_days": t.due_days,
        "items": [_item_doc(i) for i in t.items],
        "canteens": list(t.canteens),
        "updated_at": iso(t.updated_at),
    }


def template_from_doc(doc: Doc) -> Template:
    """Inverse of `template_doc`."""
    return Template(
        template_id=doc["_id"],
        name=doc["name"],
        kind=ChecklistKind(doc["kind"]),
        place=doc["place"],
        pass_mark=doc["pass_mark"],
        due_days=doc["due_days"],
        items=tuple(_item(i) for i in doc["items"]),
        canteens=tuple(doc["canteens"]),
        updated_at=parse_iso(doc["updated_at"]),
        version=doc["_v"],
    )


def stage_template(uow: UnitOfWork, template: Template) -> None:
    """Stage the template and its events."""
    put(uow, CHECKLISTS, template_doc(template), template.version)
    uow.collect(template, subject=template.template_id)


async def load_template(store: DocumentStore, template_id: str) -> Template | None:
    """The template, or None."""
    doc = await store.get(CHECKLISTS, template_id)
    return template_from_doc(doc) if doc is not None else None


async def templates(store: DocumentStore) -> list[Template]:
    """Every template, by id (a campus has a few dozen)."""
    return [template_from_doc(d) for d in await find_all(store, CHECKLISTS, {}, [("_id", 1)])]


def action_doc(a: CorrectiveAction) -> Doc:
    """The stored form of a corrective action."""
    return {
        "_id": a.action_id,
        "inspection_id": a.inspection_id,
        "canteen_id": a.canteen_id,
        "template_id": a.template_id,
        "place": a.place,
        "item_id": a.item_id,
        "item": a.item,
        "finding": a.finding,
        "equipment": a.equipment,
        "equipment_tag": a.equipment_tag,
        "due_on": a.due_on.isoformat(),
        "opened_at": iso(a.opened_at),
        "status": "open" if a.open else "closed",
        "evidence": a.evidence,
        "corrected_by": a.corrected_by,
        "corrected_at": iso_moment(a.corrected_at),
        "corrected_on": iso_day(a.corrected_on),
    }


def action_from_doc(doc: Doc) -> CorrectiveAction:
    """Inverse of `action_doc`."""
    return CorrectiveAction(
        action_id=doc["_id"],
        inspection_id=doc["inspection_id"],
        canteen_id=doc["canteen_id"],
        template_id=doc["template_id"],
        place=doc["place"],
        item_id=doc["item_id"],
        item=doc["item"],
        finding=doc["finding"],
        equipment=doc["equipment"],
        equipment_tag=doc["equipment_tag"],
        due_on=date.fromisoformat(doc["due_on"]),
        opened_at=parse_iso(doc["opened_at"]),
        evidence=doc["evidence"],
        corrected_by=doc["corrected_by"],
        corrected_at=moment(doc["corrected_at"]),
        corrected_on=day(doc["corrected_on"]),
        version=doc["_v"],
    )


def stage_action(uow: UnitOfWork, action: CorrectiveAction) -> None:
    """Stage a corrective action and its events."""
    put(uow, ACTIONS, action_doc(action), action.version)
    uow.collect(action, subject=action.action_id)


def inspection_doc(i: Inspection) -> Doc:
    """The stored inspection record: every item with its score and finding."""
    return {
        "_id": i.inspection_id,
        "canteen_id": i.canteen_id,
        "template_id": i.template_id,
        "template_name": i.template_name,
        "kind": i.kind,
        "place": i.place,
        "inspected_on": i.inspected_on.isoformat(),
        "inspected_at": iso(i.inspected_at),
        "inspector": i.inspector,
        "pass_mark": i.pass_mark,
        "score": i.score,
        "max_score": i.max_score,
        "passed": i.passed,
        "results": [
            {
                **_item_doc(s.item),
                "score": s.result.score,
                "finding": s.result.finding,
                "result_tag": s.result.equipment_tag,
                "due_on": iso_day(s.result.due_on),
            }
            for s in i.scored
        ],
    }


def inspection_from_doc(doc: Doc) -> Inspection:
    """Inverse of `inspection_doc` (the items as they were when inspected)."""
    scored = []
    for r in doc["results"]:
        item = ChecklistItem(
            r["item_id"], r["text"], r["points"], r["equipment"], r["equipment_tag"], r["place"]
        )
        result = ItemResult(
            r["item_id"], r["score"], r["finding"], r["result_tag"], day(r["due_on"])
        )
        scored.append(Scored(item, result))
    return Inspection(
        inspection_id=doc["_id"],
        canteen_id=doc["canteen_id"],
        template_id=doc["template_id"],
        template_name=doc["template_name"],
        kind=doc["kind"],
        place=doc["place"],
        inspected_on=date.fromisoformat(doc["inspected_on"]),
        inspected_at=parse_iso(doc["inspected_at"]),
        inspector=doc["inspector"],
        scored=tuple(scored),
        pass_mark=doc["pass_mark"],
        version=doc["_v"],
    )


def stage_inspection(uow: UnitOfWork, inspection: Inspection) -> None:
    """Stage the inspection, the actions it opened, and their events (one write)."""
    uow.insert(INSPECTIONS, inspection_doc(inspection))
    uow.collect(inspection, subject=inspection.inspection_id)
    for action in inspection.actions:
        stage_action(uow, action)


async def load_inspection(store: DocumentStore, inspection_id: str) -> Inspection | None:
    """The inspection, or None."""
    doc = await store.get(INSPECTIONS, inspection_id)
    return inspection_from_doc(doc) if doc is not None else None


async def inspections_between(
    store: DocumentStore, canteen_id: str, first: date, last: date
) -> list[Inspection]:
    """A canteen's inspections from `first` through `last`, oldest first."""
    filter = {
        "canteen_id": canteen_id,
        "inspected_on": {"$gte": first.isoformat(), "$lte": last.isoformat()},
    }
    docs = await find_all(store, INSPECTIONS, filter, [("inspected_on", 1)])
    return sorted((inspection_from_doc(d) for d in docs), key=lambda i: i.inspected_at)


async def load_action(store: DocumentStore, action_id: str) -> CorrectiveAction | None:
    """The corrective action, or None."""
    doc = await store.get(ACTIONS, action_id)
    return action_from_doc(doc) if doc is not None else None


async def open_actions(store: DocumentStore, canteen_id: str) -> list[CorrectiveAction]:
    """A canteen's open corrective actions, soonest due first."""
    filter = {"canteen_id": canteen_id, "status": "open"}
    docs = await find_all(store, ACTIONS, filter, [("due_on", 1)])
    return [action_from_doc(d) for d in docs]


async def actions_page(
    store: DocumentStore, canteen_id: str, status: str, *, limit: int, cursor: str | None
) -> Paged[CorrectiveAction]:
    """A page of a canteen's actions of one status, by due day."""
    query = Query(
        {"canteen_id": canteen_id, "status": status}, [("due_on", 1)], limit=limit, after=cursor
    )
    return Paged.of(await store.find(ACTIONS, query), action_from_doc)
