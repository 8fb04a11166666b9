"""The demo app as a plain ASGI 3.0 callable, the peer of src/Servers/App/AsgiDemoApp.cs.

Waits are awaited timers that free the loop, except /blocking, which blocks it on purpose (the classic
mistake), and /offload, which moves the same blocking wait to a 40-token thread pool, as Starlette
does for `def` endpoints.

    /usr/bin/python3 -m uvicorn asgi_raw:app --loop uvloop --http httptools --workers 1 \
        --host 127.0.0.1 --port 8000 --no-access-log
"""

import asyncio
import time

import anyio
import anyio.to_thread

import demo_common as demo

STATS = demo.Stats(model="uvicorn-raw", app_threads=1)
CHAT = demo.ChatHub()
OFFLOAD_TOKENS = 40

_TEXT = [(b"content-type", demo.TEXT.encode())]
_JSON = [(b"content-type", demo.JSON.encode())]
_SSE = [(name.lower().encode(), value.encode()) for name, value in demo.SSE_HEADERS]
_limiter = None


def _offload_limiter():
    # Created on the loop: anyio binds a limiter to the async library that is running.
    global _limiter
    if _limiter is None:
        _limiter = anyio.CapacityLimiter(OFFLOAD_TOKENS)
    return _limiter


async def _respond(send, status, headers, body):
    await send({"type": "http.response.start", "status": status,
                "headers": headers + [(b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


async def _json(send, obj):
    await _respond(send, 200, _JSON, demo._dumps(obj))


def _header(scope, name):
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return None


async def _lifespan(receive, send):
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            # uvicorn has installed its signal handlers by now; chain ours so endless SSE streams end.
            demo.watch_sigterm()
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


async def _wait_for_disconnect(receive):
    while (await receive())["type"] != "http.disconnect":
        pass


async def _stream(send, chunks, interval_ms, size):
    await send({"type": "http.response.start", "status": 200, "headers": _TEXT})
    for i in range(chunks):
        if i > 0:
            await asyncio.sleep(interval_ms / 1000)
        await send({"type": "http.response.body", "body": demo.stream_chunk(i, size), "more_body": True})
    await send({"type": "http.response.body", "body": b""})


async def _sse(scope, receive, send):
    events, interval_ms, last = demo.sse_shape(scope["query_string"].decode("latin-1"), _header(scope, b"last-event-id"))
    await send({"type": "http.response.start", "status": 200, "headers": _SSE})
    STATS.add("open_sse_streams", 1)
    # send() is silently dropped after a disconnect (uvicorn), so watch receive() for http.disconnect.
    disconnected = asyncio.ensure_future(_wait_for_disconnect(receive))
    try:
        first = True
        for seq in demo.sse_ids(events, last):
            if not first:
                await asyncio.wait([disconnected], timeout=interval_ms / 1000)
            if disconnected.done():
                return
            if demo.STOPPING.is_set():
                break  # shutdown ends the stream cleanly, with its last chunk
            await send({"type": "http.response.body", "body": demo.sse_event(seq, first), "more_body": True})
            first = False
        await send({"type": "http.response.body", "body": b""})
    finally:
        disconnected.cancel()
        STATS.add("open_sse_streams", -1)


async def _upload(receive, send):
    digest = demo.new_upload_hash()
    length = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return
        body = message.get("body", b"")
        digest.update(body)
        length += len(body)
        if not message.get("more_body", False):
            break
    await _json(send, demo.upload_dict(length, digest))


async def _http(scope, receive, send):
    query = scope["query_string"].decode("latin-1")
    kind, uid = demo.match_route(scope["method"], scope["path"])
    if kind == "health":
        await _respond(send, 200, _TEXT, demo.OK)
    elif kind == "hello":
        await _respond(send, 200, _TEXT, demo.HELLO)
    elif kind == "json":
        await _respond(send, 200, _JSON, demo.json_message())
    elif kind == "user":
        user = demo.user_id(uid)
        wait = demo.wait_ms(query)
        await asyncio.sleep(wait / 1000)
        await _json(send, demo.user_dict(user, wait))
    elif kind == "cpu":
        await _json(send, demo.cpu_dict(demo.cpu_iterations(query)))
    elif kind == "blocking":
        wait = demo.wait_ms(query)
        # A synchronous call inside async code: the whole loop stops for its duration.
        time.sleep(wait / 1000)
        await _json(send, demo.waited_dict(wait, "blocking"))
    elif kind == "offload":
        wait = demo.wait_ms(query)
        await anyio.to_thread.run_sync(time.sleep, wait / 1000, limiter=_offload_limiter())
        await _json(send, demo.waited_dict(wait, "offload"))
    elif kind == "stream":
        await _stream(send, *demo.stream_shape(query))
    elif kind == "sse":
        await _sse(scope, receive, send)
    elif kind == "upload":
        await _upload(receive, send)
    elif kind == "stats":
        await _respond(send, 200, _JSON, STATS.to_json(scope["server"][1] if scope.get("server") else None, busy_threads=0))
    elif kind == "whoami":
        before = demo.thread_id()
        await asyncio.sleep(demo.whoami_wait_ms(query) / 1000)
        await _json(send, demo.whoami_dict(before, demo.thread_id()))
    elif kind == "method_not_allowed":
        await _respond(send, 405, _TEXT, b"method not allowed\n")
    else:
        await _respond(send, 404, _TEXT, b"not found\n")


async def _echo(receive, send):
    while True:
        message = await receive()
        if message["type"] != "websocket.receive":
            return
        await send({"type": "websocket.send", "bytes": message.get("bytes"), "text": message.get("text")})


async def _chat(room, receive, send):
    # Deliveries are queued in room order and written by this connection's own task.
    outbox = asyncio.Queue()

    async def write_outbox():
        while True:
            await send({"type": "websocket.send", "text": await outbox.get()})

    CHAT.join(room, outbox)
    writer = asyncio.ensure_future(write_outbox())
    try:
        while True:
            message = await receive()
            if message["type"] != "websocket.receive":
                return
            text = message.get("text")
            CHAT.broadcast(room, text if text is not None else message.get("bytes", b"").decode("utf-8", "replace"))
    finally:
        CHAT.leave(room, outbox)
        writer.cancel()


async def _websocket(scope, receive, send):
    if (await receive())["type"] != "websocket.connect":
        return
    kind, _ = demo.match_route("GET", scope["path"])
    if kind not in ("ws_echo", "ws_chat"):
        await send({"type": "websocket.close", "code": 1000})
        return
    offered = scope.get("subprotocols") or []
    await send({"type": "websocket.accept", "subprotocol": offered[0] if offered else None})
    STATS.add("open_websockets", 1)
    try:
        if kind == "ws_echo":
            await _echo(receive, send)
        else:
            await _chat(demo.room_name(scope["query_string"].decode("latin-1")), receive, send)
    finally:
        STATS.add("open_websockets", -1)


async def app(scope, receive, send):
    kind = scope["type"]
    if kind == "lifespan":
        await _lifespan(receive, send)
        return
    if kind not in ("http", "websocket"):
        # ASGI: apps should raise on scope types they do not know.
        raise NotImplementedError(f"unsupported scope type {kind}")
    STATS.add("active_requests", 1)
    try:
        if kind == "http":
            try:
                await _http(scope, receive, send)
            except demo.ParameterError as error:
                await _respond(send, 400, _TEXT, demo.message(str(error)))
        else:
            await _websocket(scope, receive, send)
    finally:
        STATS.add("active_requests", -1)
