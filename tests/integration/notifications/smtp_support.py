"""A real SMTP server for tests: aiosmtpd in a thread of the test process, storing what it gets."""

from __future__ import annotations

import contextlib
import email
import email.policy
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from tests.harness import free_port


@dataclass(frozen=True)
class Received:
    """One message the server accepted: the SMTP envelope and the parsed message."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        """The message as a mail client would read it."""
        return email.message_from_bytes(self.raw, policy=email.policy.default)  # type: ignore[return-value]


@dataclass
class Mailbox:
    """An aiosmtpd handler: refuses the first `fail_data` DATA commands, or every RCPT."""

    fail_data: int = 0
    data_reply: str = "451 4.3.0 Try later"
    rcpt_reply: str | None = None
    received: list[Received] = field(default_factory=list)
    data_commands: int = 0
    rcpt_commands: int = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.rcpt_commands += 1
        if self.rcpt_reply is not None:
            return self.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.data_commands += 1
        if self.data_commands <= self.fail_data:
            return self.data_reply
        got = Received(envelope.mail_from, tuple(envelope.rcpt_tos), envelope.content)
        self.received.append(got)
        return "250 2.0.0 Message accepted for delivery"


@contextlib.contextmanager
def smtp_server(mailbox: Mailbox, port: int | None = None) -> Iterator[int]:
    """Run aiosmtpd on 127.0.0.1 (a free port unless given); yields the port, stops after."""
    controller = Controller(mailbox, hostname="127.0.0.1", port=port or free_port())
    controller.start()
    try:
        yield controller.port
    finally:
        controller.stop()


@contextlib.contextmanager
def silent_server() -> Iterator[int]:
    """A port that accepts TCP connections (the kernel's backlog) and never says a word."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield sock.getsockname()[1]
