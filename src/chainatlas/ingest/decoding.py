"""Turn the bytes of a text file into a string, detecting the encoding from the bytes.

Order of evidence: a byte-order mark; the NUL-byte pattern of BOM-less UTF-16;
strict UTF-8; UTF-8 with a few damaged bytes; ``charset_normalizer``; and, for
bytes cut in the middle of a character (where detection gives up), detection on
the bytes minus the incomplete tail. The file name is never consulted. Whatever
is returned has passed a sanity check: text that is mostly replacement or
control characters is refused as binary or undecodable.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

from chainatlas.ingest.model import IngestError

# UTF-32 marks first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Detectors name the GB family by its subsets and Big5 without the Hong Kong
# extension; decoding with the superset loses nothing and reads more files.
_SUPERSETS = {
    "gbk": "gb18030",
    "gb2312": "gb18030",
    "cp936": "gb18030",
    "big5": "big5hkscs",
}

# A UTF-8 file with at most this share of damaged sequences (among its
# non-ASCII characters) is read as UTF-8 with replacement characters: a few
# flipped bytes must not make a whole Chinese article fall to a legacy codec.
# GBK or Big5 read as UTF-8 leaves most (~85%) of its non-ASCII sequences damaged.
_MAX_DAMAGED_UTF8_SHARE = 0.2
# Text with more than this share of replacement or control characters is not text.
_MAX_GARBAGE_SHARE = 0.10
_SNIFF_BYTES = 64 * 1024
_CATEGORY_SAMPLE = 20_000
_CONTROL_OR_REPLACEMENT = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd\ud800-\udfff]")

_HTML_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)


def canonical_encoding(name: str) -> str:
    """Return the codec name used to decode text reported as encoding ``name``."""
    try:
        normal = codecs.lookup(name).name
    except LookupError:
        normal = name.lower()
    return _SUPERSETS.get(normal, normal)


def decode_bytes(data: bytes, where: str) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``; raise ``IngestError(where, ...)``."""
    if not data:
        raise IngestError(where, "empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom) :], encoding, where, f"{encoding} (byte-order mark)")
    if b"\x00" in data:
        return _decode_wide(data, where)
    try:
        return _checked(data.decode("utf-8"), "utf-8", where)
    except UnicodeDecodeError:
        pass
    damaged = _damaged_utf8(data)
    if damaged is not None:
        text, bad = damaged
        return _checked(text, f"utf-8 ({bad} invalid byte sequence(s) replaced)", where)
    detected = _detect(data)
    if detected is not None:
        text, encoding = detected
        return _checked(text, encoding, where)
    for cut in (1, 2, 3):
        detected = _detect(data[:-cut])
        if detected is not None:
            text, encoding = detected
            note = f"last {cut} byte(s), cut mid-character, dropped"
            return _checked(text, f"{encoding} ({note})", where)
    for encoding in ("gb18030", "big5hkscs"):
        for cut in (0, 1, 2, 3):
            try:
                text = data[: len(data) - cut].decode(encoding)
            except UnicodeDecodeError:
                continue
            note = f" (last {cut} byte(s) dropped)" if cut else ""
            return _checked(text, f"{encoding} (guessed){note}", where)
    text = data.decode("utf-8", errors="replace")
    return _checked(text, "utf-8 (undetected; invalid bytes replaced)", where)


def decode_html_bytes(data: bytes, where: str) -> tuple[str, str]:
    """Decode an HTML page: a byte-order mark, else a valid ``<meta charset>``, else detection."""
    if not data:
        raise IngestError(where, "empty file")
    if any(data.startswith(bom) for bom, _ in _BOMS) or b"\x00" in data[:_SNIFF_BYTES]:
        return decode_bytes(data, where)
    match = _HTML_META_CHARSET.search(data[:_SNIFF_BYTES])
    if match is None:
        return decode_bytes(data, where)
    declared = match.group(1).decode("ascii", errors="replace")
    try:
        # Chinese text in a legacy codec practically never validates as UTF-8,
        # whereas UTF-8 bytes often "decode" as GBK mojibake: valid UTF-8 wins
        # over a declaration copied from an older template.
        return _checked(data.decode("utf-8"), "utf-8", where)
    except UnicodeDecodeError:
        pass
    encoding = canonical_encoding(declared)
    try:
        text = data.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        # A wrong or unknown declaration is common in saved pages; trust the bytes.
        return decode_bytes(data, where)
    return _checked(text, f"{encoding} (<meta charset={declared}>)", where)


def _strict(data: bytes, encoding: str, where: str, label: str) -> tuple[str, str]:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        text = data.decode(encoding, errors="replace")
        label = f"{label}; invalid bytes replaced from offset {error.start}"
    return _checked(text, label, where)


def _decode_wide(data: bytes, where: str) -> tuple[str, str]:
    """Decode BOM-less UTF-16 or UTF-32; any other bytes holding NULs are binary."""
    sample = data[:_SNIFF_BYTES]
    # ASCII characters in UTF-16 put their NUL in one half of every pair;
    # the order with more NULs in the high half is tried first.
    odd_first = sample[1::2].count(0) >= sample[0::2].count(0)
    for encoding in ("utf-16-le", "utf-16-be") if odd_first else ("utf-16-be", "utf-16-le"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _garbage_share(text) <= _MAX_GARBAGE_SHARE / 10:
            return _checked(text, f"{encoding} (no byte-order mark)", where)
    detected = _detect(data)
    if detected is not None and detected[1].startswith("utf_"):
        return _checked(detected[0], f"{detected[1]} (no byte-order mark)", where)
    raise IngestError(where, "binary file (contains NUL bytes), not text")


def _damaged_utf8(data: bytes) -> tuple[str, int] | None:
    """Return the text and number of bad sequences if ``data`` is UTF-8 with a few damaged bytes."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    replaced = text.count("\ufffd")
    good = len(text) - len(text.encode("ascii", errors="ignore")) - replaced
    if good == 0 or bad > _MAX_DAMAGED_UTF8_SHARE * (good + bad):
        return None
    return text, bad


def _detect(data: bytes) -> tuple[str, str] | None:
    if not data:
        return None
    best = from_bytes(data).best()
    if best is None:
        return None
    encoding = canonical_encoding(best.encoding)
    try:
        return data.decode(encoding), encoding
    except (LookupError, UnicodeDecodeError):
        return str(best), best.encoding


def _checked(text: str, encoding: str, where: str) -> tuple[str, str]:
    if not text.strip():
        raise IngestError(where, "no text (the file holds only whitespace)")
    share = _garbage_share(text)
    if share > _MAX_GARBAGE_SHARE:
        raise IngestError(
            where,
            f"binary or undecodable file: {share:.0%} of the characters decoded as {encoding} "
            "are replacement, control or unassigned characters",
        )
    return text, encoding


def _garbage_share(text: str) -> float:
    """Share of characters no text file holds: replacement, control, surrogate, unassigned."""
    if not text:
        return 0.0
    garbage = len(_CONTROL_OR_REPLACEMENT.findall(text))
    # Unassigned and private-use code points need unicodedata, too slow for
    # every character of a 20 MB file; a prefix sample tells text from noise.
    sample = text[:_CATEGORY_SAMPLE]
    odd = sum(1 for char in sample if unicodedata.category(char) in {"Cn", "Co"})
    return garbage / len(text) + odd / len(sample)
