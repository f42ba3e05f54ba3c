"""The checker itself, on hand-made ledgers: it must pass a clean run and catch every fault."""

from __future__ import annotations

import pytest

from tests.chaos.checker import Effect, Event, Expect, Ledger, Outcome, check, outcome_of

OPENED = Expect("maintenance.ticket.opened.v1", ("audit", "notifications"))
DAMAGED = Expect("assets.asset.damaged.v1", ("audit", "maintenance"))


def ledger_of(*commands: tuple[str, int | None, tuple[Expect, ...]]) -> Ledger:
    ledger = Ledger()
    for command_id, status, expects in commands:
        ledger.record(command_id, "POST /x", status, expects)
    return ledger


def clean_run() -> tuple[Ledger, list[Event], list[Effect]]:
    ledger = ledger_of(("c1", 201, (OPENED,)), ("c2", 201, (DAMAGED,)))
    produced = [Event("e1", OPENED.type, "c1"), Event("e2", DAMAGED.type, "c2")]
    effects = [
        Effect("audit", "e1", correlation_id="c1"),
        Effect("notifications", "e1", "u1|alert"),
        Effect("notifications", "e1", "u2|alert"),  # two recipients: two notices, each once
        Effect("audit", "e2", correlation_id="c2"),
        Effect("maintenance", "e2"),
    ]
    return ledger, produced, effects


def test_a_clean_run_passes_with_its_counts():
    verdict = check("clean", *clean_run())
    assert verdict.ok
    assert (verdict.commands, verdict.accepted, verdict.events) == (2, 2, 2)
    assert (verdict.checks, verdict.once) == (4, 4)
    assert verdict.line().startswith("clean: PASS 2 commands (2 accepted, 0 refused, 0 unknown)")


def test_an_effect_missing_in_one_sink_is_lost():
    ledger, produced, effects = clean_run()
    effects = [e for e in effects if e.sink != "maintenance"]
    verdict = check("lost", ledger, produced, effects)
    assert not verdict.ok
    assert verdict.lost == ["e2@maintenance"] and verdict.twice == []
    assert "FAIL" in verdict.line() and "lost: e2@maintenance" in verdict.line()


def test_an_accepted_command_without_its_event_is_lost():
    ledger, produced, effects = clean_run()
    verdict = check("lost", ledger, [e for e in produced if e.id != "e1"], effects)
    assert verdict.lost == [f"c1/{OPENED.type}"]


def test_an_effect_applied_twice_is_caught():
    ledger, produced, effects = clean_run()
    effects.append(Effect("audit", "e2"))
    verdict = check("twice", ledger, produced, effects)
    assert verdict.twice == ["e2@audit"] and verdict.lost == []
    assert not verdict.ok


def test_a_notice_twice_for_the_same_recipient_is_caught():
    ledger, produced, effects = clean_run()
    effects.append(Effect("notifications", "e1", "u2|alert"))
    assert check("twice", ledger, produced, effects).twice == ["e1@notifications"]


def test_a_command_applied_twice_is_caught():
    ledger, produced, effects = clean_run()
    produced.append(Event("e1b", OPENED.type, "c1"))
    effects += [Effect("audit", "e1b"), Effect("notifications", "e1b", "u1|alert")]
    assert check("twice", ledger, produced, effects).twice == ["e1b"]


def test_any_effect_of_a_refused_command_is_flagged():
    ledger = ledger_of(("c1", 422, (OPENED,)), ("c2", 409, (OPENED,)), ("c3", 400, (OPENED,)))
    produced = [Event("e1", OPENED.type, "c1")]
    effects = [Effect("audit", "e2", correlation_id="c2")]
    verdict = check("refused", ledger, produced, effects)
    assert verdict.refused == 3
    assert verdict.refused_with_effect == ["e1", "e2"]
    assert not verdict.ok and verdict.lost == []


def test_an_unknown_outcome_may_be_absent_but_never_twice_and_never_half():
    ledger = ledger_of(("c1", None, (OPENED,)), ("c2", 503, (OPENED,)), ("c3", None, (OPENED,)))
    produced = [Event("e2", OPENED.type, "c2"), Event("e3", OPENED.type, "c3")]
    effects = [
        Effect("audit", "e2"),
        Effect("notifications", "e2", "u1|alert"),
        Effect("audit", "e3"),  # its notice never came: lost, though the client never knew
    ]
    verdict = check("unknown", ledger, produced, effects)
    assert verdict.unknown == 3 and verdict.events == 2
    assert verdict.lost == ["e3@notifications"] and verdict.twice == []


def test_a_published_event_is_expected_without_an_outbox():
    ledger = Ledger()
    ledger.published("p1", [DAMAGED], confirmed=True)
    ledger.published("p2", [Expect(DAMAGED.type)], confirmed=False)
    ledger.published("p3", [DAMAGED, OPENED], confirmed=False)
    effects = [Effect("audit", "p1"), Effect("maintenance", "p1"), Effect("maintenance", "p1")]
    effects.append(Effect("audit", "p3"))  # unconfirmed, yet it went through: half of it
    verdict = check("published", ledger, [], effects)
    assert verdict.twice == ["p1@maintenance"]
    # p2 unconfirmed and nowhere: it may be absent; p3 went through, its work order did not,
    # and what maintenance would have published of it is not there either.
    assert verdict.lost == ["p3@maintenance", f"p3/{OPENED.type}"]
    assert verdict.events == 3


@pytest.mark.parametrize(
    ("status", "outcome"),
    [(200, Outcome.ACCEPTED), (201, Outcome.ACCEPTED), (202, Outcome.ACCEPTED)]
    + [(400, Outcome.REFUSED), (404, Outcome.REFUSED), (409, Outcome.REFUSED)]
    + [(422, Outcome.REFUSED), (500, Outcome.UNKNOWN), (503, Outcome.UNKNOWN)]
    + [(None, Outcome.UNKNOWN)],
)
def test_outcome_of_an_http_status(status, outcome):
    assert outcome_of(status) is outcome


def test_a_command_id_is_recorded_once():
    ledger = ledger_of(("c1", 201, (OPENED,)))
    with pytest.raises(ValueError, match="recorded twice"):
        ledger.record("c1", "again", 201, (OPENED,))
