"""A routing rule as a plain HTML form, and back: pure, no I/O.

Notifications' rules (`GET /routing-rules/{id}`) are JSON with lists of recipients and a channel
table per severity; a form without script has fixed fields. So recipients are rows of three
fields (kind, value, scope) with two blank rows for adding (an emptied row is removed), the
event patterns one per line, scopes as comma-separated ids, and channels as checkboxes per
severity (none checked: the service's defaults). The service validates the rule again and has
the last word; its refusals are mapped back onto the fields here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from services.console.domain.forms import FormErrors

RECIPIENT_KINDS = ("role", "person", "duty", "named", "endpoint", "endpoints")
SCOPE_KINDS = ("campus", "building", "canteen")
SEVERITIES = ("info", "warning", "critical")
#: Channels a rule may add to in-app (which is always on).
PUSH_CHANNELS = ("email", "sms", "webhook", "wecom", "dingtalk", "feishu")
BLANK_ROWS = 2
RULE_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
_SPLIT = re.compile(r"[\s,，、]+")
#: Form field of each single-valued rule field the service may name in a refusal.
_PLAIN = ("description", "severity", "template", "escalate_after_minutes", "events")


@dataclass(frozen=True)
class Row:
    """One recipient as a form row: its kind, the value it names, and the scope (`in`)."""

    kind: str = ""
    value: str = ""
    scope: str = "all"


def row_of(recipient: Mapping[str, Any]) -> Row:
    """The row of one recipient of a rule."""
    if "role" in recipient:
        return Row("role", str(recipient["role"]), str(recipient.get("in", "all")))
    if "endpoints" in recipient:
        return Row("endpoints", "", str(recipient["endpoints"]))
    for kind in ("person", "duty", "named", "endpoint"):
        if kind in recipient:
            return Row(kind, str(recipient[kind]))
    raise ValueError(f"a recipient of an unknown kind: {sorted(recipient)}")


def recipient_of(row: Row) -> dict[str, str] | None:
    """The recipient a row names (None for a blank row)."""
    if not row.kind:
        return None
    if row.kind == "endpoints":
        return {"endpoints": row.scope or "all"}
    if row.kind == "role":
        return {"role": row.value, "in": row.scope or "all"}
    return {row.kind: row.value}


def values_of(rule: Mapping[str, Any]) -> dict[str, Any]:
    """The form's values for a rule (`rule` as the API returns it, or {} for a new one)."""
    scope = rule.get("scope") or {}
    channels = rule.get("channels") or {}
    values: dict[str, Any] = {
        "description": rule.get("description") or "",
        "events": "\n".join(rule.get("events") or ()),
        "enabled": rule.get("enabled", True),
        "fallback": rule.get("fallback", True),
        "severity": rule.get("severity") or "",
        "template": rule.get("template") or "",
        "escalate_after_minutes": str(rule.get("escalate_after_minutes") or ""),
        "recipients": [row_of(r) for r in rule.get("recipients") or ()],
        "escalate_to": [row_of(r) for r in rule.get("escalate_to") or ()],
    }
    for kind in SCOPE_KINDS:
        values[f"scope_{kind}"] = ", ".join(scope.get(kind) or ())
    for severity in SEVERITIES:
        values[f"ch_{severity}"] = [c for c in channels.get(severity) or () if c != "in_app"]
    return with_blank_rows(values)


def with_blank_rows(values: dict[str, Any]) -> dict[str, Any]:
    """The values with blank rows to add recipients (and escalation targets) in."""
    for name in ("recipients", "escalate_to"):
        values[name] = [*values[name], *(Row() for _ in range(BLANK_ROWS))]
    return values


def _rows(form: Mapping[str, Sequence[str]], prefix: str) -> list[Row]:
    indexes = sorted(
        {int(m.group(1)) for k in form if (m := re.fullmatch(rf"{prefix}-(\d+)-kind", k))}
    )

    def one(name: str, i: int, default: str = "") -> str:
        got = form.get(f"{prefix}-{i}-{name}") or [default]
        return got[0].strip()

    return [Row(one("kind", i), one("value", i), one("in", i, "all")) for i in indexes[:50]]


def _ids(text: str) -> list[str]:
    return [p for p in _SPLIT.split(text) if p]


def parse(form: Mapping[str, Sequence[str]]) -> tuple[dict[str, Any], dict[str, Any], FormErrors]:
    """(the rule's JSON for PUT, the values to show again, what the console can tell at once)."""

    def one(name: str) -> str:
        return (form.get(name) or [""])[0].strip()

    errors: dict[str, str] = {}
    recipients = _rows(form, "r")
    escalate_to = _rows(form, "e")
    values: dict[str, Any] = {
        "description": one("description"),
        "events": one("events"),
        "enabled": bool(form.get("enabled")),
        "fallback": bool(form.get("fallback")),
        "severity": one("severity"),
        "template": one("template"),
        "escalate_after_minutes": one("escalate_after_minutes"),
        "recipients": [r for r in recipients if r.kind],
        "escalate_to": [r for r in escalate_to if r.kind],
    }
    body: dict[str, Any] = {
        "events": _ids(values["events"]),
        "recipients": [x for r in recipients if (x := recipient_of(r))],
        "enabled": values["enabled"],
        "fallback": values["fallback"],
    }
    for name in ("description", "severity", "template"):
        if values[name]:
            body[name] = values[name]
    minutes = values["escalate_after_minutes"]
    if minutes:
        if minutes.isdigit():
            body["escalate_after_minutes"] = int(minutes)
        else:
            errors["escalate_after_minutes"] = "a whole number of minutes"
    escalation = [x for r in escalate_to if (x := recipient_of(r))]
    if escalation:
        body["escalate_to"] = escalation
    scope = {}
    for kind in SCOPE_KINDS:
        values[f"scope_{kind}"] = one(f"scope_{kind}")
        if ids := _ids(values[f"scope_{kind}"]):
            scope[kind] = ids
    body["scope"] = scope
    channels = {}
    for severity in SEVERITIES:
        chosen = [c for c in form.get(f"ch_{severity}") or () if c in PUSH_CHANNELS]
        values[f"ch_{severity}"] = chosen
        if chosen:
            channels[severity] = ["in_app", *chosen]
    body["channels"] = channels
    if not body["events"]:
        errors["events"] = "at least one event type pattern"
    if not body["recipients"]:
        errors["r-0-kind"] = "at least one recipient"
    for prefix, rows in (("r", recipients), ("e", escalate_to)):
        # Numbered as the form shows them again: the blank rows dropped.
        for i, row in enumerate(r for r in rows if r.kind):
            if row.kind not in RECIPIENT_KINDS:
                errors[f"{prefix}-{i}-kind"] = "an unknown kind of recipient"
            elif row.kind not in ("", "endpoints") and not row.value:
                errors[f"{prefix}-{i}-value"] = "whom this row names"
    return body, with_blank_rows(values), FormErrors(errors)


def errors_of(problem: Mapping[str, Any]) -> FormErrors:
    """The service's refusal of a rule, on the form's fields (rows as the form numbers them
    after parse: the blank ones dropped, so the API's index is the row's)."""
    fields: dict[str, str] = {}
    detail: list[str] = []
    found = list(problem.get("errors") or ())
    if isinstance(problem.get("field"), str):
        found.append({"field": problem["field"], "reason": problem.get("detail", "")})
    for err in found:
        name, reason = str(err.get("field", "")), str(err.get("reason", ""))
        head, _, rest = name.partition(".")
        if head in ("recipients", "escalate_to"):
            index = rest.split(".")[0] if rest else "0"
            prefix = "r" if head == "recipients" else "e"
            fields.setdefault(f"{prefix}-{index if index.isdigit() else 0}-value", reason)
        elif head == "scope":
            kind = rest.split(".")[0]
            fields.setdefault(f"scope_{kind if kind in SCOPE_KINDS else 'campus'}", reason)
        elif head == "channels":
            severity = rest.split(".")[0]
            fields.setdefault(f"ch_{severity if severity in SEVERITIES else 'info'}", reason)
        elif head in _PLAIN:
            fields.setdefault(head, reason)
        else:
            detail.append(reason)
    if not fields and not detail:
        detail.append(str(problem.get("detail") or problem.get("title") or ""))
    return FormErrors(fields, "; ".join(detail) or None)
