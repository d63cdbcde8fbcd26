"""HTML and chat-markdown rendering for the app, with every piece of data escaped.

Article text, titles, speaker and outlet names come from uploaded files, so they are untrusted:
each value passes through ``html.escape`` exactly once, at the point where it meets markup, and
nothing here ever builds markup from a data string in any other way. Clickable elements carry
their target as escaped JSON in ``data-event``; the page script hands it back to Python as is.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from app_ui.i18n import labels

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>$:])")
_TRAILING_PUNCTUATION = ".,;:!?… "
_VERDICTS = ("verbatim", "paraphrase", "misattributed", "not_found")
_SAME_OPS = {"equal"}
_MIN_MARK_CHARS = 3


def esc(value: object) -> str:
    """Text for an element body or a quoted attribute."""
    return html.escape(str(value), quote=True)


def chat_markdown(text: str) -> str:
    """Plain text for the Chatbot, which renders markdown and HTML: both are neutralised.

    HTML-escaping turns tags into visible text; backslash-escaping markdown punctuation keeps a
    source from smuggling in links, images or formatting.
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def quoted_spans(answer: str) -> list[str]:
    """The outermost «...» spans of an answer: the verbatim words it quotes from its sources."""
    spans: list[str] = []
    depth = 0
    start = 0
    for i, char in enumerate(answer):
        if char == "«":
            if depth == 0:
                start = i + 1
            depth += 1
        elif char == "»" and depth:
            depth -= 1
            if depth == 0:
                spans.append(answer[start:i])
    return spans


def _ranges(text: str, needles: Iterable[str]) -> list[tuple[int, int]]:
    """Where the needles occur in ``text`` (merged); a needle ending in punctuation the paragraph
    does not repeat (a quote closed with "." before ", – деді") is retried without it."""
    found: list[tuple[int, int]] = []
    for needle in needles:
        for candidate in (needle.strip(), needle.strip().rstrip(_TRAILING_PUNCTUATION)):
            if len(candidate) < _MIN_MARK_CHARS:
                continue
            hits = [m.start() for m in re.finditer(re.escape(candidate), text)]
            found.extend((start, start + len(candidate)) for start in hits)
            if hits:
                break
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def marked(text: str, needles: Iterable[str]) -> str:
    """``text`` escaped, with each occurrence of a needle wrapped in <mark>."""
    out: list[str] = []
    position = 0
    for start, end in _ranges(text, needles):
        out.append(esc(text[position:start]))
        out.append(f"<mark>{esc(text[start:end])}</mark>")
        position = end
    out.append(esc(text[position:]))
    return "".join(out)


def occurring(text: str, needles: Iterable[str]) -> list[str]:
    """The needles that occur in ``text`` (what a card passes on for highlighting)."""
    return [n for n in needles if _ranges(text, [n])]


def _event(payload: Mapping[str, Any]) -> str:
    """A ``data-event`` attribute: JSON, escaped for a double-quoted attribute."""
    return f'data-event="{esc(json.dumps(payload, ensure_ascii=False))}" role="button" tabindex="0"'


def open_target(article_id: str, paragraph: int, marks: Sequence[str] = ()) -> dict[str, Any]:
    """What a click sends back to open an article at a paragraph."""
    return {"article_id": article_id, "paragraph": int(paragraph), "marks": list(marks)}


def notice(text: str, kind: str = "info") -> str:
    """A one-line message (placeholder, confirmation or error)."""
    return f'<div class="qna-notice qna-{esc(kind)}">{esc(text)}</div>'


def _meta(parts: Iterable[str]) -> str:
    return " · ".join(p for p in parts if p)


def _outlet(source: object) -> str:
    return f'<span class="qna-outlet">{esc(source or "—")}</span>'


def _score(label: str, value: float, digits: int) -> str:
    return f'<span class="qna-score">{esc(label)} {value:.{digits}f}</span>'


def citation_card(
    citation: Mapping[str, Any], marks: Sequence[str], lang: str, scored: bool = True
) -> str:
    """One numbered source: outlet, date, title, speaker, paragraph number, text and score."""
    t = labels(lang)
    text = str(citation.get("text", ""))
    present = occurring(text, marks)
    target = open_target(str(citation["article_id"]), int(citation["paragraph_index"]), present)
    speaker = str(citation.get("speaker") or "")
    role = str(citation.get("speaker_role") or "")
    who = f"{esc(speaker)}" + (f' <span class="qna-role">({esc(role)})</span>' if role else "")
    head = _meta(
        [
            _outlet(citation.get("source")),
            esc(citation.get("date") or ""),
            f"¶{int(citation['paragraph_index']) + 1}",
            _score(t["score"], float(citation.get("score", 0)), 3) if scored else "",
        ]
    )
    return (
        f'<div class="qna-card" {_event(target)} title="{esc(t["open_article"])}">'
        f'<div class="qna-card-head"><span class="qna-n">[{int(citation["n"])}]</span> {head}</div>'
        f'<div class="qna-title">{esc(citation.get("title", ""))}</div>'
        + (f'<div class="qna-speaker">{who}</div>' if speaker else "")
        + f'<blockquote class="qna-text">{marked(text, present)}</blockquote>'
        f'<div class="qna-open">{esc(t["open_article"])} →</div>'
        "</div>"
    )


def sources_panel(turn: Mapping[str, Any] | None, lang: str) -> str:
    """The cards of one answer, headed "Sources", or "Related" when the assistant abstained.

    Until the answer is complete its quoted words are unknown, so cards mark nothing yet.
    """
    t = labels(lang)
    if not turn:
        return notice(t["no_sources"])
    heading = t["related"] if turn.get("abstained") else t["sources"]
    spans = quoted_spans(str(turn.get("answer", "")))
    cards = "".join(citation_card(c, spans, lang) for c in turn["citations"])
    if not cards and "abstained" in turn:
        cards = notice(t["no_matches"])
    question = esc(turn.get("question", ""))
    done = " qna-final" if "abstained" in turn else ""  # the answer is complete (tests wait on it)
    return (
        f'<div class="qna-cards{done}"><div class="qna-heading">{esc(heading)} '
        f'<span class="qna-for">{esc(t["sources_for"])}: {question}</span></div>{cards}</div>'
    )


def quote_cards(
    speaker: str, citations: Sequence[Mapping[str, Any]], lang: str, ranked: bool
) -> str:
    """A speaker's quoted paragraphs, their own quoted words marked; scores only when ranked."""
    t = labels(lang)
    if not citations:
        return notice(t["no_quotes"])
    cards = "".join(citation_card(c, c.get("quotes") or [], lang, ranked) for c in citations)
    return (
        f'<div class="qna-cards"><div class="qna-heading">{esc(t["quotes_by"])} '
        f"{esc(speaker)}</div>{cards}</div>"
    )


def article_view(
    title: str,
    meta: Mapping[str, Any],
    paragraphs: Sequence[tuple[int, str]],
    cited: int | None,
    marks: Sequence[str],
    lang: str,
) -> str:
    """A whole article with the cited paragraph highlighted and the quoted words marked."""
    t = labels(lang)
    url = str(meta.get("url") or "")
    link = (
        f'<a href="{esc(url)}" target="_blank" rel="noopener noreferrer">{esc(url)}</a>'
        if url.startswith(("http://", "https://"))
        else ""
    )
    body = []
    for index, text in paragraphs:
        is_cited = index == cited
        content = marked(text, marks) if is_cited else esc(text)
        body.append(
            f'<p class="qna-para{" qna-cited" if is_cited else ""}" data-paragraph="{index}">'
            f'<span class="qna-pnum" title="{esc(t["paragraph"])}">¶{index + 1}</span> '
            f"{content}</p>"
        )
    header = _meta(
        [
            _outlet(meta.get("source")),
            esc(meta.get("date") or ""),
            link,
            f"<code>{esc(meta.get('article_id', ''))}</code>",
        ]
    )
    return (
        f'<div class="qna-article"><h3 class="qna-article-title">{esc(title)}</h3>'
        f'<div class="qna-card-head">{header}</div>{"".join(body)}</div>'
    )


def _diff_html(diff: Sequence[Mapping[str, Any]]) -> str:
    """Word-level diff of claim against source: <del> claim-only words, <ins> source-only ones."""
    parts: list[str] = []
    for step in diff:
        claim = str(step.get("claim") or "")
        source = str(step.get("source") or "")
        if str(step.get("op", "")) in _SAME_OPS:
            parts.append(esc(source or claim))
            continue
        if claim:
            parts.append(f'<del class="qna-del">{esc(claim)}</del>')
        if source:
            parts.append(f'<ins class="qna-ins">{esc(source)}</ins>')
    return " ".join(parts)


def verdict_view(verdict: Mapping[str, Any], lang: str) -> str:
    """The verdict badge, its explanation, and each matching source sentence with its diff."""
    t = labels(lang)
    name = str(verdict.get("verdict", "not_found"))
    kind = name if name in _VERDICTS else "not_found"
    badge = f'<span class="qna-badge qna-badge-{kind}">{esc(t.get(kind, name))}</span>'
    score = verdict.get("score")
    score_html = " " + _score(t["similarity"], float(score), 2) if score is not None else ""
    out = [
        f'<div class="qna-verdict">{badge}{score_html}'
        f'<p class="qna-explanation">{esc(verdict.get("explanation", ""))}</p>'
    ]
    for match in verdict.get("matches") or []:
        citation = match.get("citation") or {}
        sentence = str(match.get("sentence", ""))
        speaker = str(match.get("speaker") or "")
        role = str(match.get("speaker_role") or "")
        who = esc(speaker) + (f' <span class="qna-role">({esc(role)})</span>' if role else "")
        diff = match.get("diff") or []
        changed = any(str(step.get("op")) not in _SAME_OPS for step in diff)
        shown = _diff_html(diff) if changed else esc(sentence)
        legend = f'<div class="qna-legend">{esc(t["diff_legend"])}</div>' if changed else ""
        head = _meta(
            [
                _outlet(match.get("source") or citation.get("source")),
                esc(match.get("date") or citation.get("date") or ""),
                f"¶{int(citation.get('paragraph_index', 0)) + 1}",
                _score(t["similarity"], float(match.get("similarity") or 0), 2),
            ]
        )
        target = open_target(
            str(citation.get("article_id", "")), int(citation.get("paragraph_index", 0)), [sentence]
        )
        out.append(
            '<div class="qna-match">'
            f'<div class="qna-card-head">{head}</div>'
            f'<div class="qna-title">{esc(citation.get("title", ""))}</div>'
            + (f'<div class="qna-speaker">{esc(t["said_by"])}: {who}</div>' if speaker else "")
            + f'<div class="qna-label">{esc(t["source_sentence"])}</div>'
            f'<blockquote class="qna-text qna-diff">{shown}</blockquote>{legend}'
            f'<button type="button" class="qna-button" {_event(target)}>'
            f"{esc(t['open_article'])} →</button></div>"
        )
    out.append("</div>")
    return "".join(out)


def speakers_view(speakers: Sequence[Mapping[str, Any]], lang: str) -> str:
    """Who said what: one clickable row per speaker with roles, articles, dates and counts."""
    t = labels(lang)
    if not speakers:
        return notice(t["no_speakers"])
    rows = []
    for entry in speakers:
        name = str(entry.get("speaker", ""))
        roles = "; ".join(str(r) for r in entry.get("roles") or [])
        articles = entry.get("articles") or []
        outlets = sorted({str(a.get("source") or "") for a in articles} - {""})
        dates = [str(d) for d in entry.get("dates") or [] if d]
        span = (
            f"{min(dates)} – {max(dates)}" if len(set(dates)) > 1 else (dates[0] if dates else "")
        )
        counts = (
            f"{esc(t['quoted_paragraphs'])}: {int(entry.get('quotes') or 0)} "
            f"({esc(t['direct'])}: {int(entry.get('direct_quotes') or 0)}) · "
            f"{esc(t['articles_count'])}: {len(articles)}"
        )
        rows.append(
            f'<div class="qna-speaker-row" {_event({"speaker": name})}>'
            f'<div class="qna-speaker-name">{esc(name)}</div>'
            + (f'<div class="qna-role">{esc(roles)}</div>' if roles else "")
            + f'<div class="qna-card-head">{_meta([esc(", ".join(outlets)), esc(span), counts])}'
            "</div>"
            "</div>"
        )
    return f'<div class="qna-speakers">{"".join(rows)}</div>'


def ingest_report(report: Mapping[str, Sequence[str]], lang: str) -> str:
    """Added / unchanged / replaced article ids and one line per rejected record."""
    t = labels(lang)
    sections = []
    for key in ("added", "unchanged", "replaced", "rejected"):
        items = list(report.get(key) or [])
        listing = "".join(f"<li><code>{esc(item)}</code></li>" for item in items)
        sections.append(
            f'<div class="qna-report-{key}"><b>{esc(t[key])}: {len(items)}</b>'
            + (f"<ul>{listing}</ul>" if items else "")
            + "</div>"
        )
    return f'<div class="qna-report">{"".join(sections)}</div>'


def articles_table(rows: Sequence[Any], lang: str) -> str:
    """The indexed articles; clicking a row opens the article and selects its ID for deletion."""
    t = labels(lang)
    if not rows:
        return notice(t["no_articles"])
    head = "".join(
        f"<th>{esc(t[k])}</th>"
        for k in ("col_id", "col_title", "col_date", "col_outlet", "col_paragraphs")
    )
    body = "".join(
        f"<tr {_event(open_target(row.article_id, -1))}>"
        f"<td><code>{esc(row.article_id)}</code></td><td>{esc(row.title)}</td>"
        f"<td>{esc(row.date)}</td><td>{esc(row.source)}</td><td>{int(row.paragraphs)}</td></tr>"
        for row in rows
    )
    return (
        f'<div class="qna-heading">{esc(t["indexed_articles"])}: {len(rows)}</div>'
        f'<div class="qna-table-wrap"><table class="qna-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def header(lang: str) -> str:
    """The page title and the one-line description under it."""
    return (
        '<div class="qna-header"><h1>Qazaq News Assistant</h1>'
        f"<p>{esc(labels(lang)['subtitle'])}</p></div>"
    )
