"""Dispatch rules, teams, contractors and warranties in the store."""

from __future__ import annotations

from services.maintenance.domain.dispatch import Contractor, Rule, Team, Warranty
from services.maintenance.domain.sla import Target
from services.maintenance.domain.vocabulary import Category
from services.maintenance.events import (
    ContractorUpdated,
    DispatchRuleUpdated,
    ReferenceSaved,
    TeamUpdated,
    WarrantyUpdated,
)
from services.maintenance.repository.common import (
    CONTRACTORS,
    RULES,
    TEAMS,
    WARRANTIES,
    day,
    stage_reference,
)
from shared.store import Doc, DocumentStore, Query, find_all
from shared.uow import UnitOfWork


def rule_doc(rule: Rule) -> Doc:
    """The stored form of a rule."""
    return {
        "_id": rule.id,
        "campus_id": rule.campus_id,
        "category": rule.category.value,
        "building_id": rule.building_id,
        "technician_id": rule.technician_id,
        "team_id": rule.team_id,
    }


def rule_from(doc: Doc) -> Rule:
    """Inverse of `rule_doc`."""
    return Rule(
        id=doc["_id"],
        campus_id=doc["campus_id"],
        category=Category(doc["category"]),
        building_id=doc.get("building_id"),
        technician_id=doc.get("technician_id"),
        team_id=doc.get("team_id"),
    )


def team_doc(team: Team) -> Doc:
    """The stored form of a team."""
    return {
        "_id": team.id,
        "campus_id": team.campus_id,
        "name": team.name,
        "members": list(team.members),
    }


def team_from(doc: Doc) -> Team:
    """Inverse of `team_doc`."""
    return Team(doc["_id"], doc["campus_id"], doc["name"], tuple(doc["members"]))


def contractor_doc(c: Contractor) -> Doc:
    """The stored form of a contractor."""
    return {
        "_id": c.id,
        "name": c.name,
        "technician_id": c.technician_id,
        "response": c.response.to_doc(),
        "escalate_to": c.escalate_to,
    }


def contractor_from(doc: Doc) -> Contractor:
    """Inverse of `contractor_doc`."""
    return Contractor(
        id=doc["_id"],
        name=doc["name"],
        technician_id=doc["technician_id"],
        response=Target.from_doc(doc["response"]),
        escalate_to=doc.get("escalate_to"),
    )


def warranty_doc(w: Warranty) -> Doc:
    """The stored form of a warranty."""
    return {
        "_id": w.id,
        "contractor_id": w.contractor_id,
        "campus_id": w.campus_id,
        "until": w.until.isoformat(),
        "building_id": w.building_id,
        "asset_tag": w.asset_tag,
        "categories": [c.value for c in w.categories],
    }


def warranty_from(doc: Doc) -> Warranty:
    """Inverse of `warranty_doc`."""
    until = day(doc["until"])
    assert until is not None
    return Warranty(
        id=doc["_id"],
        contractor_id=doc["contractor_id"],
        campus_id=doc["campus_id"],
        until=until,
        building_id=doc.get("building_id"),
        asset_tag=doc.get("asset_tag"),
        categories=tuple(Category(c) for c in doc.get("categories", [])),
    )


async def rules_for(store: DocumentStore, campus_id: str, category: Category) -> list[Rule]:
    """The rules of a campus for one trade."""
    page = await store.find(RULES, Query({"campus_id": campus_id, "category": category.value}))
    return [rule_from(d) for d in page.items]


async def load_team(store: DocumentStore, team_id: str) -> Team | None:
    """A team, or None."""
    doc = await store.get(TEAMS, team_id)
    return team_from(doc) if doc else None


async def load_contractor(store: DocumentStore, contractor_id: str) -> Contractor | None:
    """A contractor, or None."""
    doc = await store.get(CONTRACTORS, contractor_id)
    return contractor_from(doc) if doc else None


async def warranties_for(
    store: DocumentStore, building_id: str, asset_tag: str | None
) -> list[Warranty]:
    """Warranties on a building and on an asset."""
    found = (await store.find(WARRANTIES, Query({"building_id": building_id}))).items
    if asset_tag:
        found += (await store.find(WARRANTIES, Query({"asset_tag": asset_tag}))).items
    return [warranty_from(d) for d in found]


async def _save(uow: UnitOfWork, collection: str, doc: Doc, event: type[ReferenceSaved]) -> None:
    stage_reference(uow, collection, doc, await uow.store.get(collection, doc["_id"]), event)


async def save_rule(uow: UnitOfWork, rule: Rule) -> None:
    """Stage a rule's insert or replace and its event (nothing if unchanged)."""
    await _save(uow, RULES, rule_doc(rule), DispatchRuleUpdated)


async def save_team(uow: UnitOfWork, team: Team) -> None:
    """Stage a team's insert or replace and its event (nothing if unchanged)."""
    await _save(uow, TEAMS, team_doc(team), TeamUpdated)


async def save_contractor(uow: UnitOfWork, contractor: Contractor) -> None:
    """Stage a contractor's insert or replace and its event (nothing if unchanged)."""
    await _save(uow, CONTRACTORS, contractor_doc(contractor), ContractorUpdated)


async def save_warranty(uow: UnitOfWork, warranty: Warranty) -> None:
    """Stage a warranty's insert or replace and its event (nothing if unchanged)."""
    await _save(uow, WARRANTIES, warranty_doc(warranty), WarrantyUpdated)


async def rules_of_campus(store: DocumentStore, campus_id: str) -> list[Rule]:
    """Every rule of a campus, by id."""
    docs = await find_all(store, RULES, {"campus_id": campus_id}, [("_id", 1)])
    return [rule_from(d) for d in docs]


async def teams_of_campus(store: DocumentStore, campus_id: str) -> list[Team]:
    """Every team of a campus, by id."""
    docs = await find_all(store, TEAMS, {"campus_id": campus_id}, [("_id", 1)])
    return [team_from(d) for d in docs]


async def all_contractors(store: DocumentStore) -> list[Contractor]:
    """Every contractor, by id."""
    return [contractor_from(d) for d in await find_all(store, CONTRACTORS, {}, [("_id", 1)])]


async def warranties_of_campus(store: DocumentStore, campus_id: str) -> list[Warranty]:
    """Every warranty of a campus, by id."""
    docs = await find_all(store, WARRANTIES, {"campus_id": campus_id}, [("_id", 1)])
    return [warranty_from(d) for d in docs]
