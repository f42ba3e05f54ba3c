"""Connections to a RabbitMQ cluster: one robust connection that fails over across node URLs.

aio-pika's robust connection reconnects, but always to the one URL it was given; a cluster node
that died stays dead for it. `FailoverConnection` takes every node's URL and, on each
(re)connect, tries them in turn starting after the node it last used, so a service given every
node's address survives the loss of any one node by itself. Channels, queues and consumers are
restored on the new node by aio-pika as usual; quorum queues have a replica there.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Sequence
from typing import Any

import aio_pika
from aio_pika.abc import AbstractRobustConnection
from aio_pika.exceptions import CONNECTION_EXCEPTIONS
from yarl import URL

from shared.logging import get_logger

log = get_logger(__name__)
#: Seconds one connection attempt to one node may take (a dead host may not refuse at once).
ATTEMPT_TIMEOUT = 5.0


def split_urls(value: str) -> list[str]:
    """The node URLs of an `AMQP_URL` setting: one URL, or several separated by commas."""
    urls = [part.strip() for part in value.split(",") if part.strip()]
    if not urls:
        raise ValueError("no AMQP URL given")
    for url in urls:
        if not url.startswith(("amqp://", "amqps://")):
            raise ValueError(f"not an AMQP URL: {URL(url).with_password(None)}")
    return urls


class FailoverConnection(aio_pika.RobustConnection):
    """A robust connection over several node URLs of one cluster (same vhost and user)."""

    def __init__(self, url: URL, *, nodes: Sequence[str], **kwargs: Any) -> None:
        self._nodes = [URL(node) for node in nodes]
        #: Index of the node the next attempt tries first, and of the one in use.
        self._cursor = 0
        self._current = 0
        super().__init__(url, **kwargs)

    @property
    def node(self) -> str:
        """The node this connection uses now (or tried last), without its password."""
        return str(self.url.with_password(None))

    async def _on_connection_close(self, closing: asyncio.Future) -> None:
        # The node went away (or closed us): start the next round of attempts at the next one.
        if self.connected.is_set():
            self._cursor = (self._current + 1) % len(self._nodes)
            log.warning("amqp.connection_lost", node=self.node)
        await super()._on_connection_close(closing)

    # aio-pika's robust connection makes every (re)connect attempt through this private method
    # (name-mangled `__connect_transport`, aio-pika 10.2.1, pinned); it connects to `self.url`.
    # Overriding it is the one place where a node can be chosen per attempt.
    async def _RobustConnection__connect_transport(self) -> None:
        last: BaseException | None = None
        start = self._cursor  # a failed attempt's close callback moves the cursor: read it once
        for step in range(len(self._nodes)):
            index = (start + step) % len(self._nodes)
            self.url = self._nodes[index]
            try:
                await aio_pika.RobustConnection._RobustConnection__connect_transport(self)  # type: ignore[attr-defined]
            except CONNECTION_EXCEPTIONS as exc:
                log.warning("amqp.node_unreachable", node=self.node, error=repr(exc))
                last = exc
                continue
            self._cursor = self._current = index
            if step or self.connection_attempt:
                log.info("amqp.connected", node=self.node, attempt=self.connection_attempt)
            return
        assert last is not None
        raise last


async def connect(url: str) -> AbstractRobustConnection:
    """A robust connection to `url` (one node, or several separated by commas).

    It reconnects and restores its channels after a broker restart, moving to another node when
    the one it used is gone; the first connect fails only when no node answers.
    """
    nodes = split_urls(url)
    if len(nodes) == 1:
        return await aio_pika.connect_robust(nodes[0], reconnect_interval=1.0, fail_fast=True)
    return await aio_pika.connect_robust(
        nodes[0],
        reconnect_interval=1.0,
        fail_fast=True,
        timeout=ATTEMPT_TIMEOUT,
        connection_class=connection_class(nodes),  # type: ignore[arg-type]
    )


def connection_class(nodes: Sequence[str]) -> Any:
    """What `connect_robust(connection_class=...)` builds: a FailoverConnection over `nodes`."""
    return functools.partial(FailoverConnection, nodes=list(nodes))


async def connect_once(url: str) -> aio_pika.abc.AbstractConnection:
    """A plain (non-robust) connection to the first of `url`'s nodes that answers (CLI tools)."""
    last: BaseException | None = None
    for node in split_urls(url):
        try:
            return await aio_pika.connect(node, timeout=ATTEMPT_TIMEOUT)
        except CONNECTION_EXCEPTIONS as exc:
            last = exc
    assert last is not None
    raise last
