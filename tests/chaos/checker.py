"""A Jepsen-style checker: what the clients were told, against what the platform did.

The ledger holds every command a scenario sent (its correlation id, the HTTP outcome: accepted
(2xx), refused (4xx) or unknown (the connection broke, a 5xx, a timeout)) and the events each
command must produce, with the consumers ("sinks": audit, notifications, maintenance) that must
each show one effect of every such event. After the run, the scenario reads what was produced
(the producers' outboxes) and every sink's effects (`tests/chaos/effects.py`), and `check`
classifies each expected (event, sink) pair as once, lost or twice, and flags any event or effect
of a refused command. An unknown outcome may have taken effect or not, but never twice, and once
its event exists every sink must show it once (the client cannot tell, the platform must).

Events are tied to commands by correlation id: a command is sent with `X-Correlation-Id` = its
id, and every event it causes, downstream ones included, carries that id.
"""

from __future__ import annotations

import enum
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field


class Outcome(enum.Enum):
    ACCEPTED = "accepted"
    REFUSED = "refused"
    UNKNOWN = "unknown"


def outcome_of(status: int | None) -> Outcome:
    """The client's view of one HTTP answer (None: no answer at all)."""
    if status is None or status >= 500:
        return Outcome.UNKNOWN
    return Outcome.ACCEPTED if 200 <= status < 300 else Outcome.REFUSED


@dataclass(frozen=True)
class Expect:
    """One event type a command must produce once, and the sinks that must each show it once."""

    type: str
    sinks: tuple[str, ...] = ("audit",)


@dataclass
class Command:
    """One command as the client saw it."""

    id: str
    name: str
    outcome: Outcome
    expects: tuple[Expect, ...]
    #: The id of the one event the client made itself (a publish the broker confirmed).
    event_id: str | None = None


@dataclass(frozen=True)
class Event:
    """One event a producer wrote (an outbox entry), or a published one."""

    id: str
    type: str
    correlation_id: str | None


@dataclass(frozen=True)
class Effect:
    """One effect in one sink: caused by `event_id`; `key` names what must be unique per event
    (a notice's recipient and kind; empty where a sink keeps one effect per event)."""

    sink: str
    event_id: str
    key: str = ""
    correlation_id: str | None = None


@dataclass
class Ledger:
    """Every command a scenario sent, in order."""

    commands: dict[str, Command] = field(default_factory=dict)

    def published(self, event_id: str, expects: Sequence[Expect], confirmed: bool) -> Command:
        """A publish the client made itself: the event (of the first expected type) is the
        command, its id the command's; the other types are what consumers make of it."""
        status = 202 if confirmed else None
        return self.record(event_id, "publish", status, expects, event_id=event_id)

    def record(
        self,
        command_id: str,
        name: str,
        status: int | None,
        expects: Iterable[Expect],
        *,
        event_id: str | None = None,
    ) -> Command:
        """Add one command with its HTTP status (None: no answer)."""
        if command_id in self.commands:
            raise ValueError(f"command {command_id!r} recorded twice")
        command = Command(command_id, name, outcome_of(status), tuple(expects), event_id)
        if event_id is not None and not command.expects:
            raise ValueError("a published event needs its expected type")
        self.commands[command_id] = command
        return command

    def count(self, outcome: Outcome) -> int:
        return sum(c.outcome is outcome for c in self.commands.values())


@dataclass
class Verdict:
    """The counts and the offending ids of one scenario's run."""

    scenario: str
    commands: int = 0
    accepted: int = 0
    refused: int = 0
    unknown: int = 0
    #: Distinct events expected (or, for an unknown outcome, produced).
    events: int = 0
    #: (event, sink) pairs checked, and how many of them showed exactly one effect.
    checks: int = 0
    once: int = 0
    lost: list[str] = field(default_factory=list)
    twice: list[str] = field(default_factory=list)
    refused_with_effect: list[str] = field(default_factory=list)
    seconds: float | None = None

    @property
    def ok(self) -> bool:
        return not (self.lost or self.twice or self.refused_with_effect)

    def line(self) -> str:
        """The scenario's one-line figure."""
        took = "" if self.seconds is None else f" in {self.seconds:.1f} s"
        head = (
            f"{self.scenario}: {'PASS' if self.ok else 'FAIL'} {self.commands} commands "
            f"({self.accepted} accepted, {self.refused} refused, {self.unknown} unknown), "
            f"{self.events} events, {self.once}/{self.checks} effects once, {len(self.lost)} lost, "
            f"{len(self.twice)} twice, {len(self.refused_with_effect)} refused-with-effect{took}"
        )
        bad = [("lost", self.lost), ("twice", self.twice), ("refused", self.refused_with_effect)]
        shown = "; ".join(f"{k}: {', '.join(v[:5])}" for k, v in bad if v)
        return f"{head}{' — ' + shown if shown else ''}"


def check(
    scenario: str, ledger: Ledger, produced: Iterable[Event], effects: Iterable[Effect]
) -> Verdict:
    """Classify every expected event of every command; see the module docstring."""
    by_command: dict[str, list[Event]] = defaultdict(list)
    for event in produced:
        by_command[event.correlation_id or event.id].append(event)
    seen: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    effect_correlations: dict[str, set[str]] = defaultdict(set)
    for effect in effects:
        seen[effect.event_id][(effect.sink, effect.key)] += 1
        if effect.correlation_id:
            effect_correlations[effect.correlation_id].add(effect.event_id)
    verdict = Verdict(
        scenario,
        commands=len(ledger.commands),
        accepted=ledger.count(Outcome.ACCEPTED),
        refused=ledger.count(Outcome.REFUSED),
        unknown=ledger.count(Outcome.UNKNOWN),
    )
    for command in ledger.commands.values():
        events = _events_of(command, by_command.get(command.id, []), seen)
        if command.outcome is Outcome.REFUSED:
            caused = {e.id for e in events} | effect_correlations.get(command.id, set())
            verdict.refused_with_effect += sorted(caused)
            continue
        # An unknown outcome took effect once any of its events exists: then it must be whole.
        took_effect = command.outcome is Outcome.ACCEPTED or bool(events)
        for expect in command.expects:
            mine = [e for e in events if e.type == expect.type]
            verdict.events += max(int(took_effect), len(mine))
            if not mine:
                if took_effect:
                    verdict.lost.append(f"{command.id}/{expect.type}")
                continue
            if len(mine) > 1:  # the command was applied more than once
                verdict.twice += [e.id for e in mine[1:]]
            for event in mine:
                _classify(verdict, event.id, expect.sinks, seen[event.id])
    return verdict


def _events_of(command: Command, produced: list[Event], seen: Mapping[str, Counter]) -> list[Event]:
    if command.event_id is None or any(e.id == command.event_id for e in produced):
        return produced
    # A published event the client made exists if the broker confirmed it, or if any sink shows
    # it (an unconfirmed publish may have gone through: then it must be everywhere, once).
    if command.outcome is Outcome.UNKNOWN and not seen.get(command.event_id):
        return produced
    return [*produced, Event(command.event_id, command.expects[0].type, command.id)]


def _classify(
    verdict: Verdict, event_id: str, sinks: Iterable[str], seen: Mapping[tuple[str, str], int]
) -> None:
    for sink in sinks:
        counts = [n for (s, _key), n in seen.items() if s == sink]
        tag = f"{event_id}@{sink}"
        verdict.checks += 1
        if not counts:
            verdict.lost.append(tag)
        elif any(n > 1 for n in counts):
            verdict.twice.append(tag)
        else:
            verdict.once += 1
