"""Previewing a template before it is saved: rendered on the latest event of its type.

An administrator editing a template sees what it would say now, with the data of the newest
event of the type notifications has received (or, before there is one, every field the
consumed model declares as a `‹field›` placeholder). A template that would fail shows its error
instead of the plain default the live path falls back to: the editor is where to fix it.
Nothing is stored and nothing is published.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from typing import Any

from jinja2 import TemplateError

from services.notifications.domain import access
from services.notifications.domain.alerts import ALERTS, alert
from services.notifications.domain.rules import CHANNELS
from services.notifications.domain.templates import check, render
from services.notifications.handlers.context import NotificationsContext
from services.notifications.handlers.fanout import Occurrence, template_values
from services.notifications.repository import incidents as incidents_repo
from services.notifications.repository import rules as rules_repo
from shared.auth import Principal
from shared.errors import Invalid
from shared.store import DocumentStore
from shared.uow import UnitOfWork


@dataclass(frozen=True)
class Preview:
    """What a template says for one event, or why it cannot say it."""

    name: str
    event_type: str
    language: str
    channel: str | None
    title: str | None
    body: str | None
    error: str | None
    #: `event`: the newest event of the type; `placeholders`: none received yet.
    sample: str
    sample_event_id: str | None


def parts(name: str) -> tuple[str, str | None, str]:
    """(template, channel or None, language) of a template name."""
    base, _, lang = name.rpartition(".")
    head, _, last = base.rpartition(".")
    if head and last in CHANNELS:
        return head, last, lang
    return base, None, lang


async def _event_type(store: DocumentStore, template: str) -> str:
    """The consumed type a template speaks of: itself, or a type of a rule that names it."""
    if template in ALERTS:
        return template
    for rule in await rules_repo.all_rules(store):
        if rule.spec.template != template:
            continue
        for event_type in ALERTS:
            if any(fnmatch.fnmatchcase(event_type, p) for p in rule.spec.events):
                return event_type
    raise Invalid(f"no consumed event type uses the template {template}", field="name")


def _placeholders(event_type: str) -> dict[str, Any]:
    return {f: f"‹{f}›" for f in alert(event_type).model.model_fields}


async def preview_template(
    uow: UnitOfWork, ctx: NotificationsContext, who: Principal, /, name: str, source: str
) -> Preview:
    """Render `source` as the template `name` for the newest event of its type."""
    access.require_configurer(who)
    template, channel, lang = parts(name)
    if lang == "html":
        raise Invalid("the e-mail layout is previewed with a message template", field="name")
    event_type = await _event_type(uow.store, template)
    latest = await incidents_repo.page(
        uow.store, state=None, event_type=event_type, limit=1, after=None
    )
    if latest.items:
        i = latest.items[0]
        model = alert(event_type).model
        data = {**model.model_validate(i.data).model_dump(mode="json"), **i.data}
        o = Occurrence(
            i.event_id,
            event_type,
            i.correlation_id,
            i.subject,
            i.time,
            i.data,
            i.severity,
            template,
        )
        sample, sample_id = "event", i.event_id
    else:
        data = _placeholders(event_type)
        severity = alert(event_type).severity
        o = Occurrence(
            "‹event id›",
            event_type,
            "‹correlation id›",
            None,
            ctx.now(),
            data,
            severity if isinstance(severity, str) else "warning",
            template,
        )
        sample, sample_id = "placeholders", None

    def answer(title: str | None, body: str | None, error: str | None) -> Preview:
        return Preview(name, event_type, lang, channel, title, body, error, sample, sample_id)

    error = check(source)
    if error is not None:
        return answer(None, None, error)
    try:
        rendered = render(source, template_values(o, data, ctx.zone, lang, "alert"))
    except (TemplateError, ArithmeticError, LookupError, TypeError, ValueError) as exc:
        # The same failures the live path survives by the plain default (domain/templates.py).
        return answer(None, None, f"{type(exc).__name__}: {exc}")
    return answer(rendered.title, rendered.body, None)
