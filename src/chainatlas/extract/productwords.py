"""Product and industry phrases that look like firm short names.

A short name is found as a trade name before an industry word (路飞镁业, 森萍科技).
Product and technology phrases have the same shape: 5G通信 (in 5G通信模组),
煤制乙二醇, 晶硅光伏. Two general tests tell them apart, using the chain library's
vocabulary of products as knowledge rather than a list of bad names:

* the candidate is itself a product word of the library, or the start of one,
  or a product word begins inside it and runs on past its end (通信|模组);
* somewhere in the document the candidate is used as the name of an industry:
  directly followed by 产业, 行业, 领域 or 板块 (晶硅光伏产业), which a firm's name
  is not (a firm's 产业园 or 产业基地 is a place and does not count).
"""

from __future__ import annotations

import functools

from chainatlas.chains.library import load_library
from chainatlas.chains.mounting import ChainMounter
from chainatlas.extract.doccache import on_new_document
from chainatlas.extract.textscan import occurrences

_LOOK_AHEAD = 8  # characters after a candidate in which a product word may end
_INDUSTRY_AFTER = ("行业", "领域", "板块")
_PLACE_AFTER_INDUSTRY = "园城基"  # 产业园, 产业城, 产业基地: a firm's site, not an industry


@functools.cache
def _product_vocabulary() -> ChainMounter:
    # Built on first use: the chain library is read once per process.
    mounter = ChainMounter(load_library())
    on_new_document(mounter.clear_memo)
    return mounter


def is_product_phrase(text: str, start: int, end: int, industry_start: int) -> bool:
    """Whether ``text[start:end]`` (industry word from ``industry_start``) is a product phrase."""
    length = end - start
    for hit in _product_vocabulary().find_terms(text[start : end + _LOOK_AHEAD]):
        if hit.start == 0 and hit.end >= length:
            return True  # 煤制乙二醇, 高纯晶硅: the whole candidate is a product word
        if industry_start - start <= hit.start < length < hit.end:
            return True  # 5G通信|模组: a product word runs on past the candidate
        if hit.start >= length:
            break
    return False


def used_as_industry(text: str, name: str) -> bool:
    """Whether the document calls ``name`` an industry somewhere (晶硅光伏产业, 光伏行业)."""
    for _, end in occurrences(text, name):
        after = text[end : end + 3]
        if after.startswith(_INDUSTRY_AFTER):
            return True
        if after.startswith("产业") and after[2:3] not in _PLACE_AFTER_INDUSTRY:
            return True
    return False
