"""E-mail delivery rules without I/O: backoff, claims, outcomes, SMTP replies, the MIME message."""

from __future__ import annotations

import email
import email.policy
import smtplib
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from services.notifications.domain.attempts import RetryPolicy, SendResult, Text
from services.notifications.domain.mime import Sender, compose, message_id
from services.notifications.domain.outbound import new_delivery
from services.notifications.handlers.smtp import classify
from services.notifications.settings import NotificationsSettings
from shared.errors import Conflict

NOW = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)
POLICY = RetryPolicy(max_attempts=3, backoff_seconds=30, backoff_max_seconds=100, claim_seconds=150)
TEMP = SendResult("temporary", "DATA: 451 4.3.0 try later", 451)


def pending():
    return new_delivery(
        notification_id="n-1",
        recipient_id="u-1",
        address="wang@example.edu.cn",
        name="王调度",
        now=NOW,
    )


def later(seconds: float) -> datetime:
    return NOW + timedelta(seconds=seconds)


def test_backoff_doubles_from_the_base_up_to_the_cap():
    policy = RetryPolicy(backoff_seconds=30, backoff_max_seconds=3600)
    assert [policy.backoff(n).total_seconds() for n in (1, 2, 3, 4, 5)] == [30, 60, 120, 240, 480]
    assert policy.backoff(8).total_seconds() == 3600
    assert policy.backoff(10_000).total_seconds() == 3600
    with pytest.raises(ValueError):
        policy.backoff(0)


def test_a_new_delivery_is_due_at_once_and_a_claim_takes_it_out_of_the_queue():
    d = pending()
    assert d.status == "pending" and d.attempts == 0 and d.is_due(NOW)
    taken = d.claim(holder="a", now=NOW, policy=POLICY)
    assert (taken.status, taken.attempts, taken.claimed_by) == ("sending", 1, "a")
    assert taken.next_attempt_at == later(150)
    assert not taken.is_due(later(149))
    with pytest.raises(Conflict):
        taken.claim(holder="b", now=later(10), policy=POLICY)


def test_sent_closes_the_delivery():
    taken = pending().claim(holder="a", now=NOW, policy=POLICY)
    done = taken.settle(SendResult("sent", "accepted", 250), now=later(1), policy=POLICY)
    assert (done.status, done.attempts, done.next_attempt_at, done.claimed_by) == (
        "sent",
        1,
        None,
        None,
    )
    assert [(a.outcome, a.code) for a in done.history] == [("sent", 250)]
    assert not done.is_due(later(10_000))
    with pytest.raises(Conflict):
        done.settle(TEMP, now=later(2), policy=POLICY)


def test_temporary_failures_back_off_until_the_attempts_run_out():
    d = pending()
    waits = []
    for attempt in (1, 2):
        d = d.claim(holder="a", now=d.next_attempt_at, policy=POLICY)
        assert d.attempts == attempt
        tried_at = d.at
        d = d.settle(TEMP, now=tried_at, policy=POLICY)
        assert d.status == "pending" and "will retry" in d.detail
        waits.append((d.next_attempt_at - tried_at).total_seconds())
        assert not d.is_due(d.next_attempt_at - timedelta(microseconds=1))
    assert waits == [30, 60]
    d = d.claim(holder="a", now=d.next_attempt_at, policy=POLICY)
    d = d.settle(TEMP, now=d.at, policy=POLICY)
    assert d.status == "failed" and d.attempts == 3
    assert d.detail.startswith("gave up after 3 attempts") and "451" in d.detail
    assert [a.outcome for a in d.history] == ["temporary"] * 3


def test_a_permanent_answer_fails_at_once():
    taken = pending().claim(holder="a", now=NOW, policy=POLICY)
    rejected = SendResult("permanent", "RCPT: 550 5.1.1 no such user", 550)
    done = taken.settle(rejected, now=later(1), policy=POLICY)
    assert done.status == "failed" and done.attempts == 1
    assert done.detail == "rejected: RCPT: 550 5.1.1 no such user"


def test_an_expired_claim_is_taken_again_and_counted_then_gives_up():
    first = pending().claim(holder="dead", now=NOW, policy=POLICY)
    again = first.claim(holder="b", now=later(150), policy=POLICY)
    assert (again.status, again.attempts, again.claimed_by) == ("sending", 2, "b")
    assert [a.outcome for a in again.history] == ["unknown"]
    assert "dead" in again.history[0].detail
    third = again.claim(holder="c", now=later(300), policy=POLICY)
    assert third.attempts == 3
    exhausted = third.claim(holder="d", now=later(450), policy=POLICY)
    assert exhausted.status == "failed" and exhausted.attempts == 3
    assert "stopped before recording" in exhausted.detail


@pytest.mark.parametrize(
    ("exc", "outcome", "code"),
    [
        (smtplib.SMTPRecipientsRefused({"x@y.cn": (550, b"5.1.1 no such user")}), "permanent", 550),
        (smtplib.SMTPRecipientsRefused({"x@y.cn": (450, b"mailbox busy")}), "temporary", 450),
        (smtplib.SMTPDataError(451, b"4.3.0 try later"), "temporary", 451),
        (smtplib.SMTPDataError(554, b"5.7.1 spam"), "permanent", 554),
        (smtplib.SMTPSenderRefused(553, b"not allowed", "f@x.cn"), "permanent", 553),
        (smtplib.SMTPConnectError(421, b"too busy"), "temporary", 421),
        (smtplib.SMTPAuthenticationError(535, b"bad credentials"), "permanent", 535),
        (smtplib.SMTPServerDisconnected("gone"), "temporary", None),
        (smtplib.SMTPNotSupportedError("STARTTLS extension not supported"), "temporary", None),
        (ConnectionRefusedError(111, "refused"), "temporary", None),
        (TimeoutError("timed out"), "temporary", None),
        (OSError(113, "no route to host"), "temporary", None),
    ],
)
def test_smtp_failures_are_temporary_or_permanent_by_reply_code(exc, outcome, code):
    result = classify(exc, server="relay:25")
    assert (result.outcome, result.code) == (outcome, code)
    assert result.detail


def test_classify_refuses_what_is_not_an_smtp_failure():
    with pytest.raises(TypeError):
        classify(ValueError("bug"), server="relay:25")


def test_the_mail_is_in_the_recipients_language_utf8_mime_with_a_stable_message_id():
    text = Text("zh-CN", "新报修：B03（电）", "报修单 T-1：插座冒烟")
    args = {
        "notification_id": "n-1",
        "event_type": "maintenance.ticket.opened.v1",
        "text": text,
        "links": {"ticket_id": "T-1"},
        "created_at": NOW,
        "to_address": "wang@example.edu.cn",
        "to_name": "王调度 Wang (dispatcher)",
        "sender": Sender("noreply@example.edu.cn", "校园后勤 Campus Logistics"),
        "html": "<p>&lt;b&gt;</p>",
    }
    raw = compose(**args).as_bytes()
    assert raw == compose(**args).as_bytes()  # a retry sends the very same message
    raw.decode("ascii")  # headers encoded, body base64: 7-bit clean
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed["Subject"] == "新报修：B03（电）"
    assert parsed["Content-Language"] == "zh-CN"
    assert parsed["To"].addresses[0].addr_spec == "wang@example.edu.cn"
    assert parsed["To"].addresses[0].display_name == "王调度 Wang (dispatcher)"
    assert parsed["Message-ID"] == message_id("n-1", "example.edu.cn")
    assert parsed["Message-ID"] == "<notification.n-1@example.edu.cn>"
    assert parsed["Auto-Submitted"] == "auto-generated"
    plain = parsed.get_body(("plain",))
    assert plain.get_content_charset() == "utf-8"
    body = plain.get_content()
    assert "插座冒烟" in body and "编号：ticket_id=T-1" in body and "Reference" not in body
    assert parsed.get_body(("html",)).get_content().strip() == "<p>&lt;b&gt;</p>"


def test_smtp_settings_refuse_unsafe_or_inconsistent_combinations():
    assert NotificationsSettings().smtp_port == 8025
    with pytest.raises(ValidationError, match="set together"):
        NotificationsSettings(smtp_username="relay-user")
    with pytest.raises(ValidationError, match="starttls"):
        NotificationsSettings(smtp_host="mail.example.edu.cn", smtp_username="u", smtp_password="p")
    NotificationsSettings(
        smtp_host="mail.example.edu.cn", smtp_username="u", smtp_password="p", smtp_starttls=True
    )
    with pytest.raises(ValidationError, match="smtp_claim_seconds"):
        NotificationsSettings(smtp_timeout_seconds=30, smtp_claim_seconds=60)
    with pytest.raises(ValidationError, match="smtp_from"):
        NotificationsSettings(smtp_from="Logistics <x@y.cn>")
