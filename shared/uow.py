"""Unit of work: collect a use case's writes and events, commit them in one atomic write."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

from shared import faults
from shared.aggregate import Aggregate
from shared.clock import Clock, iso, utcnow
from shared.context import current
from shared.envelope import Envelope, EventData, make_envelope
from shared.outbox import outbox_insert
from shared.store import Delete, Doc, DocumentStore, Insert, Operation, Replace

_sequence = itertools.count()


class UnitOfWork:
    """Writes and events of one command or one consumed event; nothing is stored until commit."""

    def __init__(
        self,
        store: DocumentStore,
        *,
        source: str,
        clock: Clock = utcnow,
        on_commit: Callable[[], None] | None = None,
        actor: str | None = None,
    ) -> None:
        self.store = store
        self.actor = actor
        self.source = source
        self.clock = clock
        self._on_commit = on_commit
        self._ops: list[Operation] = []
        self.events: list[Envelope] = []
        self.committed = False
        self._after: list[Callable[[], None]] = []

    def successor(self) -> UnitOfWork:
        """A fresh unit of work on the same store, for the same actor (a use case that commits
        in several steps, such as an archive run, starts each step with one)."""
        return UnitOfWork(
            self.store,
            source=self.source,
            clock=self.clock,
            on_commit=self._on_commit,
            actor=self.actor,
        )

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Run `callback` once the write has committed (metrics that must not count a retry)."""
        self._after.append(callback)

    def insert(self, collection: str, doc: Doc) -> None:
        """Stage a new document."""
        self._ops.append(Insert(collection, doc))

    def replace(self, collection: str, doc: Doc) -> None:
        """Stage a whole-document replace, conditional on the `_v` the document was read with."""
        self._ops.append(Replace(collection, doc, doc["_v"]))

    def delete(self, collection: str, doc: Doc) -> None:
        """Stage a delete, conditional on the `_v` the document was read with."""
        self._ops.append(Delete(collection, doc["_id"], doc["_v"]))

    def emit(self, data: EventData, *, subject: str | None) -> Envelope:
        """Record an event caused by this unit of work; it goes out through the outbox."""
        causality = current()
        envelope = make_envelope(
            data,
            source=self.source,
            subject=subject,
            correlation_id=causality.correlation_id,
            causation_id=causality.causation_id,
            actor=self.actor or causality.actor,
            now=self.clock(),
        )
        self.events.append(envelope)
        return envelope

    def collect(self, aggregate: Aggregate, *, subject: str | None) -> list[Envelope]:
        """Emit every event the aggregate recorded since it was loaded (or last collected)."""
        return [self.emit(data, subject=subject) for data in aggregate.pull_events()]

    def operations(self, extra: Sequence[Operation] = ()) -> list[Operation]:
        """Everything the commit will write, outbox entries included."""
        stamp = iso(self.clock())
        # The relay publishes in `order`: time, then a per-process sequence, so two commits in
        # the same microsecond (or under a frozen test clock) still go out in commit order.
        outbox = [outbox_insert(e, f"{stamp}#{next(_sequence):012d}") for e in self.events]
        return [*self._ops, *outbox, *extra]

    async def commit(self, extra: Sequence[Operation] = ()) -> None:
        """One atomic write of the state changes, the outbox entries and `extra` operations."""
        if self.committed:
            raise RuntimeError("unit of work committed twice")
        await self.store.write(self.operations(extra))
        self.committed = True
        faults.point("after_commit")
        if self.events and self._on_commit is not None:
            self._on_commit()
        for callback in self._after:
            callback()
