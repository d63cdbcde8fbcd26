"""A local OpenAI-compatible chat endpoint for tests: canned answers, recorded requests.

It speaks ``POST /v1/chat/completions`` both ways the real API does -- one JSON body, or
Server-Sent Events when the request says ``"stream": true`` -- so the LLM mode (and the app on
top of it) is exercised end to end over HTTP without a network or a model.

    with StubLLM("Ол «...» деді [1].") as stub:
        answerer = LLMAnswerer(base_url=stub.base_url, ...)
        ...
        assert "⟦PARAGRAPH 1⟧" in stub.requests[-1]["messages"][-1]["content"]
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

#: What to answer: one text, texts for the 1st, 2nd, ... request (the last repeats), or a
#: function of the request body.
Reply = str | Sequence[str] | Callable[[dict[str, Any]], str]


class StubLLM:
    """A chat-completions server on 127.0.0.1 (free port) in a background thread."""

    def __init__(self, reply: Reply = "NOT_IN_ARTICLES", *, piece_chars: int = 3) -> None:
        self.reply = reply
        self.piece_chars = piece_chars  # streamed answers arrive in pieces this long
        self.status = 200  # anything else makes every request fail with that HTTP status
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """What ``ASSISTANT_LLM_BASE_URL`` should be."""
        if self._server is None:
            raise RuntimeError("the stub is not running")
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def start(self) -> StubLLM:
        handler = type("Handler", (_Handler,), {"stub": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> StubLLM:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def messages(self, request: int = -1) -> list[dict[str, Any]]:
        """The chat messages of a recorded request (the last by default)."""
        return self.requests[request]["messages"]

    def text_of(self, role: str, request: int = -1) -> str:
        """All ``role`` message contents of a recorded request, joined."""
        return "\n".join(m["content"] for m in self.messages(request) if m["role"] == role)

    def _answer(self, body: dict[str, Any]) -> str:
        with self._lock:
            self.requests.append(body)
            count = len(self.requests)
        if callable(self.reply):
            return self.reply(body)
        if isinstance(self.reply, str):
            return self.reply
        return self.reply[min(count, len(self.reply)) - 1]


class _Handler(BaseHTTPRequestHandler):
    stub: StubLLM

    def do_POST(self) -> None:
        if self.path.rstrip("/") != "/v1/chat/completions":
            self._send_json(404, {"error": {"message": f"no route {self.path}"}})
            return
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        text = self.stub._answer(body)
        if self.stub.status != 200:
            # Like some providers, the error body echoes the request's credentials.
            echoed = self.headers.get("Authorization", "")
            error = {"message": f"stub failure ({echoed})", "type": "server_error"}
            self._send_json(self.stub.status, {"error": error})
        elif body.get("stream"):
            self._send_events(body, text)
        else:
            self._send_json(200, _completion(body, text))

    def _send_json(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _send_events(self, body: dict[str, Any], text: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        size = max(1, self.stub.piece_chars)
        deltas: list[dict[str, Any]] = [{"role": "assistant", "content": ""}]
        deltas += [{"content": text[i : i + size]} for i in range(0, len(text), size)]
        for delta in deltas:
            self._event(_chunk(body, [{"index": 0, "delta": delta, "finish_reason": None}]))
        self._event(_chunk(body, [{"index": 0, "delta": {}, "finish_reason": "stop"}]))
        if (body.get("stream_options") or {}).get("include_usage"):
            self._event({**_chunk(body, []), "usage": _USAGE})
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()
        self.close_connection = True

    def _event(self, payload: dict[str, Any]) -> None:
        self.wfile.write(b"data: " + json.dumps(payload, ensure_ascii=False).encode() + b"\n\n")
        self.wfile.flush()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: pytest output is for failures."""


_USAGE = {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}


def _chunk(body: dict[str, Any], choices: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": body.get("model", "stub"),
        "choices": choices,
    }


def _completion(body: dict[str, Any], text: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": 0,
        "model": body.get("model", "stub"),
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text},
                "finish_reason": "stop",
            }
        ],
        "usage": _USAGE,
    }


_BLOCK = re.compile(r"⟦PARAGRAPH (\d+)⟧\n(.*?)\n⟦END PARAGRAPH \1⟧", re.S)
_FIELD = re.compile(r"^(Title|Outlet): (.*)$", re.M)
_COMMANDS = (
    re.compile(
        r"\b(?:write|say|reply with|answer with|respond with|output|print)\b"
        r"\s*:?\s*(.+?)(?:\.(?:\s|$)|$)",
        re.I,
    ),
    re.compile(r"(?:напиши|ответь|скажи|выведи)\s*:?\s*(.+?)(?:\.(?:\s|$)|$)", re.I),
    re.compile(r"(?:жауапқа тек\s+|:\s*)?([^:.]+?)\s+деп\s+(?:жаз|айт|жауап бер)", re.I),
)
_META = {"the title": "Title", "тақырып": "Title", "заголовок": "Title", "the outlet": "Outlet"}


def obeying_model(body: dict[str, Any]) -> str:
    """A model at its most gullible, for attack tests: it answers honestly (quoting the first
    sentence of paragraph 1) and then carries out every instruction it finds in a paragraph
    ("write X", "X деп жаз", "ответь: X", "say the title"), citing that paragraph."""
    user = next(m["content"] for m in reversed(body["messages"]) if m["role"] == "user")
    blocks = _BLOCK.findall(user)
    if not blocks:
        return "NOT_IN_ARTICLES"
    sentences: list[str] = []
    first_text = blocks[0][1].split("Text:\n", 1)[-1]
    first = re.split(r"(?<=[.!?])\s+", first_text.strip())[0].rstrip(".!?")
    sentences.append(f"Мақалада: «{first}» [1].")
    for k, block in blocks:
        meta = dict(_FIELD.findall(block))
        text = block.split("Text:\n", 1)[-1]
        for pattern in _COMMANDS:
            for found in pattern.finditer(text):
                payload = found.group(1).strip().strip('«»"')
                field = next((f for key, f in _META.items() if key in payload.lower()), None)
                if field:
                    payload = meta.get(field, payload)
                if not re.search(r"\[\d+\]", payload):
                    payload = f"{payload} [{k}]."
                sentences.append(payload)
    return " ".join(sentences)
