"""The words pages show for the services' codes, as catalogue message ids (English source).

Each dict maps a code the APIs return (a status, a trade, a role) to a message id marked with
`N_`, so `make messages` extracts it and the page translates it with the person's locale.
"""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark a message id for extraction; translated later, where the locale is known."""
    return message


STATUS = {
    "opened": N_("Opened"),
    "triaged": N_("Triaged"),
    "assigned": N_("Assigned"),
    "in_progress": N_("In progress"),
    "on_hold": N_("On hold"),
    "resolved": N_("Resolved"),
    "closed": N_("Closed"),
    "reopened": N_("Reopened"),
}
OPEN_STATUSES = ("opened", "triaged", "assigned", "in_progress", "on_hold", "reopened", "resolved")
#: The trades of maintenance (土建、水、电、暖 …).
CATEGORY = {
    "civil": N_("Civil works"),
    "plumbing": N_("Plumbing"),
    "electrical": N_("Electrical"),
    "heating": N_("Heating"),
    "network": N_("Network"),
    "furniture": N_("Furniture"),
    "other": N_("Other"),
}
PRIORITY = {
    "emergency": N_("Emergency"),
    "urgent": N_("Urgent"),
    "high": N_("High"),
    "routine": N_("Routine"),
}
HOLD_REASON = {
    "parts": N_("Waiting for parts"),
    "requester": N_("Waiting for the requester"),
    "access": N_("No access to the place"),
    "contractor": N_("Waiting for the contractor"),
    "other": N_("Other reason"),
}
CHANNEL = {
    "web": N_("Web"),
    "phone": N_("Phone"),
    "qr": N_("QR code"),
    "patrol": N_("Patrol"),
    "asset": N_("Asset damage"),
    "canteen": N_("Canteen"),
    "preventive": N_("Preventive"),
}
ASSIGNEE_KIND = {
    "technician": N_("Technician"),
    "team": N_("Team"),
    "contractor": N_("Contractor"),
}
ROLE = {
    "requester": N_("Requester"),
    "canteen_staff": N_("Canteen staff"),
    "canteen_manager": N_("Canteen manager"),
    "technician": N_("Technician"),
    "dispatcher": N_("Dispatcher"),
    "asset_manager": N_("Asset manager"),
    "logistics_admin": N_("Logistics administrator"),
    "auditor": N_("Auditor"),
    "ops": N_("Operations"),
    "service": N_("Service"),
}
SCOPE_KIND = {"campus": N_("Campus"), "building": N_("Building"), "canteen": N_("Canteen")}
#: Steps of a work order's history (the action names maintenance records).
ACTION = {
    "opened": N_("Opened"),
    "triaged": N_("Triaged"),
    "assigned": N_("Assigned"),
    "started": N_("Work started"),
    "put_on_hold": N_("Put on hold"),
    "resumed": N_("Work resumed"),
    "resolved": N_("Resolved"),
    "closed": N_("Closed"),
    "reopened": N_("Reopened"),
}
CLOCK = {
    "response": N_("Response"),
    "resolution": N_("Resolution"),
    "contractor": N_("Contractor's answer"),
}
SLA_STATE = {"ok": N_("On time"), "at_risk": N_("At risk"), "breached": N_("Breached")}
#: Notifications (issue 13): how severe an alert is, what kind of notification it is.
SEVERITY = {"info": N_("Information"), "warning": N_("Warning"), "critical": N_("Critical")}
NOTE_KIND = {
    "alert": N_("Alert"),
    "escalation": N_("Escalated: nobody acknowledged it in time"),
    "digest": N_("Daily digest"),
}
#: The channels notifications delivers on.
DELIVERY_CHANNEL = {
    "in_app": N_("In the console"),
    "email": N_("E-mail"),
    "sms": N_("SMS"),
    "webhook": N_("Signed webhook"),
    "wecom": N_("WeCom group robot"),
    "dingtalk": N_("DingTalk group robot"),
    "feishu": N_("Feishu group robot"),
}
RECIPIENT_KIND = {
    "role": N_("Everyone with the role"),
    "person": N_("A person (user id)"),
    "duty": N_("A duty roster"),
    "named": N_("Whom the event names"),
    "endpoint": N_("One endpoint (id)"),
    "endpoints": N_("The endpoints of the event's place"),
}
RECIPIENT_SCOPE = {
    "all": N_("anywhere"),
    "campus": N_("of the event's campus"),
    "building": N_("of the event's building"),
    "canteen": N_("of the event's canteen"),
}
LANGUAGE = {"zh-CN": N_("Chinese (zh-CN)"), "en": N_("English (en)")}
ORIGIN = {
    "file": N_("Default"),
    "api": N_("Changed by an administrator"),
    "override": N_("Overridden by an administrator"),
}
INCIDENT_STATE = {
    "undeliverable": N_("Reached nobody"),
    "fallback": N_("Only the logistics administrators heard"),
    "routed": N_("Delivered"),
}
SERVICE = {
    "canteen": N_("Canteen service"),
    "assets": N_("Assets service"),
    "maintenance": N_("Maintenance service"),
    "notifications": N_("Notifications service"),
    "audit": N_("Audit service"),
    "console": N_("Console"),
}


def label(table: dict[str, str], code: str | None) -> str:
    """The message id of a code, or the code itself when the table does not know it."""
    if code is None:
        return ""
    return table.get(code, code)
