"""A routing rule through the console's form and back: every default rule survives unchanged."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from services.console.domain import rule_form

ROOT = Path(__file__).resolve().parents[3]
RULES = tomllib.loads((ROOT / "deploy/notifications/rules.toml").read_text(encoding="utf-8"))


def as_posted(values: dict) -> dict[str, list[str]]:
    """What a browser posts for the form the values fill (unticked boxes are absent)."""
    form: dict[str, list[str]] = {}
    for name in ("description", "events", "severity", "template", "escalate_after_minutes"):
        form[name] = [str(values[name]).replace("\n", "\r\n")]
    for name in ("enabled", "fallback"):
        if values[name]:
            form[name] = ["on"]
    for kind in rule_form.SCOPE_KINDS:
        form[f"scope_{kind}"] = [values[f"scope_{kind}"]]
    for severity in rule_form.SEVERITIES:
        if values[f"ch_{severity}"]:
            form[f"ch_{severity}"] = list(values[f"ch_{severity}"])
    for prefix, name in (("r", "recipients"), ("e", "escalate_to")):
        for i, row in enumerate(values[name]):
            form[f"{prefix}-{i}-kind"] = [row.kind]
            form[f"{prefix}-{i}-value"] = [row.value]
            form[f"{prefix}-{i}-in"] = [row.scope]
    return form


def normal(rule: dict) -> dict:
    """A rule as the service compares it (defaults filled in, `in` explicit)."""
    out = {k: v for k, v in rule.items() if k != "id"}
    out.setdefault("enabled", True)
    out.setdefault("fallback", True)
    out.setdefault("scope", {})
    out.setdefault("channels", {})
    for key in ("recipients", "escalate_to"):
        if key in out:
            out[key] = [{**r, "in": r.get("in", "all")} if "role" in r else r for r in out[key]]
    return out


@pytest.mark.parametrize("rule", RULES["rule"], ids=[r["id"] for r in RULES["rule"]])
def test_every_default_rule_goes_through_the_form_unchanged(rule):
    values = rule_form.values_of(rule)
    assert [r.kind for r in values["recipients"][-rule_form.BLANK_ROWS :]] == ["", ""]
    body, _, errors = rule_form.parse(as_posted(values))
    assert not errors, errors
    assert normal(body) == normal(rule)


def test_a_rule_the_form_cannot_take_is_named_field_by_field():
    _, values, errors = rule_form.parse(
        {
            "events": [""],
            "r-0-kind": ["wizard"],
            "r-1-kind": [""],
            "r-2-kind": ["person"],
            "escalate_after_minutes": ["soon"],
        }  # fmt: skip
    )
    assert set(errors.fields) == {"events", "r-0-kind", "r-1-value", "escalate_after_minutes"}
    assert [r.kind for r in values["recipients"]] == ["wizard", "person", "", ""]


def test_the_services_refusal_lands_on_the_fields_it_names():
    problem = {
        "status": 422,
        "detail": "invalid",
        "errors": [
            {"field": "recipients.1", "reason": "names exactly one"},
            {"field": "escalate_to.0.role", "reason": "not a role"},
            {"field": "channels.critical", "reason": "in_app is always on"},
            {"field": "scope.canteen.0", "reason": "bad id"},
            {"field": "body", "reason": "escalate_after_minutes and escalate_to together"},
        ],
    }
    errors = rule_form.errors_of(problem)
    assert errors.fields == {
        "r-1-value": "names exactly one",
        "e-0-value": "not a role",
        "ch_critical": "in_app is always on",
        "scope_canteen": "bad id",
    }
    assert errors.detail == "escalate_after_minutes and escalate_to together"
