"""Encoding detection from bytes: BOMs, UTF-8, the GB family, Big5, UTF-16, damage, binary."""

from __future__ import annotations

import codecs
import random

import pytest

from chainatlas.ingest.decoding import canonical_encoding, decode_bytes, decode_html_bytes
from chainatlas.ingest.model import IngestError

SIMPLIFIED = "青山县经开区今年签约镁合金项目八个，总投资四十二亿元。\n项目明年投产。"
TRADITIONAL = "青山縣經開區今年簽約鎂合金項目八個，總投資四十二億元。\n項目明年投產。"
# 𠮷 lies outside GBK: only GB18030 (four-byte form) can carry it.
GB18030_ONLY = "𠮷山县招商局发布公告。"
BIG5_TYPE = "text/html; charset=big5"


def _noise(size: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(size)


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        (SIMPLIFIED.encode("utf-8"), SIMPLIFIED, "utf-8"),
        (codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"), SIMPLIFIED, "utf-8-sig (byte-order mark)"),
        (SIMPLIFIED.encode("gbk"), SIMPLIFIED, "gb18030"),
        (SIMPLIFIED.encode("gb2312"), SIMPLIFIED, "gb18030"),
        (GB18030_ONLY.encode("gb18030"), GB18030_ONLY, "gb18030"),
        (TRADITIONAL.encode("big5"), TRADITIONAL, "big5hkscs"),
        (
            codecs.BOM_UTF16_LE + SIMPLIFIED.encode("utf-16-le"),
            SIMPLIFIED,
            "utf-16-le (byte-order mark)",
        ),
        (
            codecs.BOM_UTF16_BE + SIMPLIFIED.encode("utf-16-be"),
            SIMPLIFIED,
            "utf-16-be (byte-order mark)",
        ),
        (SIMPLIFIED.encode("utf-16-le"), SIMPLIFIED, "utf-16-le (no byte-order mark)"),
        (SIMPLIFIED.encode("utf-16-be"), SIMPLIFIED, "utf-16-be (no byte-order mark)"),
        (
            b"Hefei 2024".decode().encode("utf-16-le"),
            "Hefei 2024",
            "utf-16-le (no byte-order mark)",
        ),
        (SIMPLIFIED.encode("utf-32"), SIMPLIFIED, "utf-32-le (byte-order mark)"),
        (b"plain ASCII\n", "plain ASCII\n", "utf-8"),
    ],
    ids=[
        "utf8",
        "utf8-bom",
        "gbk",
        "gb2312",
        "gb18030-four-byte",
        "big5",
        "utf16le-bom",
        "utf16be-bom",
        "utf16le-no-bom",
        "utf16be-no-bom",
        "utf16le-ascii-no-bom",
        "utf32-bom",
        "ascii",
    ],
)
def test_decodes_whole_text(data: bytes, text: str, encoding: str) -> None:
    assert decode_bytes(data, "a.txt") == (text, encoding)


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        (SIMPLIFIED.encode("gbk")[:-1], SIMPLIFIED[:-1], "gb18030 (last 1 byte(s), cut"),
        (TRADITIONAL.encode("big5")[:-1], TRADITIONAL[:-1], "big5hkscs (last 1 byte(s), cut"),
        (SIMPLIFIED.encode("utf-8")[:-1], SIMPLIFIED[:-1] + "\ufffd", "utf-8 (1 invalid"),
    ],
    ids=["gbk", "big5", "utf8"],
)
def test_bytes_cut_mid_character_keep_the_text_before_the_cut(
    data: bytes, text: str, encoding: str
) -> None:
    decoded, name = decode_bytes(data, "cut.txt")
    assert decoded == text
    assert name.startswith(encoding)


def test_a_few_wrong_bytes_in_utf8_are_replaced_and_the_rest_kept() -> None:
    # Decision: a UTF-8 file with a few damaged bytes is still read as UTF-8;
    # the damage shows as U+FFFD and the encoding name says how many were replaced.
    good = (SIMPLIFIED * 3).encode("utf-8")
    damaged = good[:3] + b"\xff" + good[4:30] + b"\xc0" + good[31:]
    text, encoding = decode_bytes(damaged, "damaged.txt")
    assert text.startswith("青\ufffd")
    assert text.endswith("项目明年投产。")
    assert "\ufffd" in text
    assert encoding.startswith("utf-8 (") and "invalid byte sequence(s) replaced" in encoding


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b" \n\t\r\n", "no text (the file holds only whitespace)"),
        (_noise(4096, seed=1), "binary file (contains NUL bytes), not text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + _noise(64, 2), "binary file (contains NUL"),
        (_noise(4096, seed=3).replace(b"\x00", b"\x01"), "binary or undecodable file"),
        (b"\x01\x02\x03ab\x04\x05\x06\x07", "binary or undecodable file"),
    ],
    ids=["empty", "whitespace", "random", "png", "random-without-nul", "control-chars"],
)
def test_refuses_what_is_not_text(data: bytes, reason: str) -> None:
    with pytest.raises(IngestError) as caught:
        decode_bytes(data, "in/blob.txt")
    assert caught.value.where == "in/blob.txt"
    assert caught.value.reason.startswith(reason)


@pytest.mark.parametrize(
    ("page", "text", "encoding"),
    [
        (
            '<meta charset="gb2312"><p>青山县招商</p>'.encode("gbk"),
            "青山县招商",
            "gb18030 (<meta charset=gb2312>)",
        ),
        (
            f'<meta http-equiv="Content-Type" content="{BIG5_TYPE}"><p>縣招商</p>'.encode("big5"),
            "縣招商",
            "big5hkscs (<meta charset=big5>)",
        ),
        # The declaration lies: the bytes are valid UTF-8, which wins.
        ('<meta charset="gbk"><p>青山县招商引资</p>'.encode(), "青山县招商引资", "utf-8"),
        # An unknown codec name falls back to detection.
        ('<meta charset="x-nonsense"><p>青山县招商引资</p>'.encode(), "青山县招商引资", "utf-8"),
        (
            codecs.BOM_UTF16_LE + '<meta charset="gbk"><p>青山县</p>'.encode("utf-16-le"),
            "青山县",
            "utf-16-le (byte-order mark)",
        ),
    ],
    ids=["meta-gb2312", "http-equiv-big5", "meta-wrong-utf8-wins", "meta-unknown", "bom-wins"],
)
def test_html_honours_a_valid_meta_charset(page: bytes, text: str, encoding: str) -> None:
    decoded, name = decode_html_bytes(page, "page.html")
    assert text in decoded
    assert name == encoding


@pytest.mark.parametrize(
    ("reported", "codec"),
    [
        ("GB2312", "gb18030"),
        ("gbk", "gb18030"),
        ("cp936", "gb18030"),
        ("big5", "big5hkscs"),
        ("utf_8", "utf-8"),
        ("gb18030", "gb18030"),
        ("no-such-codec", "no-such-codec"),
    ],
)
def test_legacy_chinese_encodings_widen_to_their_supersets(reported: str, codec: str) -> None:
    assert canonical_encoding(reported) == codec
