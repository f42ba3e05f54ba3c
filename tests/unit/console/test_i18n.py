"""Every text of the console goes through the catalogue, and both catalogues have all of them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from services.console.api.render import Pages
from services.console.domain.locale import choose_locale
from tests.unit.console.conftest import csrf_of

ROOT = Path(__file__).resolve().parents[3]
CONSOLE = ROOT / "services" / "console"
TEMPLATES = CONSOLE / "templates"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "flash": (2,)}
HTML = {"accept": "text/html"}


def extracted() -> set[str]:
    """Message ids the source and templates use (as `make messages` extracts them)."""
    method_map = [("**.py", "python"), ("templates/**.html", "jinja2")]
    options = {"templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        CONSOLE, method_map, options, keywords=KEYWORDS
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def catalogue(locale: str) -> dict[str, object]:
    path = CONSOLE / "locales" / locale / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as source:
        return {
            (m.id[0] if isinstance(m.id, tuple) else m.id): m.string
            for m in read_po(source)
            if m.id
        }


def test_every_text_has_a_zh_cn_translation_and_an_english_entry():
    used = extracted()
    assert len(used) > 200
    zh, en = catalogue("zh_CN"), catalogue("en")
    untranslated = sorted(m for m in used if not zh.get(m) or zh[m] in ("", ("",)))
    assert not untranslated, f"run `make messages` and translate: {untranslated}"
    assert not sorted(used - set(en)), "the English catalogue lacks entries: run `make messages`"


def test_placeholders_survive_translation():
    for message, text in catalogue("zh_CN").items():
        wanted = sorted(re.findall(r"%\(\w+\)[sd]", message))
        for form in text if isinstance(text, tuple) else (text,):
            assert sorted(re.findall(r"%\(\w+\)[sd]", form)) == wanted, message


_CODE = re.compile(r"{{.*?}}|{%.*?%}|{#.*?#}", re.S)
_TAG = re.compile(r"<[^>]*>", re.S)
_READ_OUT = re.compile(r'\b(?:aria-label|placeholder|title|alt)="([^"]*)"')


@pytest.mark.parametrize("template", sorted(p.name for p in TEMPLATES.rglob("*.html")))
def test_no_text_is_hard_coded_in_a_template(template):
    source = next(TEMPLATES.rglob(template)).read_text(encoding="utf-8")
    attributes = [a for a in _READ_OUT.findall(source) if re.search(r"\w", _CODE.sub("", a))]
    assert not attributes, f"{template}: attribute text outside the catalogue: {attributes}"
    text = _TAG.sub(" ", _CODE.sub(" ", source))
    words = re.findall(r"[A-Za-z\u4e00-\u9fff]{2,}", text)
    assert not words, f"{template}: text outside the catalogue: {words}"


def test_zh_cn_by_default_english_by_choice_or_by_the_browser():
    assert choose_locale(None, None, "zh_CN") == "zh_CN"
    assert choose_locale(None, "en-GB,en;q=0.9", "zh_CN") == "en"
    assert choose_locale(None, "fr-FR,en;q=0.5,zh;q=0.8", "zh_CN") == "zh_CN"
    assert choose_locale("en", "zh-CN", "zh_CN") == "en"  # the person's choice wins
    assert choose_locale("xx", "de", "zh_CN") == "zh_CN"


def test_the_language_switch_is_remembered(client):
    home = client.get("/", headers=HTML)
    assert 'lang="zh-CN"' in home.text and "校园后勤" in home.text
    answer = client.post("/lang", data={"csrf": csrf_of(home.text), "lang": "en", "next": "/"})
    assert answer.status_code == 303 and "campus_lang=en" in answer.headers["set-cookie"]
    english = client.get("/", headers=HTML)
    assert 'lang="en"' in english.text and "Campus Logistics" in english.text
    assert "校园后勤" not in english.text
    assert client.get("/", headers={**HTML, "accept-language": "zh-CN"}).text.count('lang="en"')


def test_times_are_shown_in_the_campus_zone_the_locale_way():
    pages = Pages(timezone="Asia/Shanghai")
    assert pages.when("2026-05-01T01:30:00Z", "zh_CN") == "2026/5/1 09:30"
    assert pages.when("2026-05-01T01:30:00Z", "en") == "5/1/26, 9:30\u202fAM"
