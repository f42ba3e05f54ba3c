"""Form errors from the services' problem documents: which field, and why."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FormErrors:
    """Reasons by form field, and a message for what no field explains."""

    fields: dict[str, str] = field(default_factory=dict)
    detail: str | None = None

    def __bool__(self) -> bool:
        return bool(self.fields or self.detail)

    @classmethod
    def of(cls, problem: Mapping[str, Any], aliases: Mapping[str, str] | None = None) -> FormErrors:
        """The errors a 4xx problem names; `aliases` maps API field paths to form fields."""
        aliases = aliases or {}
        found: dict[str, str] = {}
        for err in problem.get("errors") or ():
            name = aliases.get(err.get("field", ""), err.get("field", ""))
            found.setdefault(name, str(err.get("reason", "")))
        named = problem.get("field")
        if isinstance(named, str) and named:
            found.setdefault(aliases.get(named, named), str(problem.get("detail", "")))
        detail = None if found else str(problem.get("detail") or problem.get("title") or "")
        return cls(found, detail)

    @classmethod
    def one(cls, name: str, reason: str) -> FormErrors:
        """A single field's error, found by the console itself."""
        return cls({name: reason})
