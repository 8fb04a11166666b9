"""The demo app as a plain PEP 3333 callable, the peer of src/Servers/App/WsgiDemoApp.cs.

Waits block the worker thread (time.sleep: a database driver without async); /stream and /sse are
generators that hold their thread until the last chunk; WebSocket upgrades get 426, because WSGI's
one call per request has no channel for client frames after the request.

    /usr/bin/python3 -m gunicorn -k gthread --threads 32 -w 1 -b 127.0.0.1:8000 wsgi_raw:app
"""

import time

import demo_common as demo

_TEXT = [("Content-Type", demo.TEXT)]
_JSON = [("Content-Type", demo.JSON)]


def _body(start_response, status, headers, body):
    start_response(status, headers + [("Content-Length", str(len(body)))])
    return [body]


def _text(start_response, status, text):
    return _body(start_response, status, _TEXT, demo.message(text))


def _json(start_response, obj):
    return _body(start_response, "200 OK", _JSON, demo._dumps(obj))


def _stream(chunks, interval_ms, size):
    for i in range(chunks):
        if i > 0:
            time.sleep(interval_ms / 1000)
        yield demo.stream_chunk(i, size)


def _upload(environ):
    stream = environ["wsgi.input"]
    digest = demo.new_upload_hash()
    length = 0
    while True:
        # gunicorn sets wsgi.input_terminated, so read() ends at the end of a chunked body too.
        chunk = stream.read(64 * 1024)
        if not chunk:
            break
        digest.update(chunk)
        length += len(chunk)
    return demo.upload_dict(length, digest)


def _route(environ, start_response, stats):
    method = environ["REQUEST_METHOD"]
    query = environ.get("QUERY_STRING", "")
    kind, uid = demo.match_route(method, environ.get("PATH_INFO", ""))
    if environ.get("HTTP_UPGRADE", "").lower() == "websocket":
        return _text(start_response, "426 Upgrade Required", demo.WSGI_NO_WEBSOCKET)
    if kind in demo.ASGI_ONLY:
        kind = "not_found"
    if kind == "health":
        return _body(start_response, "200 OK", _TEXT, demo.OK)
    if kind == "hello":
        return _body(start_response, "200 OK", _TEXT, demo.HELLO)
    if kind == "json":
        return _body(start_response, "200 OK", _JSON, demo.json_message())
    if kind == "user":
        user = demo.user_id(uid)
        wait = demo.wait_ms(query)
        time.sleep(wait / 1000)
        return _json(start_response, demo.user_dict(user, wait))
    if kind == "cpu":
        return _json(start_response, demo.cpu_dict(demo.cpu_iterations(query)))
    if kind == "stream":
        shape = demo.stream_shape(query)
        start_response("200 OK", _TEXT)
        return _stream(*shape)
    if kind == "sse":
        shape = demo.sse_shape(query, environ.get("HTTP_LAST_EVENT_ID"))
        start_response("200 OK", demo.SSE_HEADERS)
        return demo.sse_blocking_stream(stats, *shape)
    if kind == "upload":
        return _json(start_response, _upload(environ))
    if kind == "stats":
        return _body(start_response, "200 OK", _JSON, stats.to_json(environ.get("SERVER_PORT")))
    if kind == "whoami":
        before = demo.thread_id()
        time.sleep(demo.whoami_wait_ms(query) / 1000)
        return _json(start_response, demo.whoami_dict(before, demo.thread_id()))
    if kind == "method_not_allowed":
        return _text(start_response, "405 Method Not Allowed", "method not allowed")
    return _text(start_response, "404 Not Found", "not found")


def _raw(environ, start_response):
    try:
        return _route(environ, start_response, STATS)
    except demo.ParameterError as error:
        return _text(start_response, "400 Bad Request", str(error))


STATS = demo.Stats(model=None, app_threads=demo.gunicorn_threads())
app = demo.counted(_raw, STATS)
demo.watch_sigterm()
