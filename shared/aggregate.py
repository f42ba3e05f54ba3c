"""Aggregates record the events their methods cause; the unit of work collects them.

A domain object subclasses `Aggregate` (it stays a plain dataclass: the recorded events live
beside its fields, not among them, so they never reach its stored document or its equality).
A method that changes state calls `self.record(SomethingHappened(...))`; the repository stages
the object's document and hands it to `uow.collect(aggregate, subject=...)`, which turns the
recorded events into outbox entries of the same atomic write.
"""

from __future__ import annotations

from shared.envelope import EventData


class Aggregate:
    """Mixin of a domain object that records events instead of publishing them."""

    def record(self, event: EventData) -> None:
        """Remember an event this change caused (it is published after the commit)."""
        self.__dict__.setdefault("_recorded_events", []).append(event)

    def pull_events(self) -> list[EventData]:
        """The events recorded since the last pull, oldest first; the list is emptied."""
        return self.__dict__.pop("_recorded_events", [])

    @property
    def recorded(self) -> tuple[EventData, ...]:
        """The events recorded so far (for tests and for deciding whether to save)."""
        return tuple(self.__dict__.get("_recorded_events", ()))
