"""A loopback TCP forwarder that can vanish, standing in for a broker node that dies."""

from __future__ import annotations

import asyncio


class TcpProxy:
    """A loopback TCP forwarder that can vanish: `close()` drops its listener and every live
    connection at once, as a node that died would (the peer behind it keeps running)."""

    def __init__(self, target_port: int, target_host: str = "127.0.0.1") -> None:
        self.target = (target_host, target_port)
        self.port = 0
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    async def start(self, port: int | None = None) -> TcpProxy:
        """Listen on `port` (a free one by default)."""
        self._server = await asyncio.start_server(self._pipe, "127.0.0.1", port or 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.close()
            return
        self._writers |= {writer, up_writer}

        async def copy(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            try:
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            except (ConnectionError, asyncio.CancelledError):
                pass
            finally:
                dst.close()

        await asyncio.gather(copy(reader, up_writer), copy(up_reader, writer))
        self._writers -= {writer, up_writer}

    async def close(self) -> None:
        """Stop listening and cut every connection through the proxy."""
        if self._server is not None:
            self._server.close()
            self._server = None
        for writer in list(self._writers):
            transport = writer.transport
            transport.abort()
        self._writers.clear()
