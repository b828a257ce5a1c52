"""The Claude provider: the official ``anthropic`` SDK, structured output through a forced tool.

- ``tool_choice={"type": "tool", ...}`` makes Claude answer with one tool call whose input is
  JSON matching our schema: nothing depends on scraping prose.
- ``max_retries=0``: the job engine owns retries (with backoff and Retry-After), so the SDK must
  not retry behind its back; a request ``timeout`` bounds every call.
- ``base_url`` is left to the SDK, which honours ``ANTHROPIC_BASE_URL``.
- Tool schemas are strict (every field required, nothing else allowed); a card carries a quote
  from its chunk (checked by the quality gate) and, once the goal has a tree, the skill it
  belongs to, chosen from the tree (an enum). The prompt asks for "up to N" cards and
  ``max_tokens`` grows with N, so a large count is not cut off.
- The card prompt names the author's marked terms the chunk uses (:mod:`.marked_prompt`: JSON,
  escaped, capped) and asks for a card on each the chunk teaches, within the same N.
- The shared prefix (tools, system instructions with the writing rules and examples, the
  material) carries ``cache_control`` when it is long enough for the model to cache it (a marker
  on a shorter prefix is wasted), so the chunks of one material read it from the prompt cache.
- Errors are classified for the engine (:mod:`studyapp.generation.errors`); their messages are
  ours, for the learner, and never contain the key.
"""

from __future__ import annotations

import email.utils
import json
import logging
import threading
import time
from collections.abc import Mapping
from typing import Any

import anthropic

from studyapp.generation import prompts
from studyapp.generation.errors import (
    GenerationError,
    InvalidOutput,
    PermanentGenerationError,
    TransientGenerationError,
)
from studyapp.generation.keys import ApiKey
from studyapp.generation.marked_prompt import chunk_terms, marked_instruction
from studyapp.generation.outline import outline
from studyapp.generation.quality import Rejection
from studyapp.generation.settings import DEFAULT_TIMEOUT_S, ModelChoice, estimate_cost
from studyapp.generation.tree_furniture import skills_only
from studyapp.generation.types import (
    CARD_KINDS,
    CardDraft,
    CardSet,
    CardsRequest,
    DistractorRequest,
    DistractorSet,
    SkillTree,
    TreeNode,
    TreeRequest,
    Usage,
)
from studyapp.generation.validation import validate_cards, validate_distractors, validate_tree

log = logging.getLogger(__name__)

NAME = "claude"
CACHE = {"type": "ephemeral"}
QUOTE_CHARS = 120

MAX_TOKENS = {"tree": 2048, "branch": 4096, "distractors": 600}
CARD_TOKENS = 260  # a card with its quote and skill, generously
MAX_CARD_TOKENS = 16_000
# Prompt caching only applies from a model's minimum prefix length; a cache_control marker on a
# shorter prefix is wasted. Tokens are estimated at 4 characters each, which undercounts code
# and non-English text, so a prefix is marked only when it is surely long enough.
MIN_CACHE_TOKENS = {"sonnet": 1024, "opus": 4096, "haiku": 4096}
DEFAULT_MIN_CACHE_TOKENS = 4096
CHARS_PER_TOKEN = 4


def _strict(properties: dict[str, Any]) -> dict[str, Any]:
    """An object schema in the strict subset: every property required, nothing else allowed."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _tree_tool() -> dict[str, Any]:
    child = _strict(
        {
            "title": {"type": "string", "description": "Short and unique, at most 80 characters."},
            "description": {"type": "string", "description": "One sentence."},
        }
    )
    node = _strict(
        {
            "title": child["properties"]["title"],
            "description": child["properties"]["description"],
            "children": {"type": "array", "items": child},
        }
    )
    return {
        "name": "record_skills",
        "description": "Record the skills you identified.",
        "strict": True,
        "input_schema": _strict({"skills": {"type": "array", "items": node}}),
    }


def cards_tool(skills: tuple[str, ...] = ()) -> dict[str, Any]:
    """The flashcard tool; with skills, each card must name one of them (an enum)."""
    card: dict[str, Any] = {
        "front": {"type": "string", "description": "The question, or the cloze sentence."},
        "back": {"type": "string", "description": "The answer: one fact, at most 25 words."},
        "kind": {"type": "string", "enum": list(CARD_KINDS)},
        "quote": {
            "type": "string",
            "description": "5 to 30 words copied exactly from the material: the card's source.",
        },
    }
    if skills:
        card["skill"] = {"type": "string", "enum": list(dict.fromkeys(skills))}
    return {
        "name": "record_flashcards",
        "description": "Record the flashcards you wrote (up to the number asked, fewer is fine).",
        "strict": True,
        "input_schema": _strict({"cards": {"type": "array", "items": _strict(card)}}),
    }


TOOLS: dict[str, dict[str, Any]] = {
    "cards": cards_tool(),
    "tree": _tree_tool(),
    "distractors": {
        "name": "record_distractors",
        "description": "Record 4 distractors, best first.",
        "strict": True,
        "input_schema": _strict({"distractors": {"type": "array", "items": {"type": "string"}}}),
    },
}


def min_cache_tokens(model: str) -> int:
    return next(
        (tokens for family, tokens in MIN_CACHE_TOKENS.items() if family in model),
        DEFAULT_MIN_CACHE_TOKENS,
    )


def card_max_tokens(count: int) -> int:
    """Room for ``count`` cards: 50 cards with quotes need far more than a fixed 4,096."""
    return min(MAX_CARD_TOKENS, 512 + CARD_TOKENS * max(1, count))


def retry_after_seconds(headers: Mapping[str, str] | None) -> float | None:
    """Retry-After as seconds (it may be a number or an HTTP date); also the ms variant."""
    if not headers:
        return None
    raw_ms = headers.get("retry-after-ms")
    if raw_ms:
        try:
            return max(0.0, float(raw_ms) / 1000)
        except ValueError:
            pass
    raw = headers.get("retry-after")
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _error_type(exc: anthropic.APIStatusError) -> str:
    body = exc.body if isinstance(exc.body, dict) else {}
    error = body.get("error") if isinstance(body.get("error"), dict) else body
    return str((error or {}).get("type") or "")


def _api_message(exc: anthropic.APIStatusError, key: ApiKey) -> str:
    body = exc.body if isinstance(exc.body, dict) else {}
    error = body.get("error") if isinstance(body.get("error"), dict) else body
    message = str((error or {}).get("message") or "").strip()
    return key.scrub(message)[:300]


def classify(exc: Exception, *, model: str, timeout: float, key: ApiKey) -> GenerationError:
    """Map an SDK exception to a transient or permanent error with a learner-readable message."""
    if isinstance(exc, anthropic.APITimeoutError):
        return TransientGenerationError(
            f"Claude did not answer within {timeout:g} seconds.",
            kind="timeout",
        )
    if isinstance(exc, anthropic.APIConnectionError):
        return TransientGenerationError(
            "Could not reach the Anthropic API (a network problem).",
            kind="connection",
        )
    if isinstance(exc, anthropic.APIStatusError):
        status = exc.status_code
        headers = exc.response.headers if exc.response is not None else None
        wait = retry_after_seconds(headers)
        if status == 429:
            return TransientGenerationError(
                "The Anthropic API rate limit was reached"
                + (f" (it asked to wait {wait:g} s)." if wait is not None else "."),
                retry_after=wait,
                kind="rate_limited",
            )
        if status == 529 or _error_type(exc) == "overloaded_error":
            return TransientGenerationError(
                "Claude is overloaded right now; it is usually temporary.",
                retry_after=wait,
                kind="overloaded",
            )
        if status >= 500 or status in (408, 409):
            return TransientGenerationError(
                f"The Anthropic API had a temporary problem (HTTP {status}).",
                retry_after=wait,
                kind="server_error",
            )
        if status == 401:
            return PermanentGenerationError(
                "The Anthropic API key was refused. Check ANTHROPIC_API_KEY (or the key in your "
                "OS keyring), or unset it to use the offline generator.",
                kind="auth",
            )
        if status == 403:
            return PermanentGenerationError(
                "This Anthropic API key may not use this model or feature (HTTP 403).",
                kind="forbidden",
            )
        if status == 404:
            return PermanentGenerationError(
                f"The model {model!r} was not found. Choose another with STUDYAPP_MODEL_* or in "
                "the profile settings.",
                kind="not_found",
            )
        detail = _api_message(exc, key)
        return PermanentGenerationError(
            f"Claude rejected the request (HTTP {status})" + (f": {detail}" if detail else "."),
            kind="invalid_request",
        )
    if isinstance(exc, anthropic.APIResponseValidationError):
        return InvalidOutput(
            "The Anthropic API sent a malformed response; it is usually temporary."
        )
    return TransientGenerationError(
        f"Unexpected problem talking to Claude ({type(exc).__name__}); it is usually temporary.",
        kind="api_error",
    )


def _str(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise InvalidOutput(f"Claude's answer has a malformed {what}.")
    return value


def _complete_cards(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The cards of a cut-off answer that arrived whole."""
    cards = data.get("cards")
    if not isinstance(cards, list):
        return []
    keys = ("front", "back", "kind", "quote")
    return [
        c for c in cards if isinstance(c, dict) and all(isinstance(c.get(k), str) for k in keys)
    ]


def _nodes(raw: Any) -> list[TreeNode]:
    if not isinstance(raw, list):
        raise InvalidOutput("Claude's answer has no list of skills.")
    out = []
    for item in raw:
        if not isinstance(item, dict):
            raise InvalidOutput("Claude's answer has a malformed skill.")
        children = item.get("children") or []
        out.append(
            TreeNode(
                _str(item.get("title"), "skill title"),
                _str(item.get("description", ""), "skill description"),
                tuple(_nodes(children)),
            )
        )
    return out


class ClaudeProvider:
    """Thread-safe: every call makes (and closes) its own short-lived client.

    :meth:`close` (thread-safe, idempotent) interrupts the calls in flight: the job engine calls
    it when the app quits or the job is taken away, so a call blocked for minutes returns at
    once. A blocked socket read cannot be woken by closing the client from another thread, so
    each request runs on a small daemon thread and the caller waits for it *or* the close."""

    name = NAME

    def __init__(
        self,
        api_key: ApiKey,
        models: ModelChoice,
        *,
        timeout: float = DEFAULT_TIMEOUT_S,
        base_url: str | None = None,
    ) -> None:
        self._key = api_key
        self.models = models
        self.timeout = timeout
        self._base_url = base_url  # None: the SDK reads ANTHROPIC_BASE_URL, else its default
        self._closed = threading.Event()
        self._clients_lock = threading.Lock()
        self._clients: set[anthropic.Anthropic] = set()

    def close(self) -> None:
        """Interrupt every call in flight (they raise a transient "interrupted" error) and
        refuse new ones. Safe from any thread, any number of times."""
        with self._clients_lock:
            self._closed.set()
            clients, self._clients = list(self._clients), set()
        for client in clients:
            try:
                client.close()
            except Exception:  # already closed, or closing under a blocked read
                log.debug("closing an Anthropic client failed", exc_info=True)

    def _interrupted(self) -> TransientGenerationError:
        return TransientGenerationError(
            "The request to Claude was interrupted (Studyapp is stopping).", kind="interrupted"
        )

    def _create(self, client: anthropic.Anthropic, **request: Any) -> Any:
        """``client.messages.create(**request)``, returning early if :meth:`close` is called."""
        box: dict[str, Any] = {}
        done = threading.Event()

        def call() -> None:
            try:
                box["message"] = client.messages.create(**request)
            except BaseException as exc:  # handed to the waiting caller
                box["error"] = exc
            finally:
                done.set()

        threading.Thread(target=call, name="claude-request", daemon=True).start()
        while not done.wait(0.05):
            if self._closed.is_set():
                raise self._interrupted()
        if "error" in box:
            raise box["error"]
        return box["message"]

    def label(self, model: str) -> str:
        """What ``cards.provider`` / ``distractor_sets.provider`` record (max 50 chars)."""
        return f"{NAME}/{model}"[:50]

    # -- the one request path ---------------------------------------------------------------
    def _call(
        self,
        role: str,
        model: str,
        prefix: list[dict[str, Any]],
        task: str,
        *,
        tool: dict[str, Any] | None = None,
        max_tokens: int | None = None,
    ) -> tuple[dict[str, Any], Usage, bool]:
        """One request; returns (tool input, usage, truncated). A truncated answer is returned
        only for cards (the complete ones are kept); elsewhere it is an error."""
        tool = tool or TOOLS[role]
        system_text = prompts.system_prompt()
        system: list[dict[str, Any]] = [{"type": "text", "text": system_text}]
        prefix = list(prefix)
        # The breakpoint goes on the longest shared prefix the model can actually cache.
        minimum = min_cache_tokens(model) * CHARS_PER_TOKEN
        base = len(json.dumps([tool])) + len(system_text)
        if prefix and base + sum(len(b["text"]) for b in prefix) >= minimum:
            prefix = [*prefix[:-1], {**prefix[-1], "cache_control": CACHE}]
        elif base >= minimum:
            system = [{**system[0], "cache_control": CACHE}]
        content = [*prefix, {"type": "text", "text": task}]
        if self._closed.is_set():
            raise self._interrupted()
        try:
            with anthropic.Anthropic(
                api_key=self._key.reveal(),
                base_url=self._base_url,
                max_retries=0,
                timeout=self.timeout,
            ) as client:
                with self._clients_lock:
                    self._clients.add(client)
                try:
                    message = self._create(
                        client,
                        model=model,
                        max_tokens=max_tokens or MAX_TOKENS[role],
                        system=system,
                        tools=[tool],
                        tool_choice={"type": "tool", "name": tool["name"]},
                        messages=[{"role": "user", "content": content}],
                    )
                finally:
                    with self._clients_lock:
                        self._clients.discard(client)
        except anthropic.AnthropicError as exc:
            classified = classify(exc, model=model, timeout=self.timeout, key=self._key)
            log.warning("Claude %s call failed: %s (%s)", role, classified.kind, type(exc).__name__)
            raise classified from None
        except ValueError as exc:  # a body that is not JSON, or not a message (SDK parse)
            log.warning("Claude %s call: malformed response (%s)", role, type(exc).__name__)
            raise InvalidOutput(
                "The Anthropic API sent a malformed response; it is usually temporary."
            ) from None
        usage = self._usage(model, message)
        block = next(
            (
                b
                for b in message.content
                if getattr(b, "type", None) == "tool_use"
                and getattr(b, "name", None) == tool["name"]
            ),
            None,
        )
        data = block.input if block is not None and isinstance(block.input, dict) else None
        if message.stop_reason == "refusal":
            error: GenerationError = PermanentGenerationError(
                "Claude declined to write this content. Try rewording the goal or the material.",
                kind="refusal",
            )
        elif message.stop_reason == "max_tokens":
            if role == "cards" and data is not None and _complete_cards(data):
                return {"cards": _complete_cards(data)}, usage, True
            error = TransientGenerationError(
                "Claude's answer was cut off before it was complete.",
                kind="truncated",
            )
        elif data is not None:
            return data, usage, False
        else:
            error = InvalidOutput("Claude answered without the expected structured output.")
        error.usage = usage
        raise error

    @staticmethod
    def _usage(model: str, message: Any) -> Usage:
        u = message.usage
        created = int(getattr(u, "cache_creation_input_tokens", 0) or 0)
        read = int(getattr(u, "cache_read_input_tokens", 0) or 0)
        return Usage(
            input_tokens=int(u.input_tokens or 0) + created + read,
            output_tokens=int(u.output_tokens or 0),
            cache_creation_input_tokens=created,
            cache_read_input_tokens=read,
            cost_usd=estimate_cost(
                model, int(u.input_tokens or 0), int(u.output_tokens or 0), created, read
            ),
        )

    @staticmethod
    def _checked(usage: Usage, fn: Any, *args: Any, **kwargs: Any) -> Any:
        """Run a validator; an invalid answer still cost tokens, so attach them."""
        try:
            return fn(*args, **kwargs)
        except GenerationError as exc:
            exc.usage = usage
            raise

    # -- the three operations -------------------------------------------------------------
    def skill_tree(self, request: TreeRequest) -> SkillTree:
        model = self.models.tree
        prefix = (
            [{"type": "text", "text": f"<material>\n{request.material}\n</material>"}]
            if request.material
            else []
        )
        structure = outline(request.material) if request.material else ""
        outline_text = (
            "The material's own outline (its headings); build the skills on it, so each "
            f"heading with content belongs under a skill:\n<outline>\n{structure}\n</outline>"
            if structure
            else ""
        )
        if request.branch is None:
            task = prompts.render(
                "skill_tree",
                goal=request.goal_title,
                outline=outline_text,
                description=(
                    f"<goal_description>{request.goal_description}</goal_description>"
                    if request.goal_description
                    else ""
                ),
                feedback=(
                    "The learner asked for changes to the previous tree: "
                    f"<feedback>{request.feedback}</feedback>"
                    if request.feedback
                    else ""
                ),
            )
            role_tokens = MAX_TOKENS["tree"]
        else:
            task = prompts.render(
                "branch",
                goal=request.goal_title,
                siblings="; ".join(request.siblings) or "(none)",
                branch=request.branch,
                outline=outline_text,
                description=(
                    f"About this skill: {request.branch_description}"
                    if request.branch_description
                    else ""
                ),
            )
            role_tokens = MAX_TOKENS["branch"]
        data, usage, _ = self._call("tree", model, prefix, task, max_tokens=role_tokens)
        nodes = self._checked(usage, _nodes, data.get("skills"))
        # "Key Terms", "Summary", a bibliography: no skills, as in the offline tree
        nodes = skills_only(nodes, request.material)
        if request.branch is None:
            nodes = [TreeNode(n.title, n.description) for n in nodes]  # children come later
            valid = self._checked(usage, validate_tree, nodes)
        elif nodes:
            taken = (*request.siblings, request.branch)
            valid = self._checked(usage, validate_tree, nodes, taken=taken, max_depth=2)
        else:
            valid = ()
        return SkillTree(valid, self.label(model), usage=usage)

    def cards(self, request: CardsRequest) -> CardSet:
        model = self.models.cards
        material = request.material or request.chunk
        prefix = (
            [{"type": "text", "text": f"<material>\n{material}\n</material>"}] if material else []
        )
        if request.chunk and request.material and request.chunk != request.material:
            head = request.chunk[:QUOTE_CHARS].strip()
            tail = request.chunk[-QUOTE_CHARS:].strip()
            focus = (
                f"Use only the section of the material ({request.chunk_label}) that begins with "
                f"<quote>{head}</quote> and ends with <quote>{tail}</quote>; every card's quote "
                "comes from that section."
            )
        elif material:
            focus = "Use the material above; every card's quote comes from it."
        else:
            focus = f"Focus on the skill <skill>{request.topic}</skill>." + (
                f" About it: {request.topic_description}" if request.topic_description else ""
            )
        # The author's marked terms the chunk uses, as quoted data (none: the prompt as before)
        marked = marked_instruction(
            chunk_terms(request.marked, request.chunk or material), request.count
        )
        if marked:
            focus = f"{focus}\n{marked}"
        skills = (
            "The learner's skills (each card names the one it belongs to, exactly as written): "
            + "; ".join(f"<skill>{t}</skill>" for t in dict.fromkeys(request.skills))
            if request.skills
            else ""
        )
        avoid = "\n".join(f"- {front} → {back}" for front, back in request.avoid) or "(none)"
        task = prompts.render(
            "cards",
            count=request.count,
            goal=request.goal_title,
            focus=focus,
            skills=skills,
            avoid=avoid,
        )
        data, usage, truncated = self._call(
            "cards",
            model,
            prefix,
            task,
            tool=cards_tool(request.skills),
            max_tokens=card_max_tokens(request.count),
        )
        raw = data.get("cards")

        def parse() -> list[CardDraft]:
            if not isinstance(raw, list):
                raise InvalidOutput("Claude's answer has no list of cards.")
            drafts = []
            for item in raw:
                if not isinstance(item, dict):
                    raise InvalidOutput("Claude's answer has a malformed card.")
                drafts.append(
                    CardDraft(
                        _str(item.get("front"), "card front"),
                        _str(item.get("back"), "card back"),
                        _str(item.get("kind", "basic"), "card kind"),
                        _str(item.get("quote", ""), "card quote"),
                        _str(item.get("skill", ""), "card skill"),
                    )
                )
            return validate_cards(drafts[: request.count], max_count=request.count)

        cards = self._checked(usage, parse)
        note = (
            f"Claude's answer was cut off; the {len(cards)} complete cards were kept."
            if truncated
            else ""
        )
        return CardSet(tuple(cards), self.label(model), usage=usage, note=note)

    def distractors(self, request: DistractorRequest) -> DistractorSet:
        model = self.models.distractors
        hints = (
            "For style only, other answers from the learner's cards in this goal: "
            + "; ".join(c[:80] for c in request.candidates[:5])
            if request.candidates
            else ""
        )
        task = prompts.render(
            "distractors",
            goal=request.goal_title,
            skill=f", skill <skill>{request.skill}</skill>" if request.skill else "",
            front=request.front,
            back=request.back,
            source=(
                f"The card comes from this passage: <source>{request.source}</source>"
                if request.source
                else ""
            ),
            hints=hints,
        )
        data, usage, _ = self._call("distractors", model, [], task)
        raw = data.get("distractors")

        def parse() -> tuple[tuple[str, str, str], list[Rejection]]:
            if not isinstance(raw, list) or not all(isinstance(o, str) for o in raw):
                raise InvalidOutput("Claude's answer has no list of distractors.")
            return validate_distractors(
                request.back,
                raw,
                request.front,
                also_correct=request.also_correct,
                material=request.material,
            )

        options, rejected = self._checked(usage, parse)
        return DistractorSet(
            options,
            self.label(model),
            usage=usage,
            rejected=tuple((r.text, r.reason) for r in rejected),
        )
