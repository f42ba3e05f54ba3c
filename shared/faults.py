"""Fault points that only tests switch on, to crash a process at an exact step.

`CAMPUS_FAULTS="relay_before_publish:3"` kills the process with SIGKILL the third time it passes
that point. Unset (always, outside tests), a point costs one dictionary lookup.
"""

from __future__ import annotations

import os
import signal

_counts: dict[str, int] = {}


def _plan() -> dict[str, int]:
    spec = os.environ.get("CAMPUS_FAULTS", "")
    plan: dict[str, int] = {}
    for item in filter(None, (part.strip() for part in spec.split(","))):
        name, _, nth = item.partition(":")
        plan[name] = int(nth or "1")
    return plan


def point(name: str) -> None:
    """Kill this process with SIGKILL if the test's plan says so for this passage."""
    plan = _plan()
    if name not in plan:
        return
    _counts[name] = _counts.get(name, 0) + 1
    if _counts[name] == plan[name]:
        os.kill(os.getpid(), signal.SIGKILL)
