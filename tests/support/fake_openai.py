"""An OpenAI-compatible chat-completions server on loopback, scripted per test.

The real ``openai`` client talks to it over HTTP, so its time-outs, status handling and our
retries and validation run for real::

    with FakeOpenAI() as server:
        server.script(error(429, headers={"Retry-After": "1"}), answer({"title": "Kyoto"}))
        client = LLMClient(LLMConfig(api_key="test", base_url=server.base_url, ...))

Replies are taken from the script in order; once it is empty, ``server.handler(request)``
answers (by default: HTTP 500 "unscripted"). Every request is recorded in ``server.requests``.
``delay`` makes a reply slow (the server waits, interruptibly, before answering).

Only ``POST /v1/chat/completions`` is served; the server listens on 127.0.0.1 on a free port.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    content_type: str = "application/json"


def _completion(message: dict, finish_reason: str = "stop", model: str = "fake-model") -> bytes:
    return json.dumps({
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason, "logprobs": None}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
    }).encode()


def answer(content: Any, *, delay: float = 0.0, finish_reason: str = "stop") -> Reply:
    """A completion whose message content is ``content`` (a str as is, anything else as JSON)."""
    text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
    message = {"role": "assistant", "content": text, "refusal": None}
    return Reply(body=_completion(message, finish_reason), delay=delay)


def refusal(text: str = "I'm sorry, I can't help with that.", *, delay: float = 0.0) -> Reply:
    message = {"role": "assistant", "content": None, "refusal": text}
    return Reply(body=_completion(message), delay=delay)


def error(status: int, message: str = "fake error", *, headers: dict[str, str] | None = None,
          delay: float = 0.0) -> Reply:
    body = json.dumps({"error": {"message": message, "type": "fake_error", "param": None, "code": None}})
    return Reply(status=status, body=body.encode(), headers=dict(headers or {}), delay=delay)


def raw(body: str, *, status: int = 200, content_type: str = "application/json", delay: float = 0.0) -> Reply:
    """Any body at all: for answers that are not a completion (HTML, truncated JSON)."""
    return Reply(status=status, body=body.encode(), content_type=content_type, delay=delay)


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    body: dict
    received_at: float

    @property
    def messages(self) -> list[dict]:
        return self.body.get("messages", [])

    @property
    def schema_name(self) -> str:
        """The response_format's json_schema name: which kind of call this is."""
        response_format = self.body.get("response_format") or {}
        return (response_format.get("json_schema") or {}).get("name", "")

    @property
    def schema(self) -> dict:
        return ((self.body.get("response_format") or {}).get("json_schema") or {}).get("schema", {})

    def text(self, role: str) -> str:
        return "\n".join(m.get("content") or "" for m in self.messages if m.get("role") == role)


class FakeOpenAI:
    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.handler_errors: list[Exception] = []
        self.handler: Callable[[Request], Reply] = lambda request: error(500, "unscripted request")
        self._script: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._in_flight = 0
        self.max_in_flight = 0  # most requests being answered at once
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- scripting -----------------------------------------------------------------------------

    def script(self, *replies: Reply) -> None:
        with self._lock:
            self._script.extend(replies)

    def _next_reply(self, request: Request) -> Reply:
        with self._lock:
            scripted = self._script.popleft() if self._script else None
        if scripted is not None:
            return scripted
        try:
            return self.handler(request)
        except Exception as exc:  # a bug in a test's handler: say so, as a 500 and in handler_errors
            with self._lock:
                self.handler_errors.append(exc)
            return error(500, f"the fake server's handler failed: {exc!r}")

    def requests_named(self, schema_name: str) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.schema_name == schema_name]

    # -- life cycle ----------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start() the server first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> FakeOpenAI:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # quiet
                pass

            def do_POST(self) -> None:  # noqa: N802 -- http.server's naming
                length = int(self.headers.get("Content-Length") or 0)
                data = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(data or b"{}")
                except json.JSONDecodeError:
                    body = {}
                request = Request(self.path, {k.lower(): v for k, v in self.headers.items()}, body, time.monotonic())
                with fake._lock:
                    fake.requests.append(request)
                    fake._in_flight += 1
                    fake.max_in_flight = max(fake.max_in_flight, fake._in_flight)
                try:
                    if not self.path.rstrip("/").endswith("/chat/completions"):
                        reply = error(404, f"no route {self.path}")
                    else:
                        reply = fake._next_reply(request)
                    if reply.delay and fake._stopping.wait(reply.delay):
                        return
                    self.send_response(reply.status)
                    self.send_header("Content-Type", reply.content_type)
                    self.send_header("Content-Length", str(len(reply.body)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(reply.body)
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (time-out): nothing to answer
                finally:
                    with fake._lock:
                        fake._in_flight -= 1

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02},
                                        name="fake-openai", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# -- a cooperative "model" for the drafter's calls ------------------------------------------------

JAPAN_BRIEF_FACTS = {
    "lang": "en", "country": "JP", "start": "2027-04-04", "end": "2027-04-18", "month": None, "nights": 14,
    "adults": 2, "children": 0, "child_ages": [], "budget": {"amount": "9000", "currency": "EUR", "per": "party"},
    "places": ["Tokyo", "Kyoto"], "interests": ["food", "gardens"], "dislikes": ["museums"],
    "occasion": "honeymoon", "constraints": [], "book_lang": None, "pace": None,
}


def day_context(request: Request) -> dict:
    """The JSON the drafter sends as the user message of a day or paragraph call."""
    return json.loads(request.messages[-1]["content"])


def designer_day(request: Request) -> dict:
    """A plausible DayAnswer for the day the request describes: the first candidates, the stay
    of the recommended level."""
    context = day_context(request)
    day = context["day"]
    ids = [c["id"] for c in context["activity_candidates"]][: context["max_activities"]]
    stays = context["stay_candidates"]
    level = context.get("recommended_level")
    stay = next((s["id"] for s in stays if s["level"] == level), stays[0]["id"] if stays else None)
    names = {c["id"]: c["name"] for c in context["activity_candidates"]}
    paragraphs = [f"Day {day['number']} in {day['base_place']}."]
    paragraphs += [f"Then {names[i]}." for i in ids]
    return {"title": f"{day['base_place']}: day {day['number']}", "paragraphs": paragraphs, "stay_id": stay,
            "activity_ids": ids, "extra_activities": []}


def cooperative_model(brief: dict | None = None, *, delay: float = 0.0,
                      day: Callable[[Request], dict] = designer_day) -> Callable[[Request], Reply]:
    """A handler answering each kind of drafter call (by schema name) like a well-behaved model."""
    facts = brief or JAPAN_BRIEF_FACTS

    def handle(request: Request) -> Reply:
        if request.schema_name == "BriefAnswer":
            return answer(facts, delay=delay)
        if request.schema_name == "DayAnswer":
            return answer(day(request), delay=delay)
        if request.schema_name == "ParagraphAnswer":
            context = day_context(request)
            return answer({"paragraph": f"A new version of paragraph {context['paragraph_to_rewrite']['index'] + 1}."},
                          delay=delay)
        return error(400, f"unexpected schema {request.schema_name!r}")

    return handle
