"""The demo app on Flask, written the way a Flask user writes it: routes by decorator, dicts returned
as JSON (Flask's own serialiser), generators wrapped in Response for streams. Against wsgi_raw on the
same gunicorn it measures the framework's cost (claim 6).

    /usr/bin/python3 -m gunicorn -k gthread --threads 32 -w 1 -b 127.0.0.1:8000 wsgi_flask:app
"""

import time

from flask import Flask, Response, request

import demo_common as demo

flask_app = Flask(__name__)
STATS = demo.Stats(model="gunicorn-flask", app_threads=demo.gunicorn_threads())


def _text(body, status=200):
    return Response(body, status=status, content_type=demo.TEXT)


@flask_app.before_request
def refuse_websockets():
    if request.headers.get("Upgrade", "").lower() == "websocket":
        return _text(demo.message(demo.WSGI_NO_WEBSOCKET), 426)
    return None


@flask_app.errorhandler(demo.ParameterError)
def bad_parameter(error):
    return _text(demo.message(str(error)), 400)


@flask_app.errorhandler(404)
def not_found(_):
    return _text(b"not found\n", 404)


@flask_app.errorhandler(405)
def method_not_allowed(_):
    return _text(b"method not allowed\n", 405)


@flask_app.get("/health")
def health():
    return _text(demo.OK)


@flask_app.get("/hello")
def hello():
    return _text(demo.HELLO)


@flask_app.get("/json")
def json_route():
    return {"message": "Hello, World!"}


@flask_app.get("/users/<uid>")
def user(uid):
    user_id = demo.user_id(uid)
    wait = demo.wait_ms(request.query_string.decode("latin-1"))
    time.sleep(wait / 1000)
    return demo.user_dict(user_id, wait)


@flask_app.get("/cpu")
def cpu():
    return demo.cpu_dict(demo.cpu_iterations(request.query_string.decode("latin-1")))


@flask_app.get("/stream")
def stream():
    chunks, interval_ms, size = demo.stream_shape(request.query_string.decode("latin-1"))

    def generate():
        for i in range(chunks):
            if i > 0:
                time.sleep(interval_ms / 1000)
            yield demo.stream_chunk(i, size)

    return Response(generate(), content_type=demo.TEXT)


@flask_app.get("/sse")
def sse():
    events, interval_ms, last = demo.sse_shape(request.query_string.decode("latin-1"), request.headers.get("Last-Event-ID"))

    return Response(demo.sse_blocking_stream(STATS, events, interval_ms, last), headers=demo.SSE_HEADERS)


@flask_app.post("/upload")
def upload():
    digest = demo.new_upload_hash()
    length = 0
    while True:
        chunk = request.stream.read(64 * 1024)
        if not chunk:
            break
        digest.update(chunk)
        length += len(chunk)
    return demo.upload_dict(length, digest)


@flask_app.get("/stats")
def stats():
    return Response(STATS.to_json(request.environ.get("SERVER_PORT")), content_type=demo.JSON)


@flask_app.get("/whoami")
def whoami():
    before = demo.thread_id()
    time.sleep(demo.whoami_wait_ms(request.query_string.decode("latin-1")) / 1000)
    return demo.whoami_dict(before, demo.thread_id())


app = demo.counted(flask_app, STATS)
demo.watch_sigterm()
