"""A fake Anthropic Messages API for tests: the real SDK talks to it over HTTP.

It speaks the wire format of ``POST /v1/messages`` (tool_use content blocks, ``usage`` with cache
fields, error bodies ``{"type": "error", "error": {...}}``) and is scripted per test with a queue of
replies; when the queue is empty it answers sensibly on its own (cards, skills, distractors made
from the request). Every request is recorded, so tests can measure what was sent: characters, the
``cache_control`` markers, the API key header. A fake prompt cache reports cache creation/read
tokens the way the API does (4 characters ≈ 1 token).
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Reply = dict[str, Any]

_SYLLABLES = [
    "ka", "lo", "mi", "ru", "te", "sa", "vo", "ne", "pi", "da", "gu", "fe", "zo", "bi", "ha",
    "wu", "ye", "qo", "xi", "ju",
]  # fmt: skip


def pseudo_word(seed: str) -> str:
    """A deterministic made-up word: distinct seeds give unrelated words (low cosine)."""
    digest = hashlib.sha256(seed.encode()).digest()
    return "".join(_SYLLABLES[b % len(_SYLLABLES)] for b in digest[:4])


def phrase(seed: str, words: int) -> str:
    return " ".join(pseudo_word(f"{seed}/{i}") for i in range(words))


# -- scripted replies -------------------------------------------------------------------------
def tool(input: dict[str, Any], *, stop_reason: str = "tool_use") -> Reply:
    return {"kind": "tool", "input": input, "stop_reason": stop_reason}


def status(
    code: int, error_type: str, message: str = "", headers: dict[str, str] | None = None
) -> Reply:
    return {
        "kind": "status",
        "code": code,
        "type": error_type,
        "message": message,
        "headers": headers or {},
    }


def rate_limited(retry_after: float = 7) -> Reply:
    return status(
        429,
        "rate_limit_error",
        "Number of requests has exceeded your rate limit",
        {"retry-after": f"{retry_after:g}"},
    )


def overloaded() -> Reply:
    return status(529, "overloaded_error", "Overloaded")


def server_error() -> Reply:
    return status(500, "api_error", "Internal server error")


def unauthorized() -> Reply:
    return status(401, "authentication_error", "invalid x-api-key")


def hang() -> Reply:
    """Never answer (until the server shuts down): the client must time out."""
    return {"kind": "hang"}


def malformed_json() -> Reply:
    return {
        "kind": "raw",
        "code": 200,
        "body": b'{"id": "msg_x", "type": "message", "content": [',
        "content_type": "application/json",
    }


def wrong_schema() -> Reply:
    """A well-formed tool call whose input does not match the schema."""
    return {"kind": "tool", "input": {"unexpected": [1, 2, 3]}, "stop_reason": "tool_use"}


def max_tokens() -> Reply:
    return {"kind": "tool", "input": {"cards": [{"front": "Half a"}]}, "stop_reason": "max_tokens"}


def refusal() -> Reply:
    return {"kind": "text", "text": "I can't help with that.", "stop_reason": "refusal"}


# -- automatic answers ------------------------------------------------------------------------
def _task_text(body: dict[str, Any]) -> str:
    content = body["messages"][-1]["content"]
    if isinstance(content, str):
        return content
    return content[-1].get("text", "")


def auto_input(body: dict[str, Any], seq: int) -> dict[str, Any]:
    """A sensible answer for whichever tool the request forces."""
    name = body["tool_choice"]["name"]
    task = _task_text(body)
    seed = hashlib.sha256(task.encode()).hexdigest()[:12]
    if name == "record_flashcards":
        m = re.search(r"Write (?:up to )?(\d+) flashcards", task)
        count = int(m.group(1)) if m else 3
        skills = _skill_enum(body)
        source = _source_sentences(body, task)
        cards = []
        for i in range(count):
            quote = source[i % len(source)] if source else phrase(f"{seed}s{i}", 6)
            words = [w for w in re.findall(r"[A-Za-z]{6,}", quote)][:2] or ["answer"]
            card = {
                "front": phrase(f"{seed}q{i}", 5) + "?",
                "back": " ".join(words) + f" {pseudo_word(f'{seed}b{i}')}",
                "kind": "basic",
                "quote": quote,
            }
            if skills:
                card["skill"] = skills[i % len(skills)]
            cards.append(card)
        return {"cards": cards}
    if name == "record_skills":
        if "Break the skill" in task:
            return {
                "skills": [
                    {"title": "Sub " + phrase(f"{seed}s{i}", 2), "description": "d"}
                    for i in range(2)
                ]
            }
        return {
            "skills": [
                {"title": "Skill " + phrase(f"{seed}t{i}", 2), "description": "d"} for i in range(3)
            ]
        }
    if name == "record_distractors":
        m = re.search(r"Correct answer: (.+)", task)
        answer = m.group(1).strip() if m else "x"
        n = max(1, len(answer.split()))
        options = [phrase(f"{seed}d{i}", n) for i in range(4)]
        if all(w[:1].isupper() for w in answer.split()):  # a name, like the answer: "Van Jacobson"
            options = [o.title() for o in options]
        return {"distractors": options}
    return {}


def _skill_enum(body: dict[str, Any]) -> list[str]:
    try:
        item = body["tools"][0]["input_schema"]["properties"]["cards"]["items"]
        return list(item["properties"]["skill"]["enum"])
    except (KeyError, IndexError, TypeError):
        return []


def _source_sentences(body: dict[str, Any], task: str) -> list[str]:
    """Sentences (6 to 20 words) of the section the task names, else of the material: what a
    grounded answer quotes from."""
    quoted = re.search(r"begins with <quote>(.*?)</quote>", task, re.DOTALL)
    text = ""
    if quoted:
        text = quoted.group(1)
    else:
        for block in body["messages"][-1]["content"]:
            if isinstance(block, dict) and block.get("text", "").startswith("<material>"):
                text = block["text"][len("<material>") :]
    out = []
    for sentence in re.split(r"(?<=[.!?])\s+", " ".join(text.split())):
        words = sentence.split()
        if len(words) >= 6:
            out.append(" ".join(words[:20]))
    return out


@dataclass
class Recorded:
    body: dict[str, Any]
    headers: dict[str, str]

    @property
    def chars(self) -> int:
        """Characters of text sent: tools, system and messages (what the API bills as input)."""
        return (
            len(json.dumps(self.body.get("tools", [])))
            + _text_chars(self.body.get("system"))
            + _text_chars(self.body["messages"])
        )

    @property
    def cached_prefix_chars(self) -> int:
        """Characters up to and including the last block marked ``cache_control``."""
        return _prefix_chars(self.body)[0]


def _text_chars(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list):
        return sum(_text_chars(v) for v in value)
    if isinstance(value, dict):
        if "text" in value:
            return len(value["text"])
        if "content" in value:
            return _text_chars(value["content"])
    return 0


def _prefix_chars(body: dict[str, Any]) -> tuple[int, str]:
    """(characters, hash) of the prompt up to the last cache_control marker, API order:
    tools, system, messages."""
    parts: list[str] = [json.dumps(body.get("tools", []))]
    upto: tuple[int, str] = (0, "")
    system = body.get("system") or []
    blocks: list[dict[str, Any]] = list(system) if isinstance(system, list) else [{"text": system}]
    for message in body["messages"]:
        content = message["content"]
        blocks += content if isinstance(content, list) else [{"text": content}]
    chars = len(parts[0])
    for block in blocks:
        text = block.get("text", "")
        parts.append(text)
        chars += len(text)
        if block.get("cache_control"):
            upto = (chars, hashlib.sha256("\x00".join(parts).encode()).hexdigest())
    return upto


@dataclass
class FakeAnthropic:
    url: str = ""
    script: list[Reply] = field(default_factory=list)
    requests: list[Recorded] = field(default_factory=list)
    responder: Callable[[dict[str, Any], int], dict[str, Any]] = auto_input
    release: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _cache: set[str] = field(default_factory=set)

    def push(self, *replies: Reply) -> None:
        with self._lock:
            self.script.extend(replies)

    def _next(self) -> Reply | None:
        with self._lock:
            return self.script.pop(0) if self.script else None

    def handle(
        self, body: dict[str, Any], headers: dict[str, str]
    ) -> tuple[int, dict[str, str], bytes]:
        with self._lock:
            self.requests.append(Recorded(body, headers))
            seq = len(self.requests)
        reply = self._next() or {"kind": "auto"}
        kind = reply["kind"]
        if kind == "hang":
            self.release.wait(timeout=60)
            return 500, {}, b""
        if kind == "status":
            payload = {
                "type": "error",
                "error": {"type": reply["type"], "message": reply["message"]},
            }
            return reply["code"], reply["headers"], json.dumps(payload).encode()
        if kind == "raw":
            return reply["code"], {"content-type": reply["content_type"]}, reply["body"]
        usage = self._usage(body)
        if kind == "text":
            content = [{"type": "text", "text": reply["text"]}]
            stop = reply["stop_reason"]
        else:
            tool_input = reply["input"] if kind == "tool" else self.responder(body, seq)
            content = [
                {
                    "type": "tool_use",
                    "id": f"toolu_{seq:04d}",
                    "name": body["tool_choice"]["name"],
                    "input": tool_input,
                }
            ]
            stop = reply.get("stop_reason", "tool_use")
        usage["output_tokens"] = max(1, len(json.dumps(content)) // 4)
        message = {
            "id": f"msg_{seq:04d}",
            "type": "message",
            "role": "assistant",
            "model": body.get("model", "claude-test"),
            "content": content,
            "stop_reason": stop,
            "stop_sequence": None,
            "usage": usage,
        }
        return 200, {}, json.dumps(message).encode()

    def _usage(self, body: dict[str, Any]) -> dict[str, int]:
        total = Recorded(body, {}).chars
        prefix, key = _prefix_chars(body)
        created = read = 0
        if key:
            with self._lock:
                hit = key in self._cache
                self._cache.add(key)
            if hit:
                read = prefix // 4
            else:
                created = prefix // 4
        return {
            "input_tokens": max(1, (total - prefix) // 4) if key else max(1, total // 4),
            "output_tokens": 0,
            "cache_creation_input_tokens": created,
            "cache_read_input_tokens": read,
        }


class _Handler(BaseHTTPRequestHandler):
    fake: FakeAnthropic  # set on a subclass per server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length)
        if not self.path.startswith("/v1/messages"):
            self._send(
                404, {}, b'{"type":"error","error":{"type":"not_found_error","message":"no"}}'
            )
            return
        body = json.loads(raw)
        code, headers, payload = self.fake.handle(
            body, {k.lower(): v for k, v in self.headers.items()}
        )
        self._send(code, headers, payload)

    def _send(self, code: int, headers: dict[str, str], payload: bytes) -> None:
        if self.fake.release.is_set():
            # A hung call let go at shutdown: close the connection, so the server's teardown
            # does not wait for the client to close it (at the client's timeout).
            self.close_connection = True
        try:
            self.send_response(code)
            self.send_header("content-type", headers.pop("content-type", "application/json"))
            self.send_header("request-id", "req_fake")
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("content-length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
            pass


@contextmanager
def serve() -> Iterator[FakeAnthropic]:
    """Start a fake API on 127.0.0.1:<free port> in a thread; shut it down cleanly after."""
    fake = FakeAnthropic()
    handler = type("Handler", (_Handler,), {"fake": fake})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = False
    # serve_forever checks for shutdown every poll_interval (0.5 s by default): each test's
    # teardown waited that long for it.
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.02},
        name="fake-anthropic",
        daemon=True,
    )
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield fake
    finally:
        fake.release.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@contextmanager
def as_claude(monkeypatch: Any, key: str, timeout: str = "0.5") -> Iterator[FakeAnthropic]:
    """A fake API the app's Claude provider talks to: its key, address, provider choice and
    request timeout set in the environment for the test (the shape of every ``fake`` fixture
    of the Claude tests)."""
    with serve() as server:
        monkeypatch.setenv("ANTHROPIC_API_KEY", key)
        monkeypatch.setenv("ANTHROPIC_BASE_URL", server.url)
        monkeypatch.setenv("STUDYAPP_PROVIDER", "claude")
        monkeypatch.setenv("STUDYAPP_LLM_TIMEOUT", timeout)
        yield server
