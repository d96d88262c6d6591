"""The embedded hub's gate to the network: TLS only, in front of a server that listens on
127.0.0.1.

The PostgreSQL programs the embedded hub runs were built without TLS, so the hub does not put
them on the network itself. This gate listens on the address other machines reach, answers a
client's request for TLS (PostgreSQL's own ``SSLRequest``), completes the handshake with the
hub's certificate, and only then passes the stream to the server on 127.0.0.1, where every
login is still checked by SCRAM and held by row-level security. A client that does not ask for
TLS is told so and cut off before it can send a password.

Run by ``officer-desk hub up --listen``; stopped by ``hub down``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import ssl
import struct

# Connections through the gate at once, in all and from one address: each takes one of the
# server's connection slots once its handshake is done, and the slots on 127.0.0.1 (the
# administrator's, and laptops on the hub's own machine) must never run out.
MAX_CONNECTIONS = 60
MAX_FROM_ONE_ADDRESS = 12
SSL_REQUEST = 80877103
GSSENC_REQUEST = 80877104
CANCEL_REQUEST = 80877102


def _refusal(text: str) -> bytes:
    """A PostgreSQL ErrorResponse a client shows as the reason."""
    fields = b"".join(tag + value.encode() + b"\0" for tag, value in (
        (b"S", "FATAL"), (b"V", "FATAL"), (b"C", "28000"), (b"M", text)))
    body = fields + b"\0"
    return b"E" + struct.pack("!I", len(body) + 4) + body


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError, ssl.SSLError):
        pass  # either side went away: the other is closed below
    finally:
        with contextlib.suppress(Exception):
            writer.close()


_open: dict[str, int] = {}


async def _client(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                  context: ssl.SSLContext, backend_port: int) -> None:
    peer = str((writer.get_extra_info("peername") or ("?",))[0])
    if sum(_open.values()) >= MAX_CONNECTIONS or _open.get(peer, 0) >= MAX_FROM_ONE_ADDRESS:
        writer.close()
        return
    _open[peer] = _open.get(peer, 0) + 1
    try:
        await _serve_client(reader, writer, context, backend_port)
    finally:
        _open[peer] -= 1
        if not _open[peer]:
            del _open[peer]


async def _serve_client(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                        context: ssl.SSLContext, backend_port: int) -> None:
    try:
        for _ in range(2):
            head = await asyncio.wait_for(reader.readexactly(8), 10)
            length, code = struct.unpack("!II", head)
            if length == 8 and code == GSSENC_REQUEST:
                writer.write(b"N")  # no GSSAPI: the client asks for TLS next
                await writer.drain()
                continue
            break
        if length != 8 or code != SSL_REQUEST:
            writer.write(_refusal("this hub accepts only TLS connections (sslmode=verify-full "
                                  "with the hub's CA)"))
            await writer.drain()
            return
        writer.write(b"S")
        await writer.drain()
        await asyncio.wait_for(writer.start_tls(context), 15)
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", backend_port)
    except (TimeoutError, OSError, asyncio.IncompleteReadError, ssl.SSLError, struct.error):
        with contextlib.suppress(Exception):
            writer.close()
        return
    await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))


async def serve(listen: str, port: int, backend_port: int, cert: str, key: str) -> None:
    """Serve until stopped (SIGTERM)."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(cert, key)
    server = await asyncio.start_server(
        lambda r, w: _client(r, w, context, backend_port), host=listen, port=port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with server:
        await stop.wait()


def main() -> None:
    """``python -m db.hub.tls_gate --listen ADDR --port N --backend-port N --cert F --key F``."""
    p = argparse.ArgumentParser(prog="officer-desk-hub-gate")
    p.add_argument("--listen", required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--backend-port", type=int, required=True)
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
    a = p.parse_args()
    asyncio.run(serve(a.listen, a.port, a.backend_port, a.cert, a.key))


if __name__ == "__main__":
    main()
