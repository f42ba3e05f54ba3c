"""Pages from Jinja2 templates (autoescaped), one environment per language of the catalogue.

The catalogues are the `.po` files under locales/; they are compiled in memory when the console
starts, so a fresh clone needs no build step and a stale `.mo` can never be served.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from services.console.domain import views, vocabulary
from services.console.domain.locale import HTML_LANG, LOCALES
from shared.clock import parse_iso

HERE = Path(__file__).resolve().parents[1]
TEMPLATES = HERE / "templates"
LOCALE_DIR = HERE / "locales"
DOMAIN = "messages"


def load_translations(locale: str) -> Translations:
    """The compiled catalogue of one locale, from its `.po` file."""
    path = LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as source:
        catalog = read_po(source, locale=locale, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


class Pages:
    """The template environments by locale, and the helpers every template uses."""

    def __init__(self, *, timezone: str) -> None:
        self.zone = ZoneInfo(timezone)
        self.translations = {locale: load_translations(locale) for locale in LOCALES}
        self.envs = {locale: self._environment(locale) for locale in LOCALES}

    def _environment(self, locale: str) -> Environment:
        env = Environment(
            loader=FileSystemLoader(TEMPLATES),
            autoescape=select_autoescape(["html"]),
            extensions=["jinja2.ext.i18n"],
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.install_gettext_translations(self.translations[locale], newstyle=True)  # type: ignore[attr-defined]
        other = next(x for x in LOCALES if x != locale)
        env.globals.update(
            locale=locale,
            html_lang=HTML_LANG[locale],
            other_locale=other,
            other_html_lang=HTML_LANG[other],
            other_locale_name=Locale.parse(other).language_name,
            words=vocabulary,
            label=vocabulary.label,
            dispatch_actions=views.dispatch_actions,
            requester_actions=views.requester_actions,
            sla_state=views.sla_state,
            work_actions=views.work_actions,
            link_for=views.link_for,
        )
        env.filters["when"] = lambda value, fmt="short": self.when(value, locale, fmt)
        env.filters["nl2br"] = _nl2br
        env.globals["ui"] = env.get_template("macros.html").module
        return env

    def when(self, value: str | datetime | None, locale: str, fmt: str = "short") -> str:
        """A moment in the campus time zone, written the locale's way."""
        if not value:
            return ""
        moment = parse_iso(value) if isinstance(value, str) else value
        return format_datetime(moment, fmt, tzinfo=self.zone, locale=locale)

    def render(self, locale: str, template: str, context: Mapping[str, Any]) -> str:
        """The HTML of one template."""
        return self.envs[locale].get_template(template).render(context)


def _nl2br(text: str | None) -> Markup:
    """Line breaks of free text kept, everything else escaped."""
    if not text:
        return Markup("")
    escaped = Markup.escape(text)
    return Markup("<br>").join(escaped.split("\n"))
