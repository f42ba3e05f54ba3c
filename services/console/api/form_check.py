"""A form checked with reasons a person can read: each refused field named, with a hint of
what it takes in the person's language (pydantic's own messages are English and technical)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from fastapi import Request

from services.console.api.respond import translated
from services.console.api.schemas import F, parse_form
from services.console.domain.forms import FormErrors
from services.console.domain.vocabulary import N_
from services.console.handlers.context import ConsoleContext

GENERIC = N_("Please check this value.")


def checked(
    model: type[F],
    values: Mapping[str, Any],
    translate: Callable[[str], str],
    hints: Mapping[str, str],
) -> tuple[F | None, FormErrors]:
    """The form, or its errors by field; a rule across fields (a model validator) names its
    field as its message (`raise ValueError("ends_on")`)."""
    form, errors = parse_form(model, values)
    if form is not None:
        return form, errors
    fields: dict[str, str] = {}
    for name, reason in errors.fields.items():
        if name == "form":
            name = reason.removeprefix("Value error, ")
        fields.setdefault(name, translate(hints.get(name, GENERIC)))
    return None, FormErrors(fields)


def translator(request: Request, ctx: ConsoleContext) -> Callable[[str], str]:
    """The catalogue's gettext in the person's language."""
    return lambda message: translated(request, ctx, message)


async def form_values(request: Request) -> dict[str, str]:
    """The text fields of a posted form (CSRF left out; a repeated field: its last value)."""
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str) and k != "csrf"}
