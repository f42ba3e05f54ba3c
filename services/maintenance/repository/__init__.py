"""Persistence through the shared document-store port: collections, indexes, doc mapping."""

from __future__ import annotations

from services.maintenance.repository.common import (
    ASSETS,
    BREACHES,
    CONTRACTORS,
    DEVICES,
    LOCATIONS,
    QR_CODES,
    RATES,
    ROUTES,
    RULES,
    RUNS,
    SCHEDULES,
    TEAMS,
    TECHNICIANS,
    TICKETS,
    WARRANTIES,
)
from shared.store import Index

INDEXES = (
    Index(TICKETS, ("source_event_id",), unique=True),
    Index(TICKETS, ("source_key",), unique=True),
    Index(TICKETS, ("created_at",)),
    Index(TICKETS, ("status", "created_at")),
    Index(TICKETS, ("building_id", "status", "created_at")),
    Index(TICKETS, ("building_id", "created_at")),
    Index(TICKETS, ("campus_id", "status", "created_at")),
    Index(TICKETS, ("campus_id", "created_at")),
    # A dispatcher's list always carries the campus filter: these serve building filters.
    Index(TICKETS, ("campus_id", "building_id", "status", "created_at")),
    Index(TICKETS, ("campus_id", "building_id", "created_at")),
    Index(TICKETS, ("campus_id", "building_id", "priority_rank", "created_at")),
    Index(TICKETS, ("requester_id", "created_at")),
    Index(TICKETS, ("assignee_id", "status", "created_at")),
    Index(TICKETS, ("sla_next_check",)),
    # `GET /tickets?sla=`: a dispatcher's list carries the campus; global roles' lists do not.
    Index(TICKETS, ("campus_id", "sla_attention_from")),
    Index(TICKETS, ("campus_id", "sla_breach_from")),
    Index(TICKETS, ("sla_attention_from",)),
    Index(TICKETS, ("sla_breach_from",)),
    Index(TICKETS, ("status", "resolved_at")),
    Index(BREACHES, ("ticket_id", "clock"), unique=True),
    Index(BREACHES, ("detected_at",)),
    Index(LOCATIONS, ("kind", "campus_id")),
    Index(LOCATIONS, ("building_id", "kind")),
    Index(ASSETS, ("building_id",)),
    Index(RULES, ("campus_id", "category")),
    Index(TEAMS, ("campus_id",)),
    Index(TECHNICIANS, ("campus_id", "name")),
    Index(WARRANTIES, ("building_id",)),
    Index(WARRANTIES, ("asset_tag",)),
    Index(ROUTES, ("campus_id",)),
    Index(RUNS, ("route_id", "at")),
    Index(SCHEDULES, ("active",)),
    Index(RATES, ("expires_at",)),
    Index(QR_CODES, ("target",)),
    Index(DEVICES, ("building_id",)),
    Index(CONTRACTORS, ("name",)),
)

__all__ = ["INDEXES"]
