"""Persistence of the directory, notifications and delivery log through the store port."""

from __future__ import annotations

from shared.store import Index

PEOPLE = "people"
AUDIENCE = "audience"
NOTIFICATIONS = "notifications"
DELIVERIES = "deliveries"
RULES = "rules"
ENDPOINTS = "endpoints"
INCIDENTS = "incidents"
#: Contacts without an account, remembered from the event that carried them (a QR ticket).
CONTACTS = "contacts"
TEMPLATES = "templates"

INDEXES = (
    Index(AUDIENCE, ("role", "kind", "value")),
    Index(AUDIENCE, ("user_id",)),
    Index(NOTIFICATIONS, ("source_event_id", "recipient_id"), unique=True),
    Index(NOTIFICATIONS, ("recipient_id", "created_at")),
    Index(NOTIFICATIONS, ("recipient_id", "status", "created_at")),
    Index(NOTIFICATIONS, ("correlation_id", "created_at")),
    Index(NOTIFICATIONS, ("created_at",)),
    Index(DELIVERIES, ("notification_id", "at")),
    # The e-mail sender's "what is due" query, and the failures list of operations.
    Index(DELIVERIES, ("status", "next_attempt_at")),
    Index(DELIVERIES, ("status", "at")),
    Index(DELIVERIES, ("channel", "status", "next_attempt_at")),
    Index(DELIVERIES, ("recipient_id", "hold", "status", "next_attempt_at")),
    Index(DELIVERIES, ("source_event_type", "at")),
    Index(DELIVERIES, ("hold", "status", "next_attempt_at")),
    Index(RULES, ("updated_at",)),
    Index(ENDPOINTS, ("updated_at",)),
    Index(INCIDENTS, ("state", "created_at")),
    Index(INCIDENTS, ("escalation", "escalate_at")),
    Index(PEOPLE, ("updated_at",)),
)
