"""The words of maintenance: statuses, trades, priorities and channels, with zh-CN labels."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """Where a work order is in its life."""

    OPENED = "opened"
    TRIAGED = "triaged"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    ON_HOLD = "on_hold"
    RESOLVED = "resolved"
    CLOSED = "closed"
    REOPENED = "reopened"


#: Statuses a work order is still open in (everything but closed).
OPEN_STATUSES = tuple(s for s in Status if s is not Status.CLOSED)
#: Statuses in which a technician carries the order (its workload).
ACTIVE_WORK = (Status.ASSIGNED, Status.IN_PROGRESS, Status.ON_HOLD, Status.REOPENED)


class Category(StrEnum):
    """The trades that route repairs to teams (土建、水、电、暖 and the rest)."""

    CIVIL = "civil"
    PLUMBING = "plumbing"
    ELECTRICAL = "electrical"
    HEATING = "heating"
    NETWORK = "network"
    FURNITURE = "furniture"
    OTHER = "other"


CATEGORY_LABELS = {
    Category.CIVIL: "土建",
    Category.PLUMBING: "水",
    Category.ELECTRICAL: "电",
    Category.HEATING: "暖",
    Category.NETWORK: "网络",
    Category.FURNITURE: "家具",
    Category.OTHER: "其他",
}


class Priority(StrEnum):
    """How fast an order must be answered and fixed."""

    EMERGENCY = "emergency"
    URGENT = "urgent"
    HIGH = "high"
    ROUTINE = "routine"


PRIORITY_LABELS = {
    Priority.EMERGENCY: "紧急",
    Priority.URGENT: "加急",
    Priority.HIGH: "优先",
    Priority.ROUTINE: "一般",
}
#: Sort order: most pressing first.
PRIORITY_RANK = {p: i for i, p in enumerate(Priority)}


class Channel(StrEnum):
    """How the order came in (受理网络、电话平台报修, QR codes, patrols, other services)."""

    WEB = "web"
    PHONE = "phone"
    QR = "qr"
    PATROL = "patrol"
    ASSET = "asset"
    CANTEEN = "canteen"
    PREVENTIVE = "preventive"


class AssigneeKind(StrEnum):
    """Who carries an assigned order."""

    TECHNICIAN = "technician"
    TEAM = "team"
    CONTRACTOR = "contractor"


class SlaState(StrEnum):
    """What a list can ask of an order's SLA clocks (`GET /tickets?sla=`)."""

    #: A running clock is in the last share of its budget, and nothing is breached yet.
    AT_RISK = "at_risk"
    #: A clock ran out (recorded, or past due before the SLA pass noticed).
    BREACHED = "breached"
