"""The demo-app contract (the route table in the top-level README) written once for the four Python peers.

Every function here mirrors one in src/Servers/App (DemoRoute, DemoParameters, DemoPayloads,
SseEvents, ChatHub, ServerStats) so that the peers answer byte for byte what the C# twins answer,
except where a framework's own serialiser is the point of the measurement (Flask, FastAPI).
Standard library only: the raw apps must not pull a framework in through this module.
"""

import hashlib
import json
import os
import re
import signal
import sys
import threading
import time
from urllib.parse import unquote_plus

TEXT = "text/plain; charset=utf-8"
JSON = "application/json"
EVENT_STREAM = "text/event-stream"
SSE_HEADERS = [("Content-Type", EVENT_STREAM), ("Cache-Control", "no-cache"), ("X-Accel-Buffering", "no")]

OK = b"ok"
HELLO = b"Hello World"
SSE_RETRY_MS = 1000

# Same text as src/Servers/App/WsgiDemoApp.cs, so a client sees the same refusal from either WSGI server.
WSGI_NO_WEBSOCKET = (
    "WSGI cannot carry WebSockets: its single request/response call has no channel for client frames "
    "after the request (PEP 3333). Use the ASGI twin, or start this one with --ws hijack."
)

_DIGITS = re.compile(r"[0-9]+")
_MASK64 = (1 << 64) - 1
_INT32_MAX = 2**31 - 1
_INT64_MAX = 2**63 - 1


def now_us():
    """Microseconds of CLOCK_MONOTONIC: the clock .NET's Stopwatch reads on Linux, shared by every process."""
    return time.monotonic_ns() // 1000


# --- routes (src/Servers/App/DemoRoute.cs) ---------------------------------------------------------

_ROUTES = {
    "/health": ("health", "GET"), "/hello": ("hello", "GET"), "/json": ("json", "GET"),
    "/cpu": ("cpu", "GET"), "/blocking": ("blocking", "GET"), "/offload": ("offload", "GET"),
    "/stream": ("stream", "GET"), "/sse": ("sse", "GET"), "/upload": ("upload", "POST"),
    "/stats": ("stats", "GET"), "/whoami": ("whoami", "GET"),
    "/ws/echo": ("ws_echo", "GET"), "/ws/chat": ("ws_chat", "GET"),
}
ASGI_ONLY = ("blocking", "offload")


def match_route(method, path):
    """(kind, user_id): kind is a route name, "not_found" or "method_not_allowed"; HEAD is GET without the body."""
    found = _ROUTES.get(path)
    if found is not None:
        kind, want, user_id = found[0], found[1], None
    elif path.startswith("/users/") and len(path) > 7 and "/" not in path[7:]:
        kind, want, user_id = "user", "GET", path[7:]
    else:
        return "not_found", None
    if method == want or (want == "GET" and method == "HEAD"):
        return kind, user_id
    return "method_not_allowed", None


# --- parameters (src/Servers/App/DemoParameters.cs, src/Servers/Http/QueryString.cs) ----------------

class ParameterError(Exception):
    """A query parameter out of range or not a number: the route answers 400 with this message."""


def query_get(query, key):
    """One value of a raw query string, "" when absent; the first occurrence wins."""
    for part in query.split("&"):
        if not part:
            continue
        name, eq, value = part.partition("=")
        if unquote_plus(name) == key:
            return unquote_plus(value) if eq else ""
    return ""


def _digits(text, limit):
    # .NET's NumberStyles.None: ASCII digits only, no sign, no spaces; the length cap keeps int() cheap.
    if len(text) > 20 or not _DIGITS.fullmatch(text):
        return None
    value = int(text)
    return value if value <= limit else None


def int_param(query, name, fallback, lo, hi):
    text = query_get(query, name)
    if text == "":
        return fallback
    value = _digits(text, _INT32_MAX)
    if value is None or value < lo or value > hi:
        raise ParameterError(f"{name} must be an integer in {lo}..{hi}")
    return value


def wait_ms(query):
    return int_param(query, "wait_ms", 50, 0, 60_000)


def cpu_iterations(query):
    return int_param(query, "iterations", 100_000, 0, 2_000_000_000)


def whoami_wait_ms(query):
    return int_param(query, "wait_ms", 0, 0, 60_000)


def user_id(text):
    value = _digits(text or "", _INT64_MAX)
    if value is None or value <= 0:
        raise ParameterError("user id must be a positive integer")
    return value


def stream_shape(query):
    """(chunks, interval_ms, size)."""
    return (int_param(query, "chunks", 10, 1, 100_000),
            int_param(query, "interval_ms", 10, 0, 60_000),
            int_param(query, "size", 64, 1, 1 << 20))


def sse_shape(query, last_event_id):
    """(events, interval_ms, last_event_id): events 0 streams until the client leaves."""
    events = int_param(query, "events", 10, 0, 10_000_000)
    interval = int_param(query, "interval_ms", 100, 0, 60_000)
    last = _digits(last_event_id or "", _INT64_MAX)
    return events, interval, last or 0


def room_name(query):
    return query_get(query, "room") or "lobby"


# --- payloads (src/Servers/App/DemoPayloads.cs, SseEvents.cs) ------------------------------------------

def _dumps(obj):
    # System.Text.Json's compact form.
    return json.dumps(obj, separators=(",", ":")).encode()


def json_message():
    """Serialised per request on purpose: /json measures serialisation cost."""
    return _dumps({"message": "Hello, World!"})


def user_dict(uid, waited):
    return {"id": uid, "name": f"user-{uid}", "email": f"user{uid}@example.com", "waited_ms": waited}


def waited_dict(waited, mode):
    return {"waited_ms": waited, "mode": mode}


def cpu(iterations):
    """64-bit FNV-1a over the loop counter, as DemoPayloads.Cpu: xor (uint)i, multiply, mod 2^64."""
    h = 14695981039346656037
    for i in range(iterations):
        h = ((h ^ (i & 0xFFFFFFFF)) * 1099511628211) & _MASK64
    return h


def cpu_dict(iterations):
    return {"iterations": iterations, "result": str(cpu(iterations))}


def upload_dict(length, sha256):
    return {"length": length, "sha256": sha256.hexdigest()}


def new_upload_hash():
    return hashlib.sha256()


def whoami_dict(before, after):
    return {"pid": os.getpid(), "thread_before": before, "thread_after": after}


def thread_id():
    return threading.get_native_id()


def message(text):
    return (text + "\n").encode()


def stream_chunk(index, size):
    """'chunk {i} t={µs}\\n', '.' padding to size, ending in '\\n' (never cut below the head)."""
    head = f"chunk {index} t={now_us()}\n".encode()
    if size <= len(head):
        return head
    return head + b"." * (size - len(head) - 1) + b"\n"


def sse_event(seq, first):
    retry = f"retry: {SSE_RETRY_MS}\n" if first else ""
    return f'{retry}id: {seq}\ndata: {{"seq":{seq},"t_us":{now_us()}}}\n\n'.encode()


def sse_ids(events, last_event_id):
    """The ids a stream sends: after Last-Event-ID, up to `events` in all (unbounded when 0)."""
    seq = last_event_id + 1
    while events == 0 or seq <= events:
        yield seq
        seq += 1


def sse_blocking_stream(stats, events, interval_ms, last_event_id):
    """The WSGI /sse generator: it sleeps on its thread between events, so a stream holds a thread."""
    stats.add("open_sse_streams", 1)
    try:
        first = True
        for seq in sse_ids(events, last_event_id):
            if not first:
                time.sleep(interval_ms / 1000)
            # Shutdown ends the stream cleanly: the generator stops and the server sends the last chunk.
            if STOPPING.is_set():
                return
            yield sse_event(seq, first)
            first = False
    finally:
        # Runs when the client leaves too: the server closes the iterable (PEP 3333 close()).
        stats.add("open_sse_streams", -1)


# --- /ws/chat (src/Servers/App/ChatHub.cs) ---------------------------------------------------------------

class ChatHub:
    """Rooms of one process. Every caller runs on the one event loop, so stamping a room's next
    sequence and handing the payload to every member's queue happen in one order for all members."""

    def __init__(self):
        self._rooms = {}

    def join(self, room, outbox):
        members = self._rooms.setdefault(room, [0, []])[1]
        members.append(outbox)

    def leave(self, room, outbox):
        entry = self._rooms.get(room)
        if entry is not None and outbox in entry[1]:
            entry[1].remove(outbox)

    def broadcast(self, room, text):
        entry = self._rooms.get(room)
        if entry is None:
            return
        entry[0] += 1
        payload = json.dumps({"room": room, "seq": entry[0], "t_us": now_us(), "msg": text}, separators=(",", ":"))
        for outbox in entry[1]:
            outbox.put_nowait(payload)


# --- /stats (src/Servers/Hosting/ServerStats.cs) ---------------------------------------------------------

def _argv_int(flag, fallback):
    """A numeric option of the server's own command line (--threads 32 or --threads=32)."""
    args = sys.argv
    for i, arg in enumerate(args):
        if arg == flag and i + 1 < len(args):
            return int(args[i + 1]) if args[i + 1].isdigit() else fallback
        if arg.startswith(flag + "="):
            value = arg[len(flag) + 1:]
            return int(value) if value.isdigit() else fallback
    return fallback


def _open_connections(port):
    """Established (or half-closed) TCP connections whose local port is the server's: every worker's."""
    if not port:
        return 0
    want = f":{int(port):04X}"
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    fields = line.split()
                    # 01 ESTABLISHED, 08 CLOSE_WAIT (the client left, the server has not closed yet).
                    if fields[1].endswith(want) and fields[3] in ("01", "08"):
                        count += 1
        except OSError:
            pass
    return count


class Stats:
    """Counters of this worker process. gunicorn and uvicorn fork workers, so each process counts its
    own; with the one worker the suites start, that is the server's. open_connections reads the
    kernel's table for the server's port, so it covers every worker."""

    def __init__(self, model, app_threads=0):
        self.model = model
        self.app_threads = app_threads
        self._lock = threading.Lock()
        self.active_requests = 0
        self.total_requests = 0
        self.open_websockets = 0
        self.open_sse_streams = 0

    def add(self, name, delta):
        with self._lock:
            setattr(self, name, getattr(self, name) + delta)
            if name == "active_requests" and delta > 0:
                self.total_requests += 1

    def to_dict(self, port, busy_threads=None):
        """busy_threads defaults to active requests: in a thread-per-request server each holds a thread."""
        busy = self.active_requests if busy_threads is None else busy_threads
        return {
            "model": self.model,
            "open_connections": _open_connections(port),
            "active_requests": self.active_requests,
            "open_websockets": self.open_websockets,
            "open_sse_streams": self.open_sse_streams,
            "busy_threads": busy,
            "idle_threads": max(0, self.app_threads - busy) if self.app_threads > 0 else 0,
            "total_requests": self.total_requests,
            "process_threads": len(os.listdir("/proc/self/task")),
        }

    def to_json(self, port, busy_threads=None):
        return _dumps(self.to_dict(port, busy_threads))


def gunicorn_threads():
    """Threads per gunicorn worker as its command line asked (gthread); 1 for sync."""
    return _argv_int("--threads", 1)


# --- request counting ---------------------------------------------------------------------------

class _CountedResponse:
    """The app's iterable, counted as active until the server closes it (PEP 3333 close())."""

    def __init__(self, inner, stats):
        self._inner = inner
        self._stats = stats
        self._closed = False

    def __iter__(self):
        return iter(self._inner)

    def close(self):
        if self._closed:
            return
        self._closed = True
        try:
            close = getattr(self._inner, "close", None)
            if close is not None:
                close()
        finally:
            self._stats.add("active_requests", -1)


def counted(wsgi_app, stats):
    """Wraps any WSGI app so /stats reports active and total requests."""

    def app(environ, start_response):
        if stats.model is None:
            # gthread declares itself multithreaded; sync runs one request per process at a time.
            stats.model = "gunicorn-gthread" if environ.get("wsgi.multithread") else "gunicorn-sync"
        stats.add("active_requests", 1)
        try:
            return _CountedResponse(wsgi_app(environ, start_response), stats)
        except BaseException:
            stats.add("active_requests", -1)
            raise

    return app


class AsgiRequestCounter:
    """ASGI middleware counting HTTP requests and WebSocket sessions as active while the app runs them."""

    def __init__(self, app, stats):
        self.app = app
        self.stats = stats

    async def __call__(self, scope, receive, send):
        if scope["type"] == "lifespan":
            return await self.app(scope, receive, send)
        self.stats.add("active_requests", 1)
        try:
            return await self.app(scope, receive, send)
        finally:
            self.stats.add("active_requests", -1)


# --- shutdown -----------------------------------------------------------------------------------------------

STOPPING = threading.Event()


def watch_sigterm():
    """Sets STOPPING on SIGTERM, then runs the server's own handler, so endless streams end cleanly
    (as the twins end SSE on shutdown) instead of holding the server for its graceful timeout.

    Call it after the server has installed its handlers: gunicorn does so before it imports the app
    in a worker; uvicorn before the lifespan startup. asyncio and uvloop learn of the signal through
    the wakeup fd, which replacing the Python-level handler leaves in place."""
    if threading.current_thread() is not threading.main_thread():
        return
    previous = signal.getsignal(signal.SIGTERM)
    if getattr(previous, "_bench_chained", False):
        return

    def on_sigterm(signum, frame):
        STOPPING.set()
        if callable(previous):
            previous(signum, frame)
        elif previous == signal.SIG_DFL:
            signal.signal(signum, signal.SIG_DFL)
            signal.raise_signal(signum)

    on_sigterm._bench_chained = True
    signal.signal(signal.SIGTERM, on_sigterm)
