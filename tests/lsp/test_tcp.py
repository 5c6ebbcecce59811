"""``flowscript lsp --tcp HOST:PORT`` answers ``initialize`` over a socket."""

from __future__ import annotations

import asyncio
import json
import socket
import sys
from typing import Any


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def read_message(reader: asyncio.StreamReader) -> Any:
    length = 0
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode("ascii").partition(":")
        if name.lower() == "content-length":
            length = int(value)
    return json.loads(await reader.readexactly(length))


def frame(message: dict[str, Any]) -> bytes:
    body = json.dumps(message).encode("utf-8")
    return f"Content-Length: {len(body)}\r\n\r\n".encode("ascii") + body


async def test_tcp_server_initializes() -> None:
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "server",
        "lsp",
        "--tcp",
        f"127.0.0.1:{port}",
        "--log-level",
        "info",
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stderr is not None
        while b"Serving on" not in (line := await asyncio.wait_for(process.stderr.readline(), 30)):
            assert line, "the server exited before listening"
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(frame({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}))
        await writer.drain()
        response = await asyncio.wait_for(read_message(reader), 30)
        assert response["id"] == 1
        capabilities = response["result"]["capabilities"]
        assert capabilities["positionEncoding"] == "utf-16"
        assert capabilities["textDocumentSync"]["change"] == 2  # incremental
        assert capabilities["executeCommandProvider"]["commands"] == ["flowscript.previewNode"]
        writer.close()
    finally:
        process.kill()
        await process.wait()
