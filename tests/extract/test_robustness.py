"""Bad input never crashes extraction, and time grows linearly with the input."""

from __future__ import annotations

import gc
import random
import time

import pytest

from chainatlas.extract import Extraction, default_extractor

_SENTENCE = "锐丰镁业科技有限公司投资5亿元建设年产30万件压铸件项目,已于3月开工。"


def run(text: str) -> Extraction:
    return default_extractor().extract_raw(text)


def seconds(text: str) -> float:
    # CPU time, best of three at the call sites: a quadratic stage would give ~4x
    # on doubling, linear ~2x; 2.8 leaves room for a busy shared machine.
    gc.collect()  # a collection triggered by an earlier run must not be charged to this one
    start = time.process_time()
    run(text)
    return time.process_time() - start


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "。，、；！？……——“”（）《》",
        "!!!???...,,,;;;" * 200,
        "\x00\x01\x02\ufffd\ufffd",
        "项目" * 5000,
        "有限公司" * 3000,
        "亿元" * 4000,
    ],
)
def test_degenerate_input_does_not_crash(text: str) -> None:
    assert isinstance(run(text), Extraction)


def test_random_bytes_decoded_as_gbk() -> None:
    rng = random.Random(20240501)
    data = bytes(rng.randrange(256) for _ in range(200_000))
    text = data.decode("gbk", errors="replace")
    assert isinstance(run(text), Extraction)


def test_a_long_single_line() -> None:
    line = (_SENTENCE * 20_000)[:700_000].replace("。", ",")  # about 2 MB of UTF-8, no break
    result = run(line)
    assert result.companies and result.projects


def test_time_is_linear_in_the_input() -> None:
    base = (_SENTENCE + "\n") * 1500
    run(base[:1000])  # lexicons loaded before timing
    small = min(seconds(base) for _ in range(3))
    large = min(seconds(base * 2) for _ in range(3))
    assert large / small < 2.8, f"doubling the input took {large / small:.2f}x the time"


def test_time_is_linear_on_a_single_line() -> None:
    base = _SENTENCE.replace("。", ",") * 2000
    run(base[:1000])
    small = min(seconds(base) for _ in range(3))
    large = min(seconds(base * 2) for _ in range(3))
    assert large / small < 2.8, f"doubling the line took {large / small:.2f}x the time"
