"""Turn an article's original text into clean Simplified Chinese with a map back.

``normalise_text`` runs small named steps over an ``AlignedText`` so that every
character of the result still knows which original character it came from:

1. ``fix_mojibake``: UTF-8 read as Latin-1/cp1252 (only runs that really are);
2. ``clean_controls``: line breaks, control characters, exotic spaces, words
   hyphenated across lines;
3. ``strip_pinyin_glosses``: ``產(chǎn)業(yè)`` → ``產業``;
4. ``to_simplified``: Traditional → Simplified with OpenCC;
5. ``fold_width_and_punctuation``: full-width ASCII, Chinese punctuation between
   Chinese characters, runs of spaces and blank lines;
6. ``drop_photo_captions``: ``▲`` captions glued to the next sentence;
7. boilerplate cutting (``chainatlas.ingest.boilerplate``);
8. date and source from the dateline (``chainatlas.ingest.dateline``).

Mojibake is repaired before control characters are removed because the C1
characters (U+0080–U+009F) are part of what mojibake looks like. Spans that
cannot be repaired (replacement characters, byte-shifted GBK) are not guessed
at; ``find_garbled_spans`` reports them so extraction can skip them.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Iterable

import ftfy
import ftfy.bad_codecs  # registers the sloppy-windows-1252 codec
import opencc

from chainatlas.ingest.boilerplate import find_boilerplate
from chainatlas.ingest.dateline import find_published, find_source
from chainatlas.ingest.model import NormalisedText
from chainatlas.textmap import AlignedText

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"

# An edit that brings its own map: (start, end, new text, for each new character
# the offset inside [start, end) of the character it came from).
MappedEdit = tuple[int, int, str, list[int]]


def normalise_text(original: str) -> NormalisedText:
    """Normalise one article's text; the result maps back into ``original``."""
    aligned = AlignedText.of(original)
    for step in (
        fix_mojibake,
        clean_controls,
        strip_pinyin_glosses,
        to_simplified,
        fold_width_and_punctuation,
        drop_photo_captions,
    ):
        aligned = step(aligned)
    source = find_source(aligned.text)
    cuts = find_boilerplate(aligned.text)
    removed = [
        (aligned.origins[c.start], _original_end(aligned, c.end), c.reason)
        for c in cuts
        if c.end > c.start
    ]
    aligned = aligned.replace_spans((c.start, c.end, "") for c in cuts)
    aligned = tidy_blank_lines(aligned)
    return NormalisedText(
        text=aligned.text,
        offset_map=aligned.offset_map(),
        published=find_published(aligned.text),
        source=source,
        removed=removed,
    )


def _original_end(aligned: AlignedText, end: int) -> int:
    # A cut reaching the end of the text takes the original's tail with it
    # (trailing blanks and control characters dropped earlier included).
    if end >= len(aligned.text):
        return aligned.original_length
    return aligned.origins[end - 1] + 1


def rewrite(aligned: AlignedText, edits: Iterable[MappedEdit]) -> AlignedText:
    """Apply non-overlapping edits whose new characters carry their own origins."""
    pieces: list[str] = []
    origins: list[int] = []
    cursor = 0
    for start, end, new, sources in sorted(edits):
        pieces.append(aligned.text[cursor:start])
        origins.extend(aligned.origins[cursor:start])
        pieces.append(new)
        origins.extend(aligned.origins[start + s] for s in sources)
        cursor = end
    pieces.append(aligned.text[cursor:])
    origins.extend(aligned.origins[cursor:])
    return AlignedText("".join(pieces), origins, aligned.original_length)


def proportional(new_length: int, old_length: int) -> list[int]:
    """Offsets spreading ``new_length`` characters evenly over ``old_length`` old ones."""
    if old_length <= 0:
        return [0] * new_length
    return [min(old_length - 1, i * old_length // max(new_length, 1)) for i in range(new_length)]


# --- 1. mojibake -------------------------------------------------------------

# Characters that UTF-8 bytes become when read as Latin-1 or cp1252.
_LATIN_VIEW_OF_UTF8 = re.compile(
    "[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a"
    "\u20ac\u2122]{2,}"
)
_UTF8_LEAD = re.compile("[\u00c2-\u00f4]")


def fix_mojibake(aligned: AlignedText) -> AlignedText:
    """Repair runs of UTF-8-read-as-Latin-1/cp1252; leave everything else alone."""
    edits: list[MappedEdit] = []
    for m in _LATIN_VIEW_OF_UTF8.finditer(aligned.text):
        run = m.group(0)
        if not _UTF8_LEAD.search(run) or not _is_utf8_in_disguise(run):
            continue
        fixed = ftfy.fix_text(run, uncurl_quotes=False)
        if fixed == run:
            continue
        edits.append((m.start(), m.end(), fixed, _utf8_origins(fixed, len(run))))
    return rewrite(aligned, edits) if edits else aligned


def _is_utf8_in_disguise(run: str) -> bool:
    # A cheap exact test before ftfy: the run's bytes under cp1252 (ftfy's sloppy
    # variant, which also keeps the five bytes cp1252 leaves undefined) must be
    # valid UTF-8. Random Latin-1 text and binary garbage almost never are.
    try:
        run.encode("sloppy-windows-1252").decode("utf-8")
    except UnicodeError:
        return False
    return ftfy.badness.is_bad(run)


def _utf8_origins(fixed: str, run_length: int) -> list[int]:
    # Each repaired character was as many mojibake characters as it has UTF-8 bytes.
    widths = [len(ch.encode("utf-8", "surrogatepass")) for ch in fixed]
    if sum(widths) != run_length:
        return proportional(len(fixed), run_length)
    offsets, position = [], 0
    for width in widths:
        offsets.append(position)
        position += width
    return offsets


# --- 2. control characters and spaces ----------------------------------------

_LINE_BREAK = re.compile("\r\n?|[\u2028\u2029\u0085]")
_DROPPED = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u200b-\u200d\u2060\ufeff"
    "\ufe00-\ufe0f]+"
)
_SPACE_CHARS = "\t\u00a0\u1680\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B)))
_SPACES = re.compile(f"[{_SPACE_CHARS}]")


# A word hyphenated across a line break between Chinese characters is one word.
_HYPHEN_BREAK = re.compile(f"(?<=[{CJK}]) ?[-－]\n(?=[{CJK}])")


def clean_controls(aligned: AlignedText) -> AlignedText:
    """Unify line breaks, drop control and zero-width characters, make spaces plain."""
    # Callables, not template strings: re's template expansion is slow per match.
    aligned = aligned.sub(_LINE_BREAK, lambda _: "\n")
    aligned = aligned.sub(_DROPPED, lambda _: "")
    if "-\n" in aligned.text or "－\n" in aligned.text:
        aligned = aligned.sub(_HYPHEN_BREAK, lambda _: "")  # 投资集 -⏎团有限公司
    # One space for one space keeps the map as it is; re.sub with a plain string is
    # much faster on CJK text than str.translate, which looks up every character.
    if _SPACES.search(aligned.text):
        aligned = AlignedText(
            _SPACES.sub(" ", aligned.text), aligned.origins, aligned.original_length
        )
    return aligned


# --- 3. pinyin glosses -------------------------------------------------------

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_GLOSS = re.compile(f"(?<=[{CJK}])[(（]([a-z{_TONED}ü]{{1,6}})[)）]")
_UNTONE = str.maketrans(_TONED, "aaaaeeeeiiiioooouuuuvvvvnnnm")
_SYLLABLE = re.compile(
    r"(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|in|un|vn"
    r"|ia|ie|iu|ua|uo|ue|ve|ui|er|a|o|e|i|u|v)|ng|n|m"
)


def is_pinyin_syllable(word: str) -> bool:
    """True for one pinyin syllable, with or without tone marks (``chǎn``, ``de``)."""
    return _SYLLABLE.fullmatch(word.translate(_UNTONE).replace("ü", "v")) is not None


def strip_pinyin_glosses(aligned: AlignedText) -> AlignedText:
    """Remove ``(chǎn)``-style readings written after Chinese characters."""
    if "(" not in aligned.text and "（" not in aligned.text:
        return aligned  # no bracket, no gloss: skip the look-behind scan
    return aligned.sub(_GLOSS, lambda m: "" if is_pinyin_syllable(m.group(1)) else m.group(0))


# --- 4. Traditional → Simplified ---------------------------------------------


@functools.cache
def _t2s() -> opencc.OpenCC:
    # Built on first use, not at import: loading the dictionaries takes time.
    # "tw2s" is "t2s" plus the Taiwan variant table; unlike plain "t2s" it turns
    # the 著 of 随著/带著/标志著 (everywhere in these sources) into 着.
    return opencc.OpenCC("tw2s")


_CLAUSE = re.compile(r"[^，。！？；、,.!?;\n]*[，。！？；、,.!?;\n]?")


@functools.cache
def _traditional_chars() -> re.Pattern[str]:
    """Characters the converter changes on their own, asked of OpenCC itself (once).

    A text with none of them is Simplified already and skips the converter. Its
    phrase tables only rewrite phrases that hold such a character, so the test is
    exact for whole Traditional texts; it costs a third of a conversion.
    """
    converter = _t2s()
    chars = [chr(c) for c in range(0x3400, 0xA000)] + [chr(c) for c in range(0xF900, 0xFB00)]
    converted = converter.convert("\n".join(chars)).split("\n")
    changed = [c for c, new in zip(chars, converted, strict=True) if new != c]
    return re.compile("[" + "".join(changed) + "]")


def is_simplified(text: str) -> bool:
    """Whether ``text`` holds no character that OpenCC would convert on its own."""
    return _traditional_chars().search(text) is None


def to_simplified(aligned: AlignedText) -> AlignedText:
    """Convert to Simplified Chinese, keeping the map exact wherever lengths agree."""
    text = aligned.text
    if is_simplified(text):
        return aligned
    converter = _t2s()
    converted = converter.convert(text)
    if converted == text:
        return aligned
    if len(converted) == len(text):
        return AlignedText(converted, aligned.origins, aligned.original_length)
    # A phrase conversion changed a length somewhere: convert clause by clause and
    # spread only the clauses whose length changed proportionally.
    edits: list[MappedEdit] = []
    for m in _CLAUSE.finditer(text):
        clause = m.group(0)
        if not clause:
            continue
        new = converter.convert(clause)
        if new == clause:
            continue
        if len(new) == len(clause):
            edits.append((m.start(), m.end(), new, list(range(len(new)))))
        else:
            edits.append((m.start(), m.end(), new, proportional(len(new), len(clause))))
    return rewrite(aligned, edits)


# --- 5. width, punctuation and spacing ---------------------------------------


def _width_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xFF01, 0xFF5F):  # full-width ASCII
        table[code] = chr(code - 0xFEE0)
    for code in range(0xFE50, 0xFE6C):  # small form variants: ﹔ → ；
        folded = unicodedata.normalize("NFKC", chr(code))
        if len(folded) == 1:
            table[code] = folded
    for code in range(0xFE10, 0xFE1A):  # vertical forms
        folded = unicodedata.normalize("NFKC", chr(code))
        if len(folded) == 1:
            table[code] = folded
    # Chinese sentence punctuation stays Chinese; it is what sentence splitting reads.
    for chinese in "，。：；！？、":
        table[ord(chinese)] = chinese
    for small, chinese in zip("﹐﹑﹔﹕﹖﹗", "，、；：？！", strict=True):
        table[ord(small)] = chinese
    table[ord("｡")] = "。"
    table[ord("､")] = "、"
    return table


_WIDTH = _width_table()
# Characters _WIDTH changes; str.translate is slow on CJK text, so look for them first.
_NEEDS_WIDTH_FOLD = re.compile(
    "[" + "".join(re.escape(chr(c)) for c, v in sorted(_WIDTH.items()) if chr(c) != v) + "]"
)
_TO_CHINESE = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？"}
_BETWEEN_CJK = re.compile(f"(?<=[{CJK}”’」』》）)】%]) ?([,:;!?]) ?(?=[{CJK}“‘「『《（(【0-9])")
_ASCII_MARK = re.compile("[,:;!?]")
_QUESTION_END = "吗呢么吧啊嘛"
_SPACE_RUN = re.compile(" {2,}")
_EDGE_SPACES = re.compile("^ +| +$", re.MULTILINE)
_BLANK_RUN = re.compile(r"\n{3,}")


def fold_width_and_punctuation(aligned: AlignedText) -> AlignedText:
    """Half-width letters and digits, Chinese punctuation between Chinese, tidy spaces."""
    if _NEEDS_WIDTH_FOLD.search(aligned.text):
        # One character for one, so the map stays; a sub over the few characters to
        # fold is faster than str.translate over every character of CJK text.
        folded = _NEEDS_WIDTH_FOLD.sub(lambda m: _WIDTH[ord(m.group())], aligned.text)
        aligned = AlignedText(folded, aligned.origins, aligned.original_length)
    text = aligned.text
    garbled: list[tuple[int, int]] = []
    starts: list[int] = []
    garbled_known = False

    def chinese_form(m: re.Match[str]) -> str:
        nonlocal garbled, starts, garbled_known
        mark, at = m.group(1), m.start(1)
        if not garbled_known:  # most texts have no mark to fold: look for damage lazily
            garbled = find_garbled_spans(text)
            starts = [s for s, _ in garbled]
            garbled_known = True
        i = bisect.bisect_right(starts, at) - 1
        if i >= 0 and garbled[i][0] <= at < garbled[i][1]:
            return m.group(0)  # damage stays visible to find_garbled_spans
        # A half-width ? between Chinese characters is usually a lost character;
        # only after a question particle is it a question mark.
        if mark == "?" and text[at - 1 : at] not in _QUESTION_END:
            return m.group(0)
        return _TO_CHINESE[mark]

    if _ASCII_MARK.search(text):  # most Chinese text has no half-width mark to fold
        aligned = aligned.sub(_BETWEEN_CJK, chinese_form)
    if "  " in aligned.text:
        aligned = aligned.sub(_SPACE_RUN, lambda _: " ")
    text = aligned.text
    if " \n" in text or "\n " in text or text.startswith(" ") or text.endswith(" "):
        aligned = aligned.sub(_EDGE_SPACES, lambda _: "")
    return tidy_blank_lines(aligned)


# A photo caption: ▲ and a short text up to a space, or to the end of its line. Pages
# saved as text glue it to the sentence that follows (▲某项目施工现场 3月，…), which
# would read as one sentence with the caption's facts in it.
_CAPTION = re.compile("▲[^\n ]{1,40}(?: |(?=\n)|$)")


def drop_photo_captions(aligned: AlignedText) -> AlignedText:
    """Remove ``▲``-marked photo captions (the caption, not the text after it)."""
    if "▲" not in aligned.text:
        return aligned
    return aligned.sub(_CAPTION, lambda _: "")


def tidy_blank_lines(aligned: AlignedText) -> AlignedText:
    """At most one blank line in a row, none at the start or end."""
    if "\n\n\n" in aligned.text:
        aligned = aligned.sub(_BLANK_RUN, lambda _: "\n\n")
    text = aligned.text
    start = len(text) - len(text.lstrip("\n"))
    end = len(text.rstrip("\n"))
    if start == 0 and end == len(text):
        return aligned
    return aligned.slice(start, max(start, end))


# --- garbled spans -------------------------------------------------------------

_CJK_CHAR = re.compile(f"[{CJK}]")
_ANCHOR = re.compile("\ufffd+|[\u2500-\u257f\ue000-\uf8ff^?!;]")
_QUOTE_OR_STOP = "。，“”‘’、：；"


def find_garbled_spans(text: str) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of text that is damage, not language; extraction skips them.

    Found: U+FFFD replacement characters; box-drawing and private-use characters
    inside Chinese; byte-shifted GBK (``环?破詹┪镳^``); and a lone ``?`` in
    Chinese context, which in these sources almost always stands for a lost
    character (a real question mark after 吗/呢/… is left alone).
    """
    clusters: list[tuple[int, int, bool]] = []  # (start, end, has a byte shift)
    for m in _ANCHOR.finditer(text):
        kind = _anchor_kind(text, m.start(), m.group(0))
        if kind is None:
            continue
        shift = kind == "shift"
        if clusters and m.start() - clusters[-1][1] <= 3:
            start, _, shifted = clusters[-1]
            clusters[-1] = (start, m.end(), shifted or shift)
        else:
            clusters.append((m.start(), m.end(), shift))
    spans: list[tuple[int, int]] = []
    for start, end, shifted in clusters:
        if shifted:  # a byte shift damages the characters at its edges too
            if start > 0 and _CJK_CHAR.match(text[start - 1]):
                start -= 1
            if end < len(text) and _CJK_CHAR.match(text[end]) and not _is_common(text[end]):
                end += 1
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return spans


def _anchor_kind(text: str, index: int, found: str) -> str | None:
    before = text[index - 1] if index > 0 else ""
    after = text[index + len(found)] if index + len(found) < len(text) else ""
    near_cjk = bool(_CJK_CHAR.match(before)) or bool(_CJK_CHAR.match(after))
    if found[0] == "\ufffd":
        return "lost"
    if found == "?":
        prev, following = _neighbour(text, index, -1), _neighbour(text, index, 1)
        chinese_context = any(
            c and (_CJK_CHAR.match(c) or c in _QUOTE_OR_STOP) for c in (prev, following)
        )
        if chinese_context and before not in _QUESTION_END:
            return "lost"
        return None
    if not near_cjk:
        return None
    if found == "^" or "\u2500" <= found <= "\u257f" or "\ue000" <= found <= "\uf8ff":
        return "shift"
    # ! and ; are ordinary punctuation unless more ASCII punctuation follows
    # ("之!,"), which Chinese text does not write but byte shifts produce.
    if after and after in ",.;:!?":
        return "shift"
    return None


def _neighbour(text: str, index: int, step: int) -> str:
    i = index + step
    while 0 <= i < len(text) and text[i] == " ":
        i += step
    return text[i] if 0 <= i < len(text) else ""


@functools.lru_cache(maxsize=8192)
def _is_common(char: str) -> bool:
    # GB2312 level 1 holds the 3,755 most frequent characters; byte-shifted GBK
    # lands mostly outside it, ordinary news text almost never does.
    try:
        encoded = char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(encoded) == 2 and 0xB0 <= encoded[0] <= 0xD7
