"""Hybrid retrieval: dense (e5 in Chroma) + Kazakh keyword search, fused, speaker-aware.

Dense search carries cross-language questions (English or Russian about Kazakh text); the keyword
index carries names and rare Kazakh words that dense embeddings blur, and reaches Russian and
English questions through their glossary translation (``kazakh.glossary``). Reciprocal-rank
fusion joins them without calibrating two score scales, a question about a person pulls that
person's paragraphs up, and one about the outlet that reported something puts first the paragraph
crediting the outlet. Each stage is a mode so the eval harness can measure them apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from assistant.amount_question import SUM_RANKS, states_amount
from assistant.outlet_query import crediting_paragraph
from assistant.query import Query
from assistant.question_terms import Units, overlap, text_terms, unmet_units
from kazakh.glossary import kazakh_text
from vectorstore.filters import SearchFilters
from vectorstore.store import NewsStore, StoredChunk

MODES = ("dense", "keyword", "hybrid", "hybrid+speaker")
RRF_K = 60


@dataclass(frozen=True)
class Retrieved:
    """One retrieved chunk with the evidence behind its rank."""

    chunk: StoredChunk
    score: float  # fused score, higher is better (only comparable within one query)
    dense: float | None = None  # cosine similarity to the question, when dense saw it
    keyword: float | None = None  # BM25 score, when the keyword index matched it
    speaker_match: bool = False


@dataclass(frozen=True)
class RetrievalWeights:
    """Fusion weights, measured with ``python -m assistant.eval`` (see README)."""

    dense: float = 1.0
    keyword: float = 1.0
    speaker: float = 0.03  # added to the RRF score: above any rank gap in the top 10
    #: A follow-up's conversation article (``Query.context``): its paragraphs, ranked by their
    #: similarity to the question, make a third RRF list of this weight: more than the
    #: store-wide lists together, as a follow-up is asked of that article (kaznews dev
    #: follow-ups: 0.76 at 1.0, 0.81 at 2.0, 0.86 at 3.0 and at 5.0).
    context: float = 3.0
    #: English and Russian questions reach Kazakh text through their glossary translation, so
    #: their keyword ranks count only as far as the glossary covered the question: nothing up to
    #: half its content words (the rest is names and words the glossary lacks, where keyword
    #: matches are noise), rising to the language's weight at full coverage. English stems are
    #: more ambiguous (report: хабарла and баяндама), so English gets less. Measured on
    #: bench/data/ntrex_xling_questions.jsonl and the seed questions (README).
    translated: tuple[tuple[str, float], ...] = (("ru", 1.0), ("en", 0.6))
    coverage_floor: float = 0.5
    #: A Russian or English question's dense vector leans this far towards the vector of its
    #: glossary translation (``kazakh.glossary.code_switched``): e5-small reads English and
    #: Russian questions against Kazakh text worse than Kazakh ones. Tried at 0.3 and 0.5 on the
    #: kaznews dev half and the NTREX cross-language questions: 0.3 raised MRR in both (en +0.015
    #: and +0.016, ru +0.02 and -0.003); 0.5 helped English more and Russian less.
    translation_vector: float = 0.3

    def keyword_weight(self, language: str, covered: float) -> float:
        """The keyword channel's RRF weight for a question in ``language``."""
        if language == "kk":
            return self.keyword
        share = (covered - self.coverage_floor) / (1.0 - self.coverage_floor)
        return self.keyword * dict(self.translated).get(language, 0.0) * min(1.0, max(0.0, share))


#: How deep in the fused ranking the holders of an asked role are compared by topic.
_HOLDER_RANKS = 20


def _topic_met(units: Units, chunk: StoredChunk) -> float:
    """Share of the question's topic that ``chunk`` meets: the units its speaker's name and
    role (who is asked) do not meet. ``max`` keeps the first of equals, the best ranked."""
    topic = unmet_units(units, text_terms(f"{chunk.speaker} {chunk.speaker_role}"))
    return overlap(topic, text_terms(chunk.text))


class HybridSearch:
    """Ranks stored chunks for a question."""

    def __init__(
        self, store: NewsStore, candidate_k: int, weights: RetrievalWeights | None = None
    ) -> None:
        self.store = store
        self.candidate_k = candidate_k
        self.weights = weights or RetrievalWeights()

    def search(
        self,
        query: Query,
        query_vector: np.ndarray,
        k: int,
        filters: SearchFilters | None = None,
        mode: str = "hybrid+speaker",
    ) -> list[Retrieved]:
        """Top ``k`` chunks for ``query`` (``query_vector``: its standalone text embedded).

        ``query.speakers`` (normalized names the question asks about) pull their paragraphs up;
        found by role (``query.by_role``, e.g. "the minister"), only the speaker whose paragraph
        ranks highest counts, so a role shared by many does not flood the list.
        """
        if mode not in MODES:
            raise ValueError(f"unknown retrieval mode {mode!r}; expected one of {MODES}")
        terms = query.terms
        speakers = query.speakers
        pool: dict[str, Retrieved] = {}
        fused: dict[str, float] = {}
        if mode != "keyword":
            for rank, hit in enumerate(
                self.store.dense_search(query_vector, self.candidate_k, filters)
            ):
                pool[hit.chunk.chunk_id] = Retrieved(hit.chunk, 0.0, dense=hit.score)
                fused[hit.chunk.chunk_id] = self.weights.dense / (RRF_K + rank + 1)
        if mode != "dense":
            keyword_weight = (
                1.0
                if mode == "keyword"
                else self.weights.keyword_weight(terms.language, terms.coverage)
            )
            # A weight of 0 (a Russian or English question the glossary barely covers) would
            # only add unranked tail candidates: skip the search.
            keyword_hits = (
                self.store.keyword_search(
                    query.search_text, self.candidate_k, filters, kazakh_text(terms.concepts)
                )
                if keyword_weight > 0
                else []
            )
            dense_count = len(pool)
            for rank, hit in enumerate(keyword_hits):
                cid = hit.chunk.chunk_id
                known = pool.get(cid)
                pool[cid] = (
                    replace(known, keyword=hit.score)
                    if known
                    else Retrieved(hit.chunk, 0.0, keyword=hit.score)
                )
                fused[cid] = fused.get(cid, 0.0) + keyword_weight / (RRF_K + rank + 1)
            if mode != "keyword":
                self._rank_below_dense(pool, fused, query_vector, dense_count)
        if mode == "hybrid+speaker" and speakers:
            self._add_speaker_paragraphs(
                pool, fused, query_vector, speakers, filters, query.by_role, terms.units
            )
        if mode == "hybrid+speaker" and query.context:
            self._add_context_paragraphs(pool, fused, query_vector, query.context, filters)
        if mode == "hybrid+speaker" and fused and terms.outlet:
            self._put_outlet_credit_first(pool, fused, query_vector, filters)
        if mode == "hybrid+speaker" and fused and query.asks_amount:
            self._add_story_sum(pool, fused, query, query_vector, filters)
        ranked = sorted(fused, key=lambda cid: fused[cid], reverse=True)[:k]
        return [replace(pool[cid], score=fused[cid]) for cid in ranked]

    def _rank_below_dense(
        self,
        pool: dict[str, Retrieved],
        fused: dict[str, float],
        query_vector: np.ndarray,
        dense_count: int,
    ) -> None:
        """Give paragraphs only the keyword search found the dense ranks just after its list.

        Plain RRF counts them as unranked by dense search, so a weighted keyword channel's first
        place could never beat dense's last. They did rank below the list, but in a known order:
        their own similarity to the question. (MRR@10 on the eval pool 0.722 -> 0.736, no query
        type worse; README.)
        """
        missing = [cid for cid, item in pool.items() if item.dense is None]
        scores = self.store.similarities(missing, query_vector)
        ranked = sorted(missing, key=lambda cid: scores.get(cid, -1.0), reverse=True)
        for offset, cid in enumerate(ranked):
            if cid in scores:
                pool[cid] = replace(pool[cid], dense=scores[cid])
            fused[cid] += self.weights.dense / (RRF_K + dense_count + offset + 1)

    def _add_context_paragraphs(
        self,
        pool: dict[str, Retrieved],
        fused: dict[str, float],
        query_vector: np.ndarray,
        article_id: str,
        filters: SearchFilters | None,
    ) -> None:
        """Rank the conversation article's paragraphs by their similarity to the follow-up and
        fuse that list in: "And how much will be paid?" is asked of the article just discussed,
        whose paragraphs a search of the whole store may rank low."""
        chunks = self.store.article_chunks(article_id, filters)
        scores = self.store.similarities([c.chunk_id for c in chunks], query_vector)
        ranked = sorted(chunks, key=lambda c: scores.get(c.chunk_id, -1.0), reverse=True)
        for rank, chunk in enumerate(ranked):
            cid = chunk.chunk_id
            if cid not in pool:
                pool[cid] = Retrieved(chunk, 0.0, dense=scores.get(cid))
                fused[cid] = 0.0
            fused[cid] += self.weights.context / (RRF_K + rank + 1)

    def _put_outlet_credit_first(
        self,
        pool: dict[str, Retrieved],
        fused: dict[str, float],
        query_vector: np.ndarray,
        filters: SearchFilters | None,
    ) -> None:
        """For "which outlet reported…", cite first where the best-matching article credits
        its outlet ("…, деп хабарлайды BAQ.KZ"): that paragraph answers the question, though
        none of the question's words is in it. The article is the one whose top-10 paragraphs
        score highest together: the question is about an article's subject, not one sentence."""
        by_article: dict[str, float] = {}
        for cid in sorted(fused, key=fused.__getitem__, reverse=True)[:10]:
            item = pool[cid]
            article_id = item.chunk.article_id
            by_article[article_id] = by_article.get(article_id, 0.0) + fused[cid]
        best = max(by_article, key=by_article.__getitem__)
        scoped = replace(filters or SearchFilters(), article_id=best)
        credit = crediting_paragraph(self.store.chunks_where(scoped))
        if credit is None:
            return
        cid = credit.chunk_id
        if cid not in pool:
            dense = self.store.similarities([cid], query_vector).get(cid)
            pool[cid] = Retrieved(credit, 0.0, dense=dense)
        fused[cid] = max(fused.values()) + 1e-6  # first, whatever it scored

    def _add_story_sum(
        self,
        pool: dict[str, Retrieved],
        fused: dict[str, float],
        query: Query,
        query_vector: np.ndarray,
        filters: SearchFilters | None,
    ) -> None:
        """For "How much did the bridge cost?", bring the sum of the story found up to second
        place when none of its first ``SUM_RANKS`` paragraphs states one: the paragraph giving
        the figure ("Жобаның құны – 36,7 млрд теңге.") shares few words with the question, and
        the article's lead outranks it. Of the story's paragraphs stating a sum, the one most
        similar to the question comes."""
        order = sorted(fused, key=fused.__getitem__, reverse=True)
        article_id = pool[order[0]].chunk.article_id
        own = [cid for cid in order if pool[cid].chunk.article_id == article_id][:SUM_RANKS]
        if any(states_amount([pool[cid].chunk.text]) for cid in own):
            return
        scoped = replace(filters or SearchFilters(), article_id=article_id)
        # a sum of the thing asked: the paragraph's own words meet some of what the sum is of
        # ("the fare" is not "the construction", whose sum the metro story gives)
        subject = query.amount_subject or ()
        stating = [
            c
            for c in self.store.chunks_where(scoped)
            if states_amount([c.text]) and overlap(subject, text_terms(c.text)) > 0
        ]
        if not stating:
            return
        scores = self.store.similarities([c.chunk_id for c in stating], query_vector)
        best = max(stating, key=lambda c: scores.get(c.chunk_id, -1.0))
        cid = best.chunk_id
        if cid not in pool:
            pool[cid] = Retrieved(best, 0.0, dense=scores.get(cid))
        below = fused[order[1]] if len(order) > 1 else 0.0
        fused[cid] = (fused[order[0]] + below) / 2

    def _add_speaker_paragraphs(
        self,
        pool: dict[str, Retrieved],
        fused: dict[str, float],
        query_vector: np.ndarray,
        speakers: Sequence[str],
        filters: SearchFilters | None,
        best_speaker_only: bool,
        units: Units = (),
    ) -> None:
        """Boost the asked-about speakers' paragraphs, fetching those neither search found.

        Found by a role many hold ("the deputy akim"), the holder is the one whose paragraph
        among the first ``_HOLDER_RANKS`` best meets the question's topic, then the best ranked:
        every holder's introduction meets the role's words ("облыс әкімінің орынбасары Мәди
        Жұмабаев"), so the topic (``units`` but those the holder's name and role meet) tells
        which of them was asked about.
        """
        wanted = set(speakers)
        if best_speaker_only and len(wanted) > 1:
            ranked = sorted(fused, key=lambda cid: fused[cid], reverse=True)[:_HOLDER_RANKS]
            holders = [pool[c].chunk for c in ranked if pool[c].chunk.speaker in wanted]
            if holders:
                best = max(holders, key=lambda chunk: _topic_met(units, chunk))
                wanted = {best.speaker}
        for name in wanted:
            scoped = replace(filters or SearchFilters(), speaker=name)
            for rank, hit in enumerate(
                self.store.dense_search(query_vector, self.candidate_k, scoped)
            ):
                cid = hit.chunk.chunk_id
                if cid not in pool:
                    pool[cid] = Retrieved(hit.chunk, 0.0, dense=hit.score)
                    fused[cid] = self.weights.dense / (RRF_K + self.candidate_k + rank + 1)
        for cid, item in pool.items():
            if item.chunk.speaker in wanted:
                pool[cid] = replace(item, speaker_match=True)
                fused[cid] += self.weights.speaker
