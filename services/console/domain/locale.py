"""Which language a page speaks: the person's choice, else the browser's, else zh-CN."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError

LOCALES = ("zh_CN", "en")
#: The `lang` attribute of a page (BCP 47) for each catalogue.
HTML_LANG = {"zh_CN": "zh-CN", "en": "en"}


def choose_locale(preference: str | None, accept_language: str | None, default: str) -> str:
    """A supported locale: the saved preference, the best Accept-Language match, or default."""
    if preference in LOCALES:
        return preference
    for tag in _by_quality(accept_language or ""):
        try:
            locale = Locale.parse(tag, sep="-")
        except (ValueError, UnknownLocaleError):
            continue
        if locale.language == "zh":
            return "zh_CN"
        if locale.language == "en":
            return "en"
    return default


def _by_quality(header: str) -> list[str]:
    """The tags of an Accept-Language header, best first (ties keep their order)."""
    weighted = []
    for index, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and tag != "*" and quality > 0:
            weighted.append((-quality, index, tag))
    return [tag for _, _, tag in sorted(weighted)]
