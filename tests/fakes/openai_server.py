"""A fake OpenAI-compatible chat server on 127.0.0.1 for end-to-end tests of the LLM answerer.

The real `ChatOpenAI(base_url=server.base_url)` talks HTTP to it exactly as it would to vLLM or
api.openai.com. The test scripts the completions (`server.script(...)`), and reads what the
client sent (`server.requests`). Only non-streaming `POST /v1/chat/completions` and
`GET /v1/models` are modelled; anything else answers 404 and is kept in `unexpected`, which
`assert_clean()` fails on.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class ScriptedReply:
    """One scripted completion: its text, or an HTTP error, optionally after a delay."""

    content: str = ""
    status: int = 200
    delay_s: float = 0.0


@dataclass(frozen=True)
class RecordedRequest:
    path: str
    headers: dict[str, str]  # names in lower case
    body: dict[str, Any]

    @property
    def messages(self) -> list[dict[str, Any]]:
        return self.body.get("messages", [])

    def text(self) -> str:
        """Every message's content joined: what the model was shown."""
        return "\n".join(str(message.get("content", "")) for message in self.messages)


@dataclass
class FakeOpenAIServer:
    """Use as a context manager: `with FakeOpenAIServer() as server: ChatOpenAI(base_url=server.base_url)`."""

    model_name: str = "fake-model"
    requests: list[RecordedRequest] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)

    def __post_init__(self):
        self._replies: deque[ScriptedReply] = deque()
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ---- test-side API ------------------------------------------------------------------

    def script(self, *replies: str | ScriptedReply) -> None:
        """Queue completions, answered in order; a request with nothing queued gets a 500."""
        with self._lock:
            self._replies.extend(r if isinstance(r, ScriptedReply) else ScriptedReply(r) for r in replies)

    @property
    def base_url(self) -> str:
        assert self._httpd is not None, "server not started"
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def assert_clean(self) -> None:
        assert not self.unexpected, f"unexpected requests to the fake OpenAI server: {self.unexpected}"

    def start(self) -> "FakeOpenAIServer":
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), name="fake-openai", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> "FakeOpenAIServer":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    # ---- server side (called from handler threads) -----------------------------------------

    def _next_reply(self) -> ScriptedReply | None:
        with self._lock:
            return self._replies.popleft() if self._replies else None

    def _completion(self, body: dict[str, Any], content: str) -> dict[str, Any]:
        prompt_chars = sum(len(str(m.get("content", ""))) for m in body.get("messages", []))
        return {
            "id": f"chatcmpl-fake-{next(self._ids)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model", self.model_name),
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": prompt_chars, "completion_tokens": len(content), "total_tokens": prompt_chars + len(content)},
        }


def _handler_for(server: FakeOpenAIServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 — the http.server naming
            length = int(self.headers.get("Content-Length") or 0)
            try:
                body = json.loads(self.rfile.read(length) or b"{}")
            except ValueError:
                return self._send(400, _error("invalid JSON body", "invalid_request_error"))
            if self.path.rstrip("/") != "/v1/chat/completions":
                server.unexpected.append(f"POST {self.path}")
                return self._send(404, _error(f"Unknown path {self.path}", "not_found"))
            server.requests.append(RecordedRequest(self.path, {k.lower(): v for k, v in self.headers.items()}, body))
            if body.get("stream"):
                return self._send(400, _error("streaming is not supported by this fake", "invalid_request_error"))
            self._reply(body)

        def do_GET(self) -> None:  # noqa: N802
            if self.path.rstrip("/") == "/v1/models":
                return self._send(200, {"object": "list", "data": [{"id": server.model_name, "object": "model", "owned_by": "fake"}]})
            server.unexpected.append(f"GET {self.path}")
            self._send(404, _error(f"Unknown path {self.path}", "not_found"))

        def _reply(self, body: dict[str, Any]) -> None:
            reply = server._next_reply()
            if reply is None:
                return self._send(500, _error("no scripted reply left", "server_error"))
            if reply.delay_s:
                time.sleep(reply.delay_s)
            if reply.status != 200:
                return self._send(reply.status, _error(reply.content or "scripted error", "server_error"))
            self._send(200, server._completion(body, reply.content))

        def _send(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test): nothing to deliver

        def log_message(self, format: str, *args) -> None:  # keep test output quiet
            pass

    return Handler


def _error(message: str, kind: str) -> dict[str, Any]:
    return {"error": {"message": message, "type": kind, "param": None, "code": None}}
