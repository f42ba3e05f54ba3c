"""The baseline: raw aio-pika end to end on the machine's broker.

Publish persistent messages with pipelined publisher confirms (a window in flight) to a quorum
queue of its own, while a consumer on another connection takes them with manual acks; the
figure is messages/s from the first publish to the last ack. The queue is deleted afterwards.
"""

from __future__ import annotations

import asyncio
import time
import uuid

import aio_pika

BODY = (
    b'{"specversion":"1.0","type":"bench.baseline.v1","data":{"n":0,"pad":"' + b"x" * 600 + b'"}}'
)


async def baseline(url: str, messages: int, *, window: int = 256, prefetch: int = 64) -> float:
    """Messages/s end to end (publish with confirms → consume with manual acks)."""
    queue_name = f"bench-baseline-{uuid.uuid4().hex[:10]}"
    pub = await aio_pika.connect(url)
    sub = await aio_pika.connect(url)
    try:
        pch = await pub.channel(publisher_confirms=True)
        queue = await pch.declare_queue(
            queue_name, durable=True, arguments={"x-queue-type": "quorum"}
        )
        sch = await sub.channel()
        await sch.set_qos(prefetch_count=prefetch)
        consumed = 0
        done = asyncio.Event()

        async def on_message(message: aio_pika.abc.AbstractIncomingMessage) -> None:
            nonlocal consumed
            await message.ack()
            consumed += 1
            if consumed == messages:
                done.set()

        consuming = await sch.get_queue(queue_name)
        tag = await consuming.consume(on_message)
        started = time.perf_counter()
        gate = asyncio.Semaphore(window)

        async def publish_one() -> None:
            try:
                await pch.default_exchange.publish(
                    aio_pika.Message(BODY, delivery_mode=aio_pika.DeliveryMode.PERSISTENT),
                    routing_key=queue_name,
                )
            finally:
                gate.release()

        tasks = []
        for _ in range(messages):
            await gate.acquire()
            tasks.append(asyncio.create_task(publish_one()))
        await asyncio.gather(*tasks)
        await asyncio.wait_for(done.wait(), timeout=120)
        took = time.perf_counter() - started
        await consuming.cancel(tag)
        await queue.delete(if_unused=False, if_empty=False)
        return messages / took
    finally:
        await sub.close()
        await pub.close()
