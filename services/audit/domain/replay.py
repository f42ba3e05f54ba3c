"""Replay: which queues stored events may be delivered to again."""

from __future__ import annotations

import re

_QUEUE_SUFFIX = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,99}$")


def replay_queue_problem(namespace: str, queue: str) -> str | None:
    """Why a replay target queue is refused, or None.

    Only queues under `<namespace>.replay.` are declared and filled, so the audit service's
    broker user needs rights on that prefix alone and a caller can never push events into
    another service's queue.
    """
    prefix = f"{namespace}.replay."
    if not queue.startswith(prefix):
        return f"queue must start with {prefix!r}"
    if not _QUEUE_SUFFIX.match(queue.removeprefix(prefix)):
        return "after the prefix: 1-100 of a-z 0-9 _ . - starting with a letter or digit"
    return None
