"""Routing rules and endpoints in the store: documents, staging, and when they last changed."""

from __future__ import annotations

from services.notifications.domain.endpoints import Endpoint
from services.notifications.domain.rules import Rule, RuleSpec
from services.notifications.repository import ENDPOINTS, RULES
from shared.clock import iso, parse_iso
from shared.store import Doc, DocumentStore, Query, find_all
from shared.uow import UnitOfWork


def rule_doc(rule: Rule) -> Doc:
    """The stored rule."""
    assert rule.updated_at is not None, "a stored rule carries its stamp"
    doc: Doc = {
        "_id": rule.rule_id,
        "spec": rule.spec.model_dump(mode="json", by_alias=True, exclude_none=True),
        "origin": rule.origin,
        "updated_at": iso(rule.updated_at),
        "updated_by": rule.updated_by,
    }
    if rule.version is not None:
        doc["_v"] = rule.version
    return doc


def rule_of(doc: Doc) -> Rule:
    """Inverse of `rule_doc`."""
    return Rule(
        rule_id=doc["_id"],
        spec=RuleSpec.model_validate(doc["spec"]),
        origin=doc["origin"],
        updated_at=parse_iso(doc["updated_at"]),
        updated_by=doc.get("updated_by"),
        version=doc["_v"],
    )


async def load_rule(store: DocumentStore, rule_id: str) -> Rule | None:
    """One rule, or None."""
    doc = await store.get(RULES, rule_id)
    return rule_of(doc) if doc is not None else None


async def all_rules(store: DocumentStore) -> list[Rule]:
    """Every rule, by id (dozens, not thousands: read whole for each event)."""
    return [rule_of(d) for d in await find_all(store, RULES, {}, [("_id", 1)])]


def stage_rule(uow: UnitOfWork, rule: Rule) -> None:
    """Insert or conditionally replace a rule, with its change event."""
    if rule.version is None:
        uow.insert(RULES, rule_doc(rule))
    else:
        uow.replace(RULES, rule_doc(rule))
    uow.collect(rule, subject=rule.rule_id)


def stage_rule_delete(uow: UnitOfWork, rule: Rule) -> None:
    """Delete a rule (conditional on its version), with its change event."""
    uow.delete(RULES, rule_doc(rule))
    uow.collect(rule, subject=rule.rule_id)


def endpoint_doc(e: Endpoint) -> Doc:
    """The stored endpoint (its secret included: the store is the service's own)."""
    assert e.updated_at is not None
    doc: Doc = {
        "_id": e.endpoint_id,
        "kind": e.kind,
        "url": e.url,
        "secret": e.secret,
        "name": e.name,
        "scopes": {k: sorted(v) for k, v in sorted(e.scopes.items()) if v},
        "language": e.language,
        "active": e.active,
        "updated_at": iso(e.updated_at),
    }
    if e.version is not None:
        doc["_v"] = e.version
    return doc


def endpoint_of(doc: Doc) -> Endpoint:
    """Inverse of `endpoint_doc`."""
    return Endpoint(
        endpoint_id=doc["_id"],
        kind=doc["kind"],
        url=doc["url"],
        secret=doc.get("secret"),
        name=doc["name"],
        scopes={k: frozenset(v) for k, v in doc["scopes"].items()},
        language=doc.get("language", "zh-CN"),
        active=doc["active"],
        updated_at=parse_iso(doc["updated_at"]),
        version=doc["_v"],
    )


async def load_endpoint(store: DocumentStore, endpoint_id: str) -> Endpoint | None:
    """One endpoint, or None."""
    doc = await store.get(ENDPOINTS, endpoint_id)
    return endpoint_of(doc) if doc is not None else None


async def all_endpoints(store: DocumentStore) -> list[Endpoint]:
    """Every endpoint, by id."""
    return [endpoint_of(d) for d in await find_all(store, ENDPOINTS, {}, [("_id", 1)])]


def stage_endpoint(uow: UnitOfWork, e: Endpoint) -> None:
    """Insert or conditionally replace an endpoint, with its change event."""
    if e.version is None:
        uow.insert(ENDPOINTS, endpoint_doc(e))
    else:
        uow.replace(ENDPOINTS, endpoint_doc(e))
    uow.collect(e, subject=e.endpoint_id)


async def last_change(store: DocumentStore) -> str | None:
    """When a rule or an endpoint last changed (the re-routing loop compares it)."""
    stamps = []
    for collection in (RULES, ENDPOINTS):
        found = await store.find(collection, Query({}, [("updated_at", -1)], limit=1))
        stamps += [d["updated_at"] for d in found.items]
    return max(stamps) if stamps else None
