"""flashcard_generation: cards for a skill node or for material.

The slow part (:meth:`FlashcardsHandler.run`) does everything expensive outside any
transaction: the provider call, the quality gate, the near-duplicate check against the goal's
vectors (one neighbour query per new card after an incremental sync), and choosing each card's
skill. :meth:`apply` then commits under the goal's advisory lock and is cheap: a final
near-duplicate check against only the goal's cards committed since the slow part's check (so two
parts running at once never both add the same card), the inserts, and nothing else. When the
slow part's check could not run whole (the vector store failed), apply() checks against the
whole goal instead: no card is ever saved unchecked. A database outage is not a vector store
failure: it propagates, and the engine runs the job again once the database is back.

Material longer than one chunk is not generated here: :meth:`apply` spawns one child job per
chunk (each with its own placeholder and Retry). Material added to a goal without a tree first
makes the tree from the material (its headings offline, Claude with the material's outline),
so every card belongs to a skill.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import BigInteger, all_, bindparam, insert, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from studyapp.db.database import Database
from studyapp.db.locks import goal_lock
from studyapp.db.models import Card, Goal, SkillNode
from studyapp.errors import BadInput, DatabaseUnavailable
from studyapp.generation.chunking import CHUNK_CHARS, chunk_material
from studyapp.generation.marked_prompt import carded_terms, chunk_terms
from studyapp.generation.offline import NOTHING_TO_LEARN, has_prose, tree_headings
from studyapp.generation.outline import heading_at
from studyapp.generation.quality import (
    CardContext,
    Rejection,
    judge_cards,
    reasons,
    same_card,
    summary,
)
from studyapp.generation.types import CardDraft, CardSet, CardsRequest, TreeRequest
from studyapp.handlers import compute
from studyapp.handlers.common import (
    HandlerEnv,
    call,
    goal_and_node,
    job_material,
    unpack_marks,
    unpack_material,
    validated_marks,
    validated_material,
)
from studyapp.handlers.goal_material import (
    SectionIndex,
    goal_material,
    has_material,
    keep_material,
    new_headings,
    section_of,
    skill_material,
)
from studyapp.handlers.kinds import FLASHCARD_GENERATION, FLASHCARD_TEXTS
from studyapp.handlers.tree_writes import (
    cards_to_replan,
    goal_cards,
    merge_top_level,
    plan_homes,
    write_top_level,
)
from studyapp.jobs.contract import (
    CompletionTx,
    JobContext,
    PermanentError,
)
from studyapp.limits import head
from studyapp.vectors import pending
from studyapp.vectors.embedder import Embedder, default_embedder, normalise
from studyapp.vectors.pending import PENDING_WAIT_S
from studyapp.vectors.skill_homes import (
    PATH_SEPARATOR,
    NodeText,
    by_title,
    goal_nodes,
    home_cards,
    homes,
    to_defined_term,
)
from studyapp.vectors.store import Match, VectorStore
from studyapp.vectors.sync import cards_by_id, resync

log = logging.getLogger(__name__)

DEFAULT_COUNT = 10
MAX_COUNT = 50
# Without a --count, material gets a cap from its length, not a constant: one card per
# WORDS_PER_CARD words at most (a dense glossary), at least DEFAULT_COUNT, at most MAX_COUNT per
# part. The offline rules then make a card of every fact they find under it.
WORDS_PER_CARD = 20
AVOID = 30  # nearest existing cards shown to the provider as "do not repeat"
CHUNK_KEYS = ("index", "total", "start", "end", "window_start", "window_end")
# A card committed this long before the slow part's vector check is certainly in the vector
# store by then (transactions here last seconds), so apply() re-checks only newer ones.
COMMIT_MARGIN = timedelta(minutes=5)
HOME_BACKLOG = 500  # cards of older versions without a skill, homed a batch per job
DUPLICATE = "a near-duplicate of a card in this goal"


class FlashcardsHandler:
    job_type = FLASHCARD_GENERATION
    texts = FLASHCARD_TEXTS

    def __init__(self, env: HandlerEnv) -> None:
        self.env = env

    def requires(self, db: Database, profile_id: int) -> str | None:
        return self.env.requires(db, profile_id)

    def validate(self, payload: Mapping[str, Any]) -> dict[str, Any]:
        clean = goal_and_node(payload)
        count = payload.get("count")
        if count is not None:  # none given: the material's length sets the cap (card_budget)
            if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_COUNT:
                raise BadInput(f"--count must be between 1 and {MAX_COUNT} (got {count!r}).")
            clean["count"] = count
        chunk = payload.get("chunk")
        if chunk is not None:
            if not isinstance(chunk, dict) or not all(
                isinstance(chunk.get(k), int) and not isinstance(chunk.get(k), bool)
                for k in CHUNK_KEYS
            ):
                raise BadInput("A chunk job needs index, total, start, end and its window.")
            clean["chunk"] = {k: chunk[k] for k in CHUNK_KEYS}
        clean.update(validated_material(payload))
        clean.update(validated_marks(payload))
        if (
            "node_id" not in clean
            and chunk is None
            and "material" not in clean
            and "material_z" not in clean
        ):
            raise BadInput(
                "Give a skill node (--node) or material (--from FILE) to make cards from."
            )
        return clean

    # -- the slow part ----------------------------------------------------------------------
    def run(self, ctx: JobContext) -> dict[str, Any]:
        payload = ctx.job.payload
        goal_id = int(payload["goal_id"])
        profile_id = ctx.job.profile_id
        with ctx.db.session() as session:
            goal = session.execute(
                select(Goal.title).where(Goal.id == goal_id, Goal.profile_id == profile_id)
            ).scalar_one_or_none()
            if goal is None:
                raise PermanentError("The goal of this job no longer exists.")
            node = None
            if payload.get("node_id"):
                node = session.execute(
                    select(SkillNode.title, SkillNode.description).where(
                        SkillNode.id == payload["node_id"], SkillNode.goal_id == goal_id
                    )
                ).first()
                if node is None:
                    raise PermanentError("The skill of this job no longer exists.")
            nodes = goal_nodes(session, goal_id)
        material = job_material(ctx)
        chunk = payload.get("chunk")
        provider = self.env.provider(ctx.db, profile_id, requires=ctx.job.requires)
        outcome: dict[str, Any] = {}
        offline = getattr(provider, "name", "") == "offline"
        placed = ""
        if (
            material
            and chunk is None
            and node is None
            and (not nodes or (offline and new_headings(material, nodes)))
            and not (nodes and self._known(ctx, goal_id, material))
        ):
            # Material before any tree: the material's own structure first makes the tree.
            # Offline, the tree IS the material's headings: a later material with headings the
            # tree lacks rebuilds it from all of the goal's material, merged with the skills
            # that hold cards (tree_writes.merge_top_level).
            with ctx.db.session() as session:
                whole = goal_material(session, goal_id, also=material) if offline else material
            tree = call(ctx, lambda: provider.skill_tree(TreeRequest(goal, material=whole)))
            new = [{"title": n.title, "description": n.description} for n in tree.nodes]
            headings = compute.run(tree_headings, whole)[:2000]
            with ctx.db.session() as session:
                existing = (
                    cards_to_replan(session, goal_id, [n["title"] for n in new], headings)
                    if nodes
                    else goal_cards(session, goal_id)
                )
            outcome["tree"] = {
                "nodes": new,
                "provider": tree.provider,
                "note": tree.note,
                "homes": compute.run(plan_homes, existing, new, whole),
                "headings": headings,
            }
            nodes = [NodeText(-(i + 1), n["title"], n["description"]) for i, n in enumerate(new)]
        elif node is not None and not material and offline:
            # "Generate cards" on a skill offline: the goal's material placed on that skill.
            # Read whole by this job (its parts would have no material of their own to read).
            material = placed = self._placed(ctx, goal_id, int(payload["node_id"]), goal)
        if material and chunk is None and not placed and len(material) > CHUNK_CHARS:
            chunks = compute.run(chunk_material, material)
            if len(chunks) > 1:
                outcome["split"] = [{k: getattr(c, k) for k in CHUNK_KEYS} for c in chunks]
                return outcome
        if chunk is not None:
            window = material[chunk["window_start"] : chunk["window_end"]]
            text_ = material[chunk["start"] : chunk["end"]]
            label = f"part {chunk['index'] + 1} of {chunk['total']}"
            path = compute.run(heading_at, material, chunk["start"])
        else:
            window = text_ = material
            label = ""
            path = []
        store = self._store(ctx)
        synced_at, checked = self._sync(ctx, store, goal_id)
        focus = text_ or (f"{node.title}\n{node.description}" if node else goal)
        request = CardsRequest(
            goal_title=goal,
            count=card_budget(payload.get("count"), text_),
            topic=node.title if node else "",
            topic_description=node.description if node else "",
            material=window,
            chunk=text_,
            chunk_label=label,
            avoid=self._avoid(store, profile_id, goal_id, focus),
            skills=tuple(n.title for n in nodes),
            heading=path[-1] if path else (node.title if node and material else ""),
            marked=unpack_marks(payload),
        )
        ctx.raise_if_cancelled()
        if chunk is not None and not has_prose(text_):
            made = CardSet((), "offline", note=NOTHING_TO_LEARN, found=0)  # never a paid call
        else:
            made = call(ctx, lambda: provider.cards(request))
        ctx.raise_if_cancelled()
        grounded = CardContext(
            goal_title=goal,
            chunk=text_,
            require_quote=bool(text_) and made.provider != "offline",
            material=window,
        )
        kept, rejected = compute.run(judge_cards, made.cards, grounded)
        rejected += [Rejection(front, reason) for front, reason in made.rejected]
        kept, vectors, duplicates, complete = compute.run(
            self._dedupe, store, profile_id, goal_id, kept
        )
        rejected += [Rejection(c.front, DUPLICATE) for c in duplicates]
        if not complete:  # apply() must then compare against the whole goal
            synced_at, checked = None, []
        if payload.get("node_id"):
            targets: list[int | None] = [int(payload["node_id"])] * len(kept)
        else:
            if chunk is not None and made.provider == "offline":
                kept = compute.run(_with_section_paths, kept, material)
            targets = compute.run(homes, [(f"{c.front}\n{c.back}", c.skill) for c in kept], nodes)
        targets = to_defined_term(targets, [c.source for c in kept], nodes)
        outcome.update(
            cards=[
                {
                    "front": c.front,
                    "back": c.back,
                    "kind": c.kind,
                    "source": c.source,
                    "node": t,
                    **({"skill": c.skill} if c.skill and not payload.get("node_id") else {}),
                }
                for c, t in zip(kept, targets, strict=True)
            ],
            seen=sorted(n.id for n in nodes if n.id > 0),
            vectors=[v.tolist() for v in vectors],
            embedder=(store.embedder if store else compute.embedder()).name,
            synced_at=synced_at,
            checked=checked,
            provider=made.provider,
            note=made.note,
            skipped_duplicates=len(duplicates),
            rejected=[r.to_json() for r in rejected],
        )
        if made.found is not None:
            outcome["facts_found"] = made.found
        elif made.provider != "offline":
            # The marked terms Claude's prompt named: apply() counts those its cards cover.
            terms = chunk_terms(request.marked, request.chunk or request.material)
            if terms:
                outcome["marked_terms"] = terms
        return outcome

    @staticmethod
    def _known(ctx: JobContext, goal_id: int, material: str) -> bool:
        with ctx.db.session() as session:
            return has_material(session, goal_id, material)

    @staticmethod
    def _placed(ctx: JobContext, goal_id: int, node_id: int, goal_title: str) -> str:
        """The part of the goal's material placed on the skill ``node_id`` ("" if none)."""
        with ctx.db.session() as session:
            whole = goal_material(session, goal_id)
            if not whole:
                return ""
            rows = {n.id: n for n in goal_nodes(session, goal_id)}
        here = rows.get(node_id)
        if here is None:
            return ""
        ancestors: list[str] = []
        parent = here.parent_id
        while parent is not None and parent in rows and len(ancestors) < 50:
            ancestors.append(rows[parent].title)
            parent = rows[parent].parent_id
        tops = [n for n in rows.values() if n.parent_id is None]
        return compute.run(
            skill_material,
            whole,
            here.title,
            ancestors=ancestors,
            goal_title=goal_title,
            only_skill=len(tops) == 1 and here.parent_id is None,
        )

    def _store(self, ctx: JobContext) -> VectorStore | None:
        try:
            return self.env.store(ctx.db)
        except DatabaseUnavailable:
            raise  # an outage: the engine runs the job again when the database is back
        except Exception:
            log.warning("vector store unavailable for job %s", ctx.job.id, exc_info=True)
            return None

    def _sync(
        self, ctx: JobContext, store: VectorStore | None, goal_id: int
    ) -> tuple[str | None, list[int]]:
        """Bring the goal's vectors up to date (incrementally). Returns the database time just
        before, and the ids of the goal's cards made shortly before that time: all of them are in
        the vector store once the sync is done, so apply() need not look at them again and
        re-checks only cards committed after this moment. (None, []) when the store failed:
        apply() then checks against the whole goal. A database outage raises: the sync (and so
        the check) is done again after it, rather than skipped."""
        with ctx.db.session() as session:
            now = session.execute(text("SELECT clock_timestamp()")).scalar_one()
            recent = list(
                session.execute(
                    select(Card.id).where(
                        Card.goal_id == goal_id, Card.created_at >= now - COMMIT_MARGIN
                    )
                ).scalars()
            )
        if store is None:
            return None, []
        try:
            # An import may still be embedding its cards in the background: let it finish, so
            # the duplicate check sees them (studyapp/vectors/pending.py).
            pending.wait_idle(store.directory, ctx.job.profile_id, PENDING_WAIT_S)
            resync(ctx.db, store, ctx.job.profile_id, goal_id)
        except DatabaseUnavailable:
            raise
        except Exception:
            log.warning("vector store resync failed for job %s", ctx.job.id, exc_info=True)
            return None, []
        return now.isoformat(), recent

    @staticmethod
    def _avoid(
        store: VectorStore | None, profile_id: int, goal_id: int, focus: str
    ) -> tuple[tuple[str, str], ...]:
        """The goal's cards nearest to what this job is about: what not to write again."""
        if store is None or not focus.strip():
            return ()
        try:
            hits = store.nearest_cards(profile_id, goal_id, focus[:4000], limit=AVOID)
        except Exception:
            log.warning("vector store unavailable: no avoid list", exc_info=True)
            return ()
        out = []
        for hit in hits:
            front, _, back = hit.text.partition("\n")
            out.append((front, back))
        return tuple(out)

    @staticmethod
    def _dedupe(
        store: VectorStore | None, profile_id: int, goal_id: int, cards: Sequence[CardDraft]
    ) -> tuple[list[CardDraft], list[np.ndarray], list[CardDraft], bool]:
        """Drop cards near-identical to one of the goal's (one neighbour query for all) or to
        an earlier card of this batch. Returns (kept, their vectors, dropped, complete):
        ``complete`` is False when the goal's cards could not be searched (no vector store, or
        its query failed), so that apply() compares against the whole goal."""
        if not cards:
            return [], [], [], True
        embedder = store.embedder if store is not None else default_embedder()
        vectors = embedder.embed([f"{c.front}\n{c.back}" for c in cards])
        nearest: list[list[Match]] = [[] for _ in cards]
        complete = store is not None
        if store is not None:
            try:
                nearest = store.nearest_many(profile_id, goal_id, vectors, limit=1)
            except Exception:
                log.warning(
                    "vector store query failed; the commit checks the whole goal", exc_info=True
                )
                complete = False
        kept: list[CardDraft] = []
        kept_vectors: list[np.ndarray] = []
        duplicates: list[CardDraft] = []
        for card, vector, matches in zip(cards, vectors, nearest, strict=True):
            text = f"{card.front}\n{card.back}"
            if (
                any(
                    m.score >= embedder.duplicate_cosine or same_card(text, m.text) for m in matches
                )
                or any(float(vector @ other) >= embedder.duplicate_cosine for other in kept_vectors)
                or any(same_card(text, f"{k.front}\n{k.back}") for k in kept)
            ):
                duplicates.append(card)
                continue
            kept.append(card)
            kept_vectors.append(vector)
        return kept, kept_vectors, duplicates, complete

    # -- the completion transaction -----------------------------------------------------------
    def apply(self, tx: CompletionTx, outcome: Mapping[str, Any]) -> dict[str, Any]:
        payload = tx.job.payload
        goal_id = int(payload["goal_id"])
        session = tx.session
        goal_lock(session, goal_id)
        exists = session.execute(
            select(Goal.id).where(Goal.id == goal_id, Goal.profile_id == tx.job.profile_id)
        ).scalar_one_or_none()
        if exists is None:
            return {"created": 0, "card_ids": [], "note": "The goal was deleted meanwhile."}
        result: dict[str, Any] = {}
        new_ids: list[int] = []
        if payload.get("chunk") is None and ("material" in payload or "material_z" in payload):
            keep_material(session, goal_id, unpack_material(payload), tx.job.id)
        tree = outcome.get("tree")
        has_tree = bool(
            session.execute(
                select(SkillNode.id).where(SkillNode.goal_id == goal_id).limit(1)
            ).first()
        )
        if tree and has_tree:
            # Merged even when the goal had no tree when this job read it: another job (the tree
            # job the window starts with a new goal) wrote one since. Dropping this material's
            # tree then left the goal with that one skill, by timing alone.
            new_ids, moved = merge_top_level(
                tx, goal_id, tree["nodes"], tree.get("homes"), headings=tree.get("headings") or ()
            )
            result["node_ids"] = new_ids
            result["tree_provider"] = tree["provider"]
            if moved:
                result["cards_moved"] = moved
        elif tree and not has_tree:
            new_ids, moved = write_top_level(tx, goal_id, tree["nodes"], tree.get("homes"))
            result["node_ids"] = new_ids
            result["tree_provider"] = tree["provider"]
            if moved:
                result["cards_moved"] = moved
        if "split" in outcome:
            children = [
                tx.spawn(
                    FLASHCARD_GENERATION,
                    {
                        "goal_id": goal_id,
                        **({"node_id": payload["node_id"]} if payload.get("node_id") else {}),
                        **({"count": payload["count"]} if "count" in payload else {}),
                        **({"marked": payload["marked"]} if "marked" in payload else {}),
                        "chunk": chunk,
                    },
                    goal_id=goal_id,
                )
                for chunk in outcome["split"]
            ]
            return {**result, "chunks": len(children), "child_job_ids": children}
        return {**result, **self._insert(tx, goal_id, outcome, new_ids)}

    def _insert(
        self, tx: CompletionTx, goal_id: int, outcome: Mapping[str, Any], new_ids: list[int]
    ) -> dict[str, Any]:
        session = tx.session
        cards = list(outcome["cards"])
        vectors = [np.asarray(v, dtype=np.float32) for v in outcome.get("vectors") or []]
        rejected = [Rejection(r["text"], r["reason"]) for r in outcome.get("rejected", [])]
        embedder = compute.embedder()
        late: list[str] = []
        if cards:
            if embedder.name != outcome.get("embedder") or len(vectors) != len(cards):
                # Made in a process with another embedder: compare in this one's terms.
                vectors = list(embedder.embed([f"{c['front']}\n{c['back']}" for c in cards]))
            cards, late = self._final_dedupe(session, goal_id, cards, vectors, embedder, outcome)
            rejected += [
                Rejection(c, "a near-duplicate of a card another part just made") for c in late
            ]
        nodes = goal_nodes(session, goal_id)
        node_ids = {n.id for n in nodes}
        if "seen" in outcome and not new_ids and node_ids - set(outcome["seen"]):
            cards = _down_to_new_skills(cards, nodes, set(outcome["seen"]))
        rows = []
        unhomed = []
        for i, c in enumerate(cards):
            node = c.get("node")
            if isinstance(node, int) and node < 0:  # a node of the tree written just now
                node = new_ids[-node - 1] if -node - 1 < len(new_ids) else None
            if node not in node_ids:
                node = None
                unhomed.append(i)
            rows.append(
                {
                    "profile_id": tx.job.profile_id,
                    "goal_id": goal_id,
                    "node_id": node,
                    "front": c["front"],
                    "back": c["back"],
                    "kind": c["kind"],
                    "source_quote": c.get("source") or None,
                    "provider": outcome["provider"][:50],
                    "source_job_id": tx.job.id,
                }
            )
        if unhomed and nodes:  # the skill it was meant for was removed meanwhile
            targets = compute.run(
                homes, [(f"{cards[i]['front']}\n{cards[i]['back']}", "") for i in unhomed], nodes
            )
            for i, node in zip(unhomed, targets, strict=True):
                rows[i]["node_id"] = node
        ids = (
            list(
                session.execute(
                    insert(Card).returning(Card.id, sort_by_parameter_order=True), rows
                ).scalars()
            )
            if rows
            else []
        )
        backlog = (
            home_cards(
                session, goal_id, limit=HOME_BACKLOG, among=nodes, embedder=compute.embedder()
            )
            if nodes
            else 0
        )
        found = outcome.get("facts_found")
        result: dict[str, Any] = {
            "created": len(ids),
            "card_ids": ids,
            "skipped_duplicates": int(outcome.get("skipped_duplicates", 0)) + len(late),
            "rejected": [r.to_json() for r in rejected][:50],
            "summary": facts_summary(found, len(ids), rejected)
            if isinstance(found, int)
            else summary(len(ids), rejected),
            "provider": outcome["provider"],
        }
        if isinstance(found, int):
            result["facts_found"] = found
        marked = [str(t) for t in outcome.get("marked_terms") or []]
        if marked:
            carded = carded_terms(marked, [(c["front"], c["back"]) for c in cards])
            result["summary"] += f"; {marked_summary(len(carded), len(marked))}"
            result["marked_terms"] = len(marked)
            result["marked_carded"] = len(carded)
        if backlog:
            result["cards_homed"] = backlog
        if outcome.get("note"):
            result["note"] = outcome["note"]
        return result

    @staticmethod
    def _final_dedupe(
        session: Session,
        goal_id: int,
        cards: list[dict[str, Any]],
        vectors: list[np.ndarray],
        embedder: Embedder,
        outcome: Mapping[str, Any],
    ) -> tuple[list[dict[str, Any]], list[str]]:
        """Under the goal's lock: compare against the goal's cards committed after the slow
        part's vector check, embedded now: those made since shortly before it (a transaction
        here lasts seconds) that the check had not seen. Few cards, whatever the goal's size,
        and together with the slow part's check, every committed card of the goal."""
        since = outcome.get("synced_at")
        query = select(head(Card.front), head(Card.back)).where(
            Card.goal_id == goal_id, Card.archived.is_(False)
        )
        if since:  # else the vector check did not happen: compare against the whole goal
            query = query.where(Card.created_at >= datetime.fromisoformat(since) - COMMIT_MARGIN)
            checked = [int(i) for i in outcome.get("checked") or []]
            if checked:
                query = query.where(
                    Card.id != all_(bindparam("checked", checked, ARRAY(BigInteger)))
                )
        rows = list(session.execute(query))
        recent = [f"{f}\n{b}" for f, b in rows]
        texts = [f"{card['front']}\n{card['back']}" for card in cards]
        late_at = set(compute.run(_late_duplicates, texts, vectors, recent, embedder))
        # The same question twice is one card whatever its two answers say, as within a batch
        # (judge_cards): two parts read side by side asked "What is the hidden curriculum?",
        # one from the sentence that marks the term, one from the glossary, and both stayed.
        asked = {normalise(f) for f, _b in rows}
        late_at |= {i for i, card in enumerate(cards) if normalise(card["front"]) in asked}
        kept = [card for i, card in enumerate(cards) if i not in late_at]
        late = [card["front"] for i, card in enumerate(cards) if i in late_at]
        return kept, late

    def after_commit(self, ctx: JobContext, result: Mapping[str, Any]) -> None:
        ids = list(result.get("card_ids") or [])
        if ids:
            # Brand-new cards: appended (an upsert costs a join over the table). If another
            # job's sync added them first, the next sync removes the duplicate rows.
            self.env.store(ctx.db).add(cards_by_id(ctx.db, ids), replace=False)


def _with_section_paths(cards: Sequence[CardDraft], material: str) -> list[CardDraft]:
    """Offline cards of a part, each naming the whole heading path of the section its sentence
    stands in. The part names only the headings it holds (a part that starts inside "School"
    names "School"), which no skill matched before the branch job wrote "School": the card went
    by embedding to any top-level skill ("Key terms"), and nothing moved it; with the path it
    goes to "Institutional Agents", and that branch's job moves it down."""
    index = SectionIndex(material)
    out = []
    for card in cards:
        # A sentence not found where sentences start (after a closing quote or bracket): by
        # its words, a search per such card.
        path = index.path(card.source) or section_of(material, card.source)
        out.append(replace(card, skill=PATH_SEPARATOR.join(path)) if path else card)
    return out


def _down_to_new_skills(
    cards: list[dict[str, Any]], nodes: Sequence[NodeText], seen: set[int]
) -> list[dict[str, Any]]:
    """Cards planned on a skill whose children a branch job wrote since run() read the tree
    (the parts of a material run beside the branch jobs its tree spawned): each goes down to
    the child its section names, or the one made from its own sentence, as run() would have
    placed it had it seen them. Else where a card ended depended on which job read first.
    Only by title and sentence, no embedding: cheap enough for the commit."""
    new = [n for n in nodes if n.id not in seen]
    if not new:
        return cards
    parent = {n.id: n.parent_id for n in nodes}

    def under(node: NodeText, top: int) -> bool:
        up, steps = node.parent_id, 0
        while up is not None and steps < 100:
            if up == top:
                return True
            up, steps = parent.get(up), steps + 1
        return False

    out = []
    for card in cards:
        target = card.get("node")
        if isinstance(target, int) and target > 0:
            below = [n for n in new if under(n, target)]
            found = by_title(below, card["skill"]) if below and card.get("skill") else None
            target = found if found is not None else target
            [target] = to_defined_term([target], [card.get("source") or ""], nodes)
            card = {**card, "node": target}
        out.append(card)
    return out


def card_budget(asked: Any, text_: str) -> int:
    """How many cards a job may make: what the learner asked for (--count), else a cap that
    grows with the material (so a long page is not cut to ten cards), else the default."""
    if isinstance(asked, int) and not isinstance(asked, bool):
        return asked
    if not text_.strip():
        return DEFAULT_COUNT
    return max(DEFAULT_COUNT, min(MAX_COUNT, -(-len(text_.split()) // WORDS_PER_CARD)))


def facts_summary(found: int, kept: int, rejected: Sequence[Rejection]) -> str:
    """ "31 facts found, 24 kept; 7 not kept: 3 leans on context, 2 duplicates…": the job says
    what the material held, not only what was saved."""
    if not found and not kept:
        return "no facts found here (nothing to learn)"
    head_ = f"{found} {'fact' if found == 1 else 'facts'} found, {kept} kept"
    if not rejected:
        return head_
    parts = ", ".join(f"{n} {reason}" for reason, n in reasons(rejected).most_common())
    return f"{head_}; {len(rejected)} rejected: {parts}"


def marked_summary(carded: int, marked: int) -> str:
    """ "2 of 3 marked terms have a card": how many of the key terms the author marked in the
    chunk (and Claude's prompt named) a kept card names, front or answer."""
    noun = "marked term has" if marked == 1 else "marked terms have"
    return f"{carded} of {marked} {noun} a card"


def _late_duplicates(
    texts: list[str], vectors: list[np.ndarray], recent: list[str], embedder: Embedder
) -> list[int]:
    """Which of the new cards (``texts``, ``vectors``) repeat one of ``recent`` (by cosine or
    by words): their indexes. A compute step (see :mod:`studyapp.handlers.compute`)."""
    recent_vectors = embedder.embed(recent) if recent else np.zeros((0, embedder.dim), np.float32)
    late: list[int] = []
    for index, (text_, vector) in enumerate(zip(texts, vectors, strict=True)):
        if (
            len(recent_vectors)
            and float(np.max(recent_vectors @ vector)) >= embedder.duplicate_cosine
        ) or any(same_card(text_, other) for other in recent):
            late.append(index)
    return late
