"""What a notification says: templates rendered in Jinja2's sandbox, and the plain default.

Templates are files (`services/notifications/templates/<name>.<lang>.j2`, each with a `title`
and a `body` block), which an administrator may override through the API without a code change.
They run in Jinja2's `SandboxedEnvironment` (no attribute access to Python internals, no
imports), with `StrictUndefined` so a misspelt field fails instead of printing nothing, and
autoescaping for the HTML e-mail. A template that fails, for whatever reason, gives way to the
plain default (the event type and its fields), and the failure is reported; the alert is never
dropped. Rendering is pure; the catalogue of files and overrides is in `handlers/templates.py`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

LANGS = ("zh-CN", "en")
_MAX_FIELD = 200

# Trades of the seeds (土建、水、电、暖) and other codes events carry; unknown codes show as sent.
LABELS_ZH: dict[str, str] = {
    "civil": "土建",
    "plumbing": "水",
    "electrical": "电",
    "heating": "暖",
    "hvac": "暖通",
    "carpentry": "木工",
    "network": "网络",
    "other": "其他",
    "response": "响应",
    "resolution": "修复",
    "contractor": "承包方响应",
    "three_nos": "三无产品",
    "no_producer": "无生产者名称地址",
    "no_production_date": "无生产日期",
    "no_quality_certificate": "无合格证明",
    "spoiled": "腐烂变质",
    "expired": "已过保质期",
    "near_expiry": "剩余保质期不足",
    "pesticide_positive": "农残速测阳性",
    "supplier_unqualified": "供应商资质不合格",
    "missing": "未留样",
    "underweight": "留样不足125克",
    "discarded_early": "留样不足48小时被丢弃",
    "misplaced": "位置不符",
    "unregistered": "账外资产",
    "triaged": "已受理",
    "assigned": "已派工",
    "in_progress": "维修中",
    "on_hold": "暂停（等待配件或报修人）",
    "resolved": "已修好",
    "closed": "已关闭",
    "reopened": "已重新打开",
    "opened": "已登记",
}


@dataclass(frozen=True)
class Message:
    """Title and body in both product languages, plus the ids a client links to."""

    title_zh: str
    title_en: str
    body_zh: str
    body_en: str
    links: dict[str, str]

    def title(self, lang: str) -> str:
        """The title in `lang` (English for anything but zh-CN)."""
        return self.title_zh if lang == "zh-CN" else self.title_en

    def body(self, lang: str) -> str:
        """The body in `lang`."""
        return self.body_zh if lang == "zh-CN" else self.body_en


@dataclass(frozen=True)
class Rendered:
    """A title and body in one language, and the error that made it the plain default."""

    title: str
    body: str
    error: str | None = None


def _label(code: object, lang: str = "zh-CN") -> str:
    text = str(code)
    return LABELS_ZH.get(text, text) if lang == "zh-CN" else text.replace("_", " ")


def _environment(autoescape: bool) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        undefined=StrictUndefined, autoescape=autoescape, trim_blocks=True, lstrip_blocks=True
    )
    env.filters["label"] = _label
    return env


TEXT = _environment(autoescape=False)
HTML = _environment(autoescape=True)


def check(source: str) -> str | None:
    """None when `source` compiles and has a title and a body block; otherwise the error."""
    try:
        template = TEXT.from_string(source)
    except TemplateError as exc:
        return f"{type(exc).__name__}: {exc}"
    missing = {"title", "body"} - set(template.blocks)
    return f"the template lacks the block(s) {sorted(missing)}" if missing else None


def render(source: str, values: Mapping[str, Any]) -> Rendered:
    """The title and body blocks of a text template; raises TemplateError on any failure."""
    template = TEXT.from_string(source)
    context = template.new_context(dict(values))
    if not {"title", "body"} <= set(template.blocks):
        raise TemplateError("a message template needs a title and a body block")
    title = " ".join("".join(template.blocks["title"](context)).split())
    body = "".join(template.blocks["body"](context)).strip()
    if not title:
        raise TemplateError("the title rendered empty")
    return Rendered(title, body)


def render_html(source: str, values: Mapping[str, Any]) -> str:
    """An HTML e-mail layout, every value autoescaped; raises TemplateError on failure."""
    return HTML.from_string(source).render(dict(values))


def _scalar(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    text = " ".join(text.split())
    return text if len(text) <= _MAX_FIELD else text[:_MAX_FIELD] + "…"


def plain(event_type: str, data: Mapping[str, Any], lang: str) -> Rendered:
    """The plain default: the event type and its fields, one per line; never fails."""
    fields = "\n".join(f"{k}: {_scalar(v)}" for k, v in sorted(data.items()) if v is not None)
    if lang == "zh-CN":
        return Rendered(f"校园后勤提醒：{event_type}", fields)
    return Rendered(f"Campus Logistics alert: {event_type}", fields)


def safe_render(
    source: str | None, values: Mapping[str, Any], *, event_type: str, lang: str
) -> Rendered:
    """The template's text, or the plain default with the reason when it fails (or is absent)."""
    if source is None:
        return replace_error(plain(event_type, values.get("data", {}), lang), None)
    try:
        return render(source, values)
    except (TemplateError, ArithmeticError, LookupError, TypeError, ValueError) as exc:
        # A sandbox violation is a SecurityError (a TemplateError); arithmetic and lookups on
        # event data may fail in their own ways. None of them may drop the alert.
        fallback = plain(event_type, values.get("data", {}), lang)
        return replace_error(fallback, f"{type(exc).__name__}: {_scalar(str(exc))}")


def replace_error(r: Rendered, error: str | None) -> Rendered:
    """The same text with `error` noted."""
    return Rendered(r.title, r.body, error)
