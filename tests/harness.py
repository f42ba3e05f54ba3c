"""Helpers for tests that start real things: a fresh RabbitMQ vhost, an app on a real port.

Imported by tests only; nothing here runs at import time.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any, TypeVar
from urllib.parse import quote

import aio_pika
import uvicorn
from aio_pika.abc import AbstractIncomingMessage

T = TypeVar("T")
BROKER_HOST = "127.0.0.1"
BROKER_PORT = 5672


def broker_reachable(host: str = BROKER_HOST, port: int = BROKER_PORT) -> bool:
    """True when something accepts TCP connections on the AMQP port."""
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=1.0):
        return True
    return False


def rabbitmqctl(*args: str, timeout: float = 60.0) -> str:
    """Run `rabbitmqctl` and return its output; raises with stderr on failure."""
    exe = shutil.which("rabbitmqctl")
    if exe is None:
        raise RuntimeError("rabbitmqctl not found: install rabbitmq-server (./campus test does)")
    done = subprocess.run(
        [exe, *args], capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"rabbitmqctl {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


@contextlib.contextmanager
def temporary_vhost(prefix: str = "campus-test") -> Iterator[str]:
    """A fresh vhost with full rights for guest; deleted afterwards. Yields its AMQP URL."""
    name = f"{prefix}-{uuid.uuid4().hex[:10]}"
    rabbitmqctl("add_vhost", name)
    try:
        rabbitmqctl("set_permissions", "-p", name, "guest", ".*", ".*", ".*")
        yield f"amqp://guest:guest@{BROKER_HOST}:{BROKER_PORT}/{quote(name, safe='')}"
    finally:
        rabbitmqctl("delete_vhost", name)


def free_port() -> int:
    """A TCP port on loopback that was free a moment ago."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.asynccontextmanager
async def serve(app: Any, port: int | None = None) -> AsyncIterator[str]:
    """Run an ASGI app with uvicorn on loopback inside this event loop; yields its base URL."""
    port = port or free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    deadline = time.monotonic() + 30
    while not server.started:
        if task.done():
            task.result()  # re-raise the start-up failure
            raise RuntimeError("server stopped during start-up")
        if time.monotonic() > deadline:
            raise TimeoutError("server did not start within 30 s")
        await asyncio.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


async def eventually(
    probe: Callable[[], Awaitable[T]],
    accept: Callable[[T], bool],
    *,
    timeout: float = 20.0,
    interval: float = 0.1,
) -> T:
    """Poll `probe` until `accept` holds; TimeoutError names the last value seen."""
    deadline = time.monotonic() + timeout
    value = await probe()
    while not accept(value):
        if time.monotonic() > deadline:
            raise TimeoutError(f"condition not met within {timeout} s; last value: {value!r}")
        await asyncio.sleep(interval)
        value = await probe()
    return value


async def drain(url: str, queue: str) -> list[AbstractIncomingMessage]:
    """Take (and acknowledge) every message now in `queue`."""
    connection = await aio_pika.connect(url)
    try:
        channel = await connection.channel()
        source = await channel.get_queue(queue, ensure=False)
        taken = []
        while (message := await source.get(fail=False)) is not None:
            await message.ack()
            taken.append(message)
        return taken
    finally:
        await connection.close()


async def peek(url: str, queue: str) -> list[AbstractIncomingMessage]:
    """Every message now in `queue`, left in place (unacknowledged, so requeued on close)."""
    connection = await aio_pika.connect(url)
    try:
        channel = await connection.channel()
        source = await channel.get_queue(queue, ensure=False)
        seen = []
        while (message := await source.get(fail=False, no_ack=False)) is not None:
            seen.append(message)
        return seen
    finally:
        await connection.close()


async def publish(url: str, exchange: str, routing_key: str, messages: list[aio_pika.Message]):
    """Publish raw messages with confirms and mandatory routing (an unroutable one raises)."""
    connection = await aio_pika.connect(url)
    try:
        channel = await connection.channel(publisher_confirms=True)
        target = await channel.get_exchange(exchange, ensure=False)
        for message in messages:
            await target.publish(message, routing_key=routing_key, mandatory=True)
    finally:
        await connection.close()


@contextlib.asynccontextmanager
async def routes_client(app: Any, base_url: str = "http://service") -> AsyncIterator[Any]:
    """An httpx client on a built app's routes with its store open: no broker, no relay.

    The client carries the app's runtime as `client.runtime`, for tests that inspect the store.
    """
    import httpx

    runtime = app.runtime
    await runtime.open_store()
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=base_url) as http:
            http.runtime = runtime
            yield http
    finally:
        await runtime.store.close()
