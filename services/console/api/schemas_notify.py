"""The forms of the notification pages: one's own settings, an endpoint, a template.

As with every console form, they catch what a person can fix at once; notifications checks
again and has the last word (its refusals are shown on the fields they name).
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import Field, ValidationInfo, field_validator

from services.console.api.schemas import PHONE_PATTERN, Form

HHMM = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
ENDPOINT_ID = r"^[a-z0-9][a-z0-9_.-]{0,63}$"
_SPLIT = re.compile(r"[\s,，、]+")


def _blank_is_none(value: Any) -> Any:
    return value or None


class PreferencesForm(Form):
    """Channels, quiet hours (campus time), the daily digest, language, phone."""

    channels: list[Literal["in_app", "email", "sms"]] = Field(default_factory=list)
    quiet_hours_start: str | None = Field(default=None, pattern=HHMM)
    quiet_hours_end: str | None = Field(default=None, pattern=HHMM, validate_default=True)
    digest: bool = False
    language: Literal["zh-CN", "en"] = "zh-CN"
    phone: str | None = Field(default=None, pattern=PHONE_PATTERN)

    @field_validator("quiet_hours_start", "quiet_hours_end", "phone", mode="before")
    @classmethod
    def _blank(cls, value: Any) -> Any:
        # A browser's time input may send seconds ("22:00:00"): minutes are what count.
        value = _blank_is_none(value)
        if isinstance(value, str) and re.fullmatch(r"\d\d:\d\d:\d\d(\.\d+)?", value):
            return value[:5]
        return value

    @field_validator("quiet_hours_end")
    @classmethod
    def _quiet_hours_together(cls, value: str | None, info: ValidationInfo) -> str | None:
        start = info.data.get("quiet_hours_start")
        if "quiet_hours_start" in info.data and (start is None) != (value is None):
            raise ValueError("give both ends of the quiet hours, or neither")
        if start is not None and start == value:
            raise ValueError("the quiet hours must not end when they start")
        return value

    def body(self) -> dict[str, Any]:
        """The body of PUT /people/me/preferences (in-app is always on)."""
        return {
            "channels": ["in_app", *(c for c in dict.fromkeys(self.channels) if c != "in_app")],
            "quiet_hours_start": self.quiet_hours_start,
            "quiet_hours_end": self.quiet_hours_end,
            "digest": self.digest,
            "language": self.language,
            "phone": self.phone,
        }


class EndpointForm(Form):
    """A webhook or group robot; URL and secret left blank keep the stored ones."""

    endpoint_id: str = Field(default="", max_length=64)
    kind: Literal["webhook", "wecom", "dingtalk", "feishu"]
    name: str = Field(min_length=1, max_length=100)
    url: str = Field(default="", max_length=2000)
    secret: str = Field(default="", max_length=200)
    scope_campus: str = Field(default="", max_length=2000)
    scope_building: str = Field(default="", max_length=4000)
    scope_canteen: str = Field(default="", max_length=2000)
    language: Literal["zh-CN", "en"] = "zh-CN"
    active: bool = False

    @field_validator("url")
    @classmethod
    def _web_address(cls, value: str) -> str:
        if value and not re.match(r"^https?://", value):
            raise ValueError("a web address starting with https:// (or http://)")
        return value

    @field_validator("secret")
    @classmethod
    def _long_enough(cls, value: str) -> str:
        if value and len(value) < 8:
            raise ValueError("at least 8 characters")
        return value

    def body(self) -> dict[str, Any]:
        """The body of PUT /endpoints/{id}; a blank URL or secret is left out (kept)."""
        scopes = {
            kind: ids
            for kind in ("campus", "building", "canteen")
            if (ids := [p for p in _SPLIT.split(getattr(self, f"scope_{kind}")) if p])
        }
        body: dict[str, Any] = {
            "kind": self.kind,
            "name": self.name,
            "scopes": scopes,
            "language": self.language,
            "active": self.active,
        }
        if self.url:
            body["url"] = self.url
        if self.secret:
            body["secret"] = self.secret
        return body


class TemplateForm(Form):
    """A template's source (Jinja2 with title and body blocks)."""

    source: str = Field(min_length=1, max_length=20_000)

    @field_validator("source", mode="before")
    @classmethod
    def _unix_lines(cls, value: Any) -> Any:
        # Browsers send a textarea's lines as CRLF; the files use LF.
        return value.replace("\r\n", "\n") if isinstance(value, str) else value
