"""Messages in both languages; Chinese unless the cookie asks for English."""

from __future__ import annotations

import pytest
from starlette.requests import Request

from chainatlas.web.i18n import MESSAGES, request_lang, status_label, translate


def _request(cookie: str | None) -> Request:
    headers = [(b"cookie", f"lang={cookie}".encode())] if cookie else []
    return Request({"type": "http", "headers": headers})


@pytest.mark.parametrize(
    ("cookie", "expected"), [(None, "zh-CN"), ("en", "en"), ("zh-CN", "zh-CN"), ("fr", "zh-CN")]
)
def test_request_lang(cookie: str | None, expected: str) -> None:
    assert request_lang(_request(cookie)) == expected


@pytest.mark.parametrize(
    ("key", "lang", "values", "expected"),
    [
        ("nav.dashboard", "zh-CN", {}, "驾驶舱"),
        ("nav.dashboard", "en", {}, "Dashboard"),
        ("projects.count", "zh-CN", {"n": "1,024"}, "共 1,024 个项目"),
        ("no.such.key", "en", {}, "no.such.key"),
    ],
)
def test_translate(key: str, lang: str, values: dict[str, object], expected: str) -> None:
    assert translate(key, lang, **values) == expected


def test_every_message_has_both_languages() -> None:
    assert [key for key, (zh, en) in MESSAGES.items() if not zh or not en] == []


@pytest.mark.parametrize(("status", "expected"), [("signed", "签约"), (None, "未知")])
def test_status_label(status: str | None, expected: str) -> None:
    assert status_label(status, "zh-CN") == expected
