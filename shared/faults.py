"""Fault points that only tests switch on, to crash a process at an exact step.

`CAMPUS_FAULTS="relay_before_publish:3"` kills the process with SIGKILL the third time it passes
that point. The plan is read once, when this module is imported: a process started without the
variable (every process outside the crash tests) gets `point` as a function that returns at
once, so the production path pays one call and no lookup. The trade-off: a plan cannot be
switched on in a running process, which the tests never need (they start a fresh one).
"""

from __future__ import annotations

import os
import signal


def _parse(spec: str) -> dict[str, int]:
    plan: dict[str, int] = {}
    for item in filter(None, (part.strip() for part in spec.split(","))):
        name, _, nth = item.partition(":")
        plan[name] = int(nth or "1")
    return plan


_PLAN = _parse(os.environ.get("CAMPUS_FAULTS", ""))
_counts: dict[str, int] = {}


def _armed(name: str) -> None:
    """Kill this process with SIGKILL if the plan says so for this passage."""
    if name not in _PLAN:
        return
    _counts[name] = _counts.get(name, 0) + 1
    if _counts[name] == _PLAN[name]:
        os.kill(os.getpid(), signal.SIGKILL)


def _off(name: str) -> None:
    """No plan in this process: a fault point does nothing."""


point = _armed if _PLAN else _off
