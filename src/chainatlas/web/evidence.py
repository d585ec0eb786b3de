"""Evidence in context: a document's text with an evidence sentence marked (``<mark>``)."""

from __future__ import annotations

from markupsafe import Markup, escape


def locate(text: str, sentence: str, near: int | None = None) -> tuple[int, int] | None:
    """Where ``sentence`` stands in ``text`` (the occurrence nearest ``near``), or None."""
    if not sentence:
        return None
    starts: list[int] = []
    position = text.find(sentence)
    while position != -1:
        starts.append(position)
        position = text.find(sentence, position + 1)
    if not starts:
        return None
    best = min(starts, key=lambda s: abs(s - near)) if near is not None else starts[0]
    return best, best + len(sentence)


def highlight(text: str, sentence: str, near: int | None = None, context: int = 160) -> Markup:
    """The passage around ``sentence`` with it wrapped in ``<mark>``, everything escaped.

    When the sentence is not found verbatim the sentence alone is shown, still marked.
    """
    span = locate(text, sentence, near)
    if span is None:
        return Markup("<mark>{}</mark>").format(sentence)
    start, end = span
    before_from = max(0, start - context)
    after_to = min(len(text), end + context)
    lead = "…" if before_from > 0 else ""
    tail = "…" if after_to < len(text) else ""
    return Markup("{}{}<mark>{}</mark>{}{}").format(
        lead, text[before_from:start], text[start:end], text[end:after_to], tail
    )


def highlight_all(text: str, spans: list[tuple[int, int]]) -> Markup:
    """The whole text with every (non-overlapping) span marked."""
    pieces: list[str] = []
    cursor = 0
    for start, end in sorted(spans):
        if start < cursor:
            continue
        pieces.append(str(escape(text[cursor:start])))
        pieces.append(str(Markup("<mark>{}</mark>").format(text[start:end])))
        cursor = end
    pieces.append(str(escape(text[cursor:])))
    return Markup("".join(pieces))
