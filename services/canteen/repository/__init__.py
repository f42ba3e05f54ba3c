"""Persistence through the document-store port: collection names and the indexes queried by.

Quantities are stored as decimal strings (exact; a float would let a balance drift below zero)
and calendar dates as `YYYY-MM-DD` strings, which sort and range-filter as dates do.
"""

from __future__ import annotations

from shared.store import Index

CANTEENS = "canteens"
SUPPLIERS = "suppliers"
DELIVERIES = "deliveries"
BATCHES = "batches"
LEDGER = "ledger"
ISSUES = "issues"
FAULTS = "equipment_faults"
SCANS = "expiry_scans"
MEALS = "meals"
VIOLATIONS = "sample_violations"
STAFF = "staff"
ROSTERS = "rosters"
CHECKS = "morning_checks"
NOTICES = "licence_notices"
CHECKLISTS = "checklists"
INSPECTIONS = "inspections"
ACTIONS = "corrective_actions"
DEVICES = "devices"
READINGS = "readings"
COUNTS = "stock_counts"
COUNT_STATUS = "count_status"
DISHES = "dishes"
PRICE_CAPS = "price_caps"
MENUS = "menus"
SERVINGS = "meal_servings"
RECALLS = "recalls"
RATINGS = "ratings"
COMPLAINTS = "complaints"
SATISFACTION = "satisfaction_weeks"
FEEDBACK_RATES = "feedback_rates"
#: One document per batch an issue took from, with the meal and dish it went to (tracing, costs).
ISSUE_TAKES = "issue_takes"

INDEXES = (
    Index(DELIVERIES, ("supplier_id", "delivery_note_no"), unique=True),
    Index(DELIVERIES, ("canteen_id", "received_at")),
    # The stock of a canteen, and of one item in it (any unit: see issues.Issue.make).
    Index(BATCHES, ("canteen_id", "status", "item", "expires_on")),
    Index(BATCHES, ("status", "expires_on")),
    Index(BATCHES, ("canteen_id", "status", "expires_on")),
    Index(LEDGER, ("canteen_id", "at")),
    Index(LEDGER, ("batch_id", "at")),
    Index(FAULTS, ("canteen_id", "reported_at")),
    # Food safety: every query of the today page is one of these, by canteen and day.
    Index(MEALS, ("canteen_id", "served_on")),
    Index(VIOLATIONS, ("canteen_id", "raised_at")),
    Index(STAFF, ("canteen_id", "name")),
    Index(CHECKS, ("canteen_id", "day")),
    Index(INSPECTIONS, ("canteen_id", "inspected_on")),
    Index(ACTIONS, ("canteen_id", "status", "due_on")),
    Index(DEVICES, ("canteen_id", "name")),
    Index(READINGS, ("device_id", "at")),
    Index(READINGS, ("canteen_id", "at")),
    Index(READINGS, ("canteen_id", "verdict", "at")),
    Index(COUNTS, ("canteen_id", "counted_on")),
    # Issue 11: menus, costs, tracing and feedback, every query by canteen and day or week.
    Index(DISHES, ("canteen_id", "dish_id")),
    Index(MENUS, ("canteen_id", "week")),
    Index(SERVINGS, ("canteen_id", "day")),
    Index(ISSUE_TAKES, ("canteen_id", "day")),
    Index(ISSUE_TAKES, ("canteen_id", "meal_id")),
    Index(ISSUE_TAKES, ("canteen_id", "batch_id")),
    Index(RECALLS, ("canteen_id", "at")),
    Index(RATINGS, ("canteen_id", "week")),
    Index(COMPLAINTS, ("canteen_id", "week")),
    Index(COMPLAINTS, ("canteen_id", "status", "received_at")),
    Index(SATISFACTION, ("canteen_id", "week")),
)
