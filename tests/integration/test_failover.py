"""Failover across several AMQP URLs: a node that vanishes is replaced by the next one.

Two TCP proxies in front of the machine's broker stand for two cluster nodes; closing one cuts
every connection through it at once, as a node crash would. (The real three-node cluster, with a
node SIGKILLed, is tests/integration/distributed/test_cluster.py.)
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit, urlunsplit

import aio_pika
import httpx
import pytest

from shared.amqp import FailoverConnection, connect_once, split_urls
from shared.settings import ServiceSettings
from shared.topology import connect
from tests.harness import BROKER_PORT, eventually, free_port, serve
from tests.integration import sample_service
from tests.integration.test_flow import settings_for, token
from tests.tcp_proxy import TcpProxy

pytestmark = pytest.mark.broker


def via(url: str, port: int) -> str:
    """`url` with its port replaced (the same vhost and user through another address)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=f"guest:guest@127.0.0.1:{port}"))


def test_amqp_url_takes_every_node_and_refuses_a_bad_one():
    both = "amqp://u:p@rabbit-1:5672/campus, amqp://u:p@rabbit-2:5672/campus"
    assert ServiceSettings(amqp_url=both).amqp_urls == [
        "amqp://u:p@rabbit-1:5672/campus",
        "amqp://u:p@rabbit-2:5672/campus",
    ]
    with pytest.raises(ValueError, match="amqp://"):
        ServiceSettings(amqp_url="amqp://rabbit-1/,http://rabbit-2/")
    with pytest.raises(ValueError, match="no AMQP URL"):
        split_urls(" , ")


async def test_first_node_down_connects_to_the_next(vhost_url):
    dead = via(vhost_url, free_port())
    connection = await connect(f"{dead},{vhost_url}")
    try:
        assert isinstance(connection, FailoverConnection)
        assert f":{BROKER_PORT}/" in connection.node
        channel = await connection.channel()
        queue = await channel.declare_queue(exclusive=True)
        await channel.default_exchange.publish(aio_pika.Message(b"hi"), routing_key=queue.name)
        message = await queue.get(timeout=5)
        assert message.body == b"hi"
    finally:
        await connection.close()


async def test_no_node_answering_fails_the_first_connect(vhost_url):
    urls = ",".join(via(vhost_url, free_port()) for _ in range(2))
    with pytest.raises(aio_pika.exceptions.AMQPConnectionError):
        await asyncio.wait_for(connect(urls), timeout=30)


async def test_a_service_keeps_going_when_its_node_vanishes(vhost_url, namespace, tmp_path):
    """Consumer (faststream) and relay (aio-pika) both move to the second node; 0 lost, 0 twice."""
    first, second = await TcpProxy(BROKER_PORT).start(), await TcpProxy(BROKER_PORT).start()
    settings = settings_for(vhost_url, namespace, tmp_path).model_copy(
        update={"amqp_url": f"{via(vhost_url, first.port)},{via(vhost_url, second.port)}"}
    )
    app = sample_service.build(settings)
    total = 60
    headers = {"Authorization": f"Bearer {token()}"}
    try:
        async with serve(app) as base, httpx.AsyncClient(base_url=base, headers=headers) as http:
            assert f":{first.port}/" in app.runtime.relay.connection.node
            for i in range(total):
                if i == 20:
                    await eventually(
                        lambda: app.runtime.store.get("counts", "all"),
                        lambda d: d is not None and d["n"] >= 10,
                    )
                    await first.close()  # the first "node" dies with both connections on it
                r = await http.post("/notes", json={"note_id": f"f{i}", "text": "failover"})
                assert r.status_code == 201, r.text
            counts = await eventually(
                lambda: app.runtime.store.get("counts", "all"),
                lambda d: d is not None and d["n"] >= total,
                timeout=60,
                interval=0.2,
            )
            assert counts["n"] == total and len(set(counts["ids"])) == total
            ready = await eventually(lambda: http.get("/ready"), lambda r: r.status_code == 200)
            assert ready.json()["checks"] == {"store": True, "broker": True, "relay": True}
            assert f":{second.port}/" in app.runtime.relay.connection.node
            broker_connection = app.runtime.broker._connection
            assert isinstance(broker_connection, FailoverConnection)
            assert f":{second.port}/" in broker_connection.node
    finally:
        await first.close()
        await second.close()


async def test_cli_tools_take_the_first_node_that_answers(vhost_url):
    connection = await connect_once(f"{via(vhost_url, free_port())},{vhost_url}")
    try:
        assert not connection.is_closed
    finally:
        await connection.close()
