"""Bounded value types for request and event models: no year 1 or 9999, no control characters.

Dates and times a campus deals with fall between 1950 and 2200; anything outside is a typo or an
attack, and near the ends of Python's range arithmetic overflows (a shelf life added to
9999-12-30, an offset applied to 0001-01-01). Text a person types never needs control characters
other than tab and newline; a NUL byte breaks logs, CSV exports and some stores.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, Field

EARLIEST = date(1950, 1, 1)
LATEST = date(2199, 12, 31)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _day_in_range(value: date) -> date:
    if not EARLIEST <= value <= LATEST:
        raise ValueError(f"date must be between {EARLIEST} and {LATEST}")
    return value


def _moment_in_range(value: datetime) -> datetime:
    if not EARLIEST <= value.date() <= LATEST:
        raise ValueError(f"time must be between {EARLIEST} and {LATEST}")
    return value


def _no_control(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("control characters (such as NUL) are not allowed")
    return value


def _one_line(value: str) -> str:
    if "\n" in value or "\r" in value or "\t" in value:
        raise ValueError("must be a single line")
    return value


#: A calendar day between 1950-01-01 and 2199-12-31.
Day = Annotated[date, AfterValidator(_day_in_range)]
#: A moment with a UTC offset, on a day between 1950 and 2199.
Moment = Annotated[AwareDatetime, AfterValidator(_moment_in_range)]
#: Free text (tabs and newlines allowed, no other control characters).
Text = Annotated[str, AfterValidator(_no_control)]
#: One line of text: a name, a title, a reason.
Line = Annotated[str, AfterValidator(_no_control), AfterValidator(_one_line)]


def text(max_length: int, min_length: int = 1) -> type[str]:
    """Free text of bounded length (for `field: text(2000)`)."""
    return Annotated[Text, Field(min_length=min_length, max_length=max_length)]  # type: ignore[return-value]


def line(max_length: int, min_length: int = 1) -> type[str]:
    """One line of bounded length."""
    return Annotated[Line, Field(min_length=min_length, max_length=max_length)]  # type: ignore[return-value]
