"""The rule editor (logistics administrators): every routing rule, one rule's form, new, remove.

A rule saved here becomes the administrator's (`origin: api`): notifications' rules file no
longer touches it, and removing it hands a default rule back to the file at the next start.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response

from services.console.api.deps import Ctx, Who, check_csrf
from services.console.api.respond import flash, page, see_other
from services.console.domain import rule_form
from services.console.domain.access import require_page
from services.console.domain.forms import FormErrors
from services.console.handlers import notify_config as h
from services.console.handlers.backends import ApiRefused

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)
RuleId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9_.-]*$")]


def _lists(form: Any) -> dict[str, list[str]]:
    return {k: [v for v in form.getlist(k) if isinstance(v, str)] for k in form if k != "csrf"}


@router.get("/rules")
async def rules(request: Request, ctx: Ctx, who: Who) -> Response:
    """Every rule: what it matches, whom it reaches, where it comes from."""
    require_page(who.principal, "rules")
    found = await h.list_rules(ctx, who)
    return await page(request, ctx, "notify/rules.html", who=who, rules=found, tab="rules")


async def _form(
    request: Request,
    ctx: Ctx,
    who: Who,
    *,
    rule: dict[str, Any] | None,
    values: dict[str, Any],
    errors: FormErrors,
    status: int = 200,
) -> Response:
    return await page(
        request, ctx, "notify/rule.html", who=who, status=status, rule=rule, values=values,
        errors=errors, tab="rules",
    )  # fmt: skip


@router.get("/rules/new")
async def new_rule(request: Request, ctx: Ctx, who: Who) -> Response:
    """An empty rule."""
    require_page(who.principal, "rules")
    return await _form(request, ctx, who, rule=None, values=rule_form.values_of({}),
                       errors=FormErrors())  # fmt: skip


@router.post("/rules/new")
async def create_rule(request: Request, ctx: Ctx, who: Who) -> Response:
    """Create it under a new id (an id in use is refused, not replaced)."""
    require_page(who.principal, "rules")
    form = await request.form()
    body, values, errors = rule_form.parse(_lists(form))
    rule_id = str(form.get("rule_id", "")).strip()
    values["rule_id"] = rule_id
    if not rule_form.RULE_ID.match(rule_id) or rule_id == "new":
        errors = FormErrors({**errors.fields, "rule_id": "lower-case letters, digits, . _ -"})
    elif not errors:
        try:
            await h.get_rule(ctx, who, rule_id)
        except ApiRefused as exc:
            if exc.status != 404:
                raise
        else:
            errors = FormErrors({"rule_id": "a rule with this id exists"})
    if not errors:
        saved = await _save(request, ctx, who, rule_id, body)
        if isinstance(saved, FormErrors):
            errors = saved
        else:
            return see_other(f"/rules/{rule_id}")
    return await _form(request, ctx, who, rule=None, values=values, errors=errors, status=422)


async def _save(
    request: Request, ctx: Ctx, who: Who, rule_id: str, body: dict[str, Any]
) -> dict[str, Any] | FormErrors:
    try:
        saved = await h.save_rule(ctx, who, rule_id, body)
    except ApiRefused as exc:
        if exc.status != 422:
            raise
        return rule_form.errors_of(exc.problem)
    flash(request, "Rule %(rule)s saved: it is yours now, the rules file no longer changes it.",
          rule=rule_id)  # fmt: skip
    return saved


@router.get("/rules/{rule_id}")
async def one_rule(rule_id: RuleId, request: Request, ctx: Ctx, who: Who) -> Response:
    """The rule's form."""
    require_page(who.principal, "rules")
    rule = await h.get_rule(ctx, who, rule_id)
    values = rule_form.values_of(rule["rule"])
    return await _form(request, ctx, who, rule=rule, values=values, errors=FormErrors())


@router.post("/rules/{rule_id}")
async def save_rule(rule_id: RuleId, request: Request, ctx: Ctx, who: Who) -> Response:
    """Replace the rule; the form again, with what was typed, when refused."""
    require_page(who.principal, "rules")
    rule = await h.get_rule(ctx, who, rule_id)
    body, values, errors = rule_form.parse(_lists(await request.form()))
    if not errors:
        saved = await _save(request, ctx, who, rule_id, body)
        if not isinstance(saved, FormErrors):
            return see_other(f"/rules/{rule_id}")
        errors = saved
    return await _form(request, ctx, who, rule=rule, values=values, errors=errors, status=422)


@router.post("/rules/{rule_id}/delete")
async def delete_rule(rule_id: RuleId, request: Request, ctx: Ctx, who: Who) -> Response:
    """Remove the rule once the administrator ticked that they mean it."""
    require_page(who.principal, "rules")
    form = await request.form()
    if form.get("confirm") != "yes":
        flash(request, "Tick the box to confirm you want the rule removed.", "error")
        return see_other(f"/rules/{rule_id}")
    await h.delete_rule(ctx, who, rule_id)
    flash(request, "Rule %(rule)s removed.", rule=rule_id)
    return see_other("/rules")
