"""``Query``: what one question asks, worked out once and handed to every step after it.

The facade builds it as soon as the question is made standalone (follow-up resolution); retrieval,
abstention and the extractive answerer read it instead of re-deriving language, terms and speakers
from the raw string. Verification and "who said what" build plain ones for a claim or a topic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from assistant.amount_question import asks_amount, asks_number, without_amount_cue
from assistant.date_question import asks_date
from assistant.organisation_question import asks_organisation
from assistant.question_terms import QuestionTerms, Units, analyse, question_names
from assistant.speaker_query import (
    KnownSpeaker,
    asks_about_speech,
    names_a_person,
    resolve_speakers,
)
from assistant.who_said_question import who_said_statement
from kazakh.language import detect_language
from kazakh.word_forms import FormsByPrefix

#: The kinds of question, in the order ``Query.kind`` tests them.
KINDS = ("follow_up", "outlet", "who_said", "speech", "fact")


@dataclass(frozen=True)
class Query:
    """One question, analysed once.

    ``language`` is the language the question was asked in (the answer's language); ``terms``
    analyse the standalone ``text``, in its own language (``terms.language``).
    """

    question: str  # as asked
    text: str  # standalone: a follow-up rewritten with what it refers to
    language: str
    terms: QuestionTerms
    names: tuple[str, ...]  # script-independent keys of the names the text gives
    speakers: tuple[str, ...] = ()  # speakers of record a question about speech asks about
    by_role: bool = False  # ``speakers`` were found by a role ("the akim"), not by name
    speech: bool = False  # the question asks what someone said
    statement: str = ""  # what a "who said ...?" question asks about, its frame cut off
    #: The article the conversation is about, for a follow-up ("And how much will be paid?"):
    #: its paragraphs join retrieval, and abstention reads the question on it.
    context: str = ""
    #: The question needed the conversation to stand alone (a Latin-typed question's Cyrillic
    #: reading differs from it too, but is no follow-up).
    follow_up: bool = False
    #: What the assistant last answered, when the question continues the conversation: a
    #: follow-up asks for something new, so the answer does not quote that again.
    previous_answer: str = ""

    @property
    def search_text(self) -> str:
        """What retrieval searches for: the statement of a "who said" question, else the text."""
        return self.statement or self.text

    @property
    def outlet(self) -> bool:
        """The question asks which outlet reported something (``assistant.outlet_query``)."""
        return self.terms.outlet

    @property
    def asks_amount(self) -> bool:
        """A fact question (or follow-up) asking for a sum: "How much will the ticket cost?"
        (``assistant.amount_question``); what someone said about money is not one."""
        return self.kind in ("fact", "follow_up") and asks_amount(self.text)

    @cached_property
    def amount_subject(self) -> Units | None:
        """For a question asking a sum, the units of what the sum is of ("How much will the
        bridge cost?" -> the bridge; none for "How much will it cost?"); None otherwise. Read
        by retrieval, abstention and the answerer: analysed once (a Russian or English
        question's glossary translation is not free)."""
        if not self.asks_amount:
            return None
        return analyse(without_amount_cue(self.text), self.terms.language).units

    @property
    def asks_organisation(self) -> bool:
        """A fact question (or follow-up) asking which company, factory, contractor or brand
        ("Which company built the arena?", ``assistant.organisation_question``)."""
        return self.kind in ("fact", "follow_up") and asks_organisation(self.text)

    @property
    def asks_number(self) -> bool:
        """A fact question (or follow-up) asking how many or how much ("How many workers are
        on the site?"): its answer is a sentence stating a number."""
        return self.kind in ("fact", "follow_up") and asks_number(self.text)

    @property
    def asks_date(self) -> bool:
        """A fact question (or follow-up) asking when ("When will the bridge open?"): its
        answer is a sentence stating a date."""
        return self.kind in ("fact", "follow_up") and asks_date(self.text)

    @property
    def kind(self) -> str:
        """One of ``KINDS``: a follow-up first, then an outlet question, a question about who
        said something (speech, nobody named), about what a speaker said, or about a fact."""
        if self.follow_up:
            return "follow_up"
        if self.outlet:
            return "outlet"
        if self.statement or (self.speech and not self.speakers):
            return "who_said"
        if self.speech:
            return "speech"
        return "fact"

    @classmethod
    def of(
        cls,
        question: str,
        standalone: str | None = None,
        known: Sequence[KnownSpeaker] = (),
        language: str | None = None,
        follow_up: bool | None = None,
        loans: FormsByPrefix | None = None,
    ) -> Query:
        """Analyse ``question`` (made ``standalone`` by follow-up resolution, if it was;
        ``follow_up``: whether it was, when ``standalone`` is also a script's reading; ``loans``:
        the store's word forms by prefix, for Russian and English loanwords).

        Speakers count only when the question is about speech: names alone are the keyword
        index's job, and a role word in a question that is not about speech ("party",
        "minister") should not pull every such speaker's paragraphs up. A speaker named wins
        over one described by role.
        """
        text = question if standalone is None else standalone
        statement = who_said_statement(text) or ""
        speech = asks_about_speech(text)
        speakers: list[str] = []
        by_role = False
        # A "who said ...?" question's statement is what was said, not who said it: "Ауыл әкімі –
        # халыққа ең жақын билік деп кім айтты?" asks for a speaker, not about the akims.
        frame = text.replace(statement, " ") if statement else text
        if speech:
            speakers = resolve_speakers(frame, known, roles=False)
            if not speakers and not names_a_person(frame):  # a named stranger is nobody else
                speakers, by_role = resolve_speakers(frame, known), True
        return cls(
            question=question,
            text=text,
            language=language or detect_language(question),
            # the statement is read in the language of the whole text: cut out of its frame it
            # may not tell ("Маркетплейс сатушыны тексеруге жауапты" reads as Russian)
            terms=analyse(statement or text, detect_language(text) if statement else None, loans),
            names=tuple(question_names(statement or text)),
            speakers=tuple(speakers),
            by_role=by_role,
            speech=speech,
            statement=statement,
            follow_up=text != question if follow_up is None else follow_up,
        )
