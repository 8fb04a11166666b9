"""The demo app on FastAPI, written the way a FastAPI user writes it: `async def` endpoints that await
their waits, dicts returned through FastAPI's own encoder, StreamingResponse for streams. /blocking is
an `async def` that calls time.sleep (the classic mistake: it stalls the loop) and /offload a plain
`def`, which Starlette runs in its 40-token thread pool. Against asgi_raw on the same uvicorn it
measures the framework's cost (claim 6).

    /usr/bin/python3 -m uvicorn asgi_fastapi:app --loop uvloop --http httptools --workers 1 \
        --host 127.0.0.1 --port 8000 --no-access-log
"""

import asyncio
import time

from fastapi import FastAPI, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import PlainTextResponse, Response, StreamingResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

import demo_common as demo

STATS = demo.Stats(model="uvicorn-fastapi", app_threads=1)
CHAT = demo.ChatHub()
GET = ["GET", "HEAD"]  # FastAPI's @app.get answers HEAD with 405; the contract treats HEAD as GET

app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None, on_startup=[demo.watch_sigterm])
# The contract answers /hello/ with 404, not Starlette's redirect to /hello.
app.router.redirect_slashes = False


# A plain ASGI middleware: @app.middleware("http") would wrap every response in BaseHTTPMiddleware's
# extra task and stream, a cost that is not FastAPI's own.
app.add_middleware(demo.AsgiRequestCounter, stats=STATS)


@app.exception_handler(demo.ParameterError)
async def bad_parameter(_, error):
    return PlainTextResponse(demo.message(str(error)), 400)


@app.exception_handler(StarletteHTTPException)
async def http_error(_, error):
    # FastAPI answers {"detail": …} in JSON; the contract answers in plain text.
    if error.status_code == 405:
        return PlainTextResponse(b"method not allowed\n", 405)
    if error.status_code == 404:
        return PlainTextResponse(b"not found\n", 404)
    return PlainTextResponse(demo.message(str(error.detail)), error.status_code)


def _query(request):
    return request.scope["query_string"].decode("latin-1")


@app.api_route("/health", methods=GET)
async def health():
    return PlainTextResponse(demo.OK)


@app.api_route("/hello", methods=GET)
async def hello():
    return PlainTextResponse(demo.HELLO)


@app.api_route("/json", methods=GET)
async def json_route():
    return {"message": "Hello, World!"}


@app.api_route("/users/{uid}", methods=GET)
async def user(uid: str, request: Request):
    user_id = demo.user_id(uid)
    wait = demo.wait_ms(_query(request))
    await asyncio.sleep(wait / 1000)
    return demo.user_dict(user_id, wait)


@app.api_route("/cpu", methods=GET)
async def cpu(request: Request):
    return demo.cpu_dict(demo.cpu_iterations(_query(request)))


@app.api_route("/blocking", methods=GET)
async def blocking(request: Request):
    wait = demo.wait_ms(_query(request))
    time.sleep(wait / 1000)  # on the loop: every connection waits
    return demo.waited_dict(wait, "blocking")


@app.api_route("/offload", methods=GET)
def offload(request: Request):
    wait = demo.wait_ms(_query(request))
    time.sleep(wait / 1000)  # a plain def: Starlette runs it in its thread pool
    return demo.waited_dict(wait, "offload")


@app.api_route("/stream", methods=GET)
async def stream(request: Request):
    chunks, interval_ms, size = demo.stream_shape(_query(request))

    async def generate():
        for i in range(chunks):
            if i > 0:
                await asyncio.sleep(interval_ms / 1000)
            yield demo.stream_chunk(i, size)

    return StreamingResponse(generate(), media_type="text/plain")


@app.api_route("/sse", methods=GET)
async def sse(request: Request):
    events, interval_ms, last = demo.sse_shape(_query(request), request.headers.get("last-event-id"))

    async def generate():
        # StreamingResponse cancels this generator when the client disconnects.
        STATS.add("open_sse_streams", 1)
        try:
            first = True
            for seq in demo.sse_ids(events, last):
                if not first:
                    await asyncio.sleep(interval_ms / 1000)
                if demo.STOPPING.is_set():
                    return
                yield demo.sse_event(seq, first)
                first = False
        finally:
            STATS.add("open_sse_streams", -1)

    # An explicit header: media_type="text/event-stream" would get "; charset=utf-8" appended.
    return StreamingResponse(generate(), headers=dict(demo.SSE_HEADERS))


@app.post("/upload")
async def upload(request: Request):
    digest = demo.new_upload_hash()
    length = 0
    async for chunk in request.stream():
        digest.update(chunk)
        length += len(chunk)
    return demo.upload_dict(length, digest)


@app.api_route("/stats", methods=GET)
async def stats(request: Request):
    server = request.scope.get("server")
    return Response(STATS.to_json(server[1] if server else None, busy_threads=0), media_type=demo.JSON)


@app.api_route("/whoami", methods=GET)
async def whoami(request: Request):
    before = demo.thread_id()
    await asyncio.sleep(demo.whoami_wait_ms(_query(request)) / 1000)
    return demo.whoami_dict(before, demo.thread_id())


async def _accept(websocket: WebSocket):
    offered = websocket.scope.get("subprotocols") or []
    await websocket.accept(subprotocol=offered[0] if offered else None)
    STATS.add("open_websockets", 1)


@app.websocket("/ws/echo")
async def ws_echo(websocket: WebSocket):
    await _accept(websocket)
    try:
        while True:
            message = await websocket.receive()
            if message["type"] != "websocket.receive":
                return
            if message.get("text") is not None:
                await websocket.send_text(message["text"])
            else:
                await websocket.send_bytes(message.get("bytes") or b"")
    finally:
        STATS.add("open_websockets", -1)


@app.websocket("/ws/chat")
async def ws_chat(websocket: WebSocket):
    await _accept(websocket)
    room = demo.room_name(websocket.scope["query_string"].decode("latin-1"))
    outbox = asyncio.Queue()

    async def write_outbox():
        while True:
            await websocket.send_text(await outbox.get())

    CHAT.join(room, outbox)
    writer = asyncio.ensure_future(write_outbox())
    try:
        while True:
            text = await websocket.receive_text()
            CHAT.broadcast(room, text)
    except WebSocketDisconnect:
        pass
    finally:
        CHAT.leave(room, outbox)
        writer.cancel()
        STATS.add("open_websockets", -1)
