"""Per-document caches: answers are reused within a document and forgotten after it."""

from __future__ import annotations

from chainatlas.extract.doccache import new_document, on_new_document, per_document

calls: list[str] = []


@per_document
def _length(text: str) -> int:
    calls.append(text)
    return len(text)


def test_results_are_reused_until_the_next_document() -> None:
    new_document()
    calls.clear()
    assert _length("澜禾镁业") == 4
    assert _length("澜禾镁业") == 4
    assert calls == ["澜禾镁业"]
    new_document()
    assert _length("澜禾镁业") == 4
    assert calls == ["澜禾镁业", "澜禾镁业"]


def test_object_memos_are_cleared_too() -> None:
    memo = {"句子": 1}
    on_new_document(memo.clear)
    new_document()
    assert memo == {}
