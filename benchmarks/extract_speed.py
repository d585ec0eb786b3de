"""Extraction speed: single-core throughput of ``chainatlas.extract`` against jionlp.

Usage (from the repository root):
    .venv/bin/python benchmarks/extract_speed.py [--mb 1] [--no-baseline] [--breakdown]
        [--cold] [--verbatim]

Builds a corpus of at least ``--mb`` megabytes (UTF-8) from the demo articles
(src/chainatlas/data/demo; the dev texts of ../shared/benchmark if there are
none). The articles are not repeated verbatim, which would flatter every cache:
each generated document takes one article's first line as its head and then
sentences drawn from all articles of the same script (Simplified or
Traditional), with the digits of every amount and count (not of dates) and the
two characters before each firm suffix replaced at random (seeded, so runs are
comparable).
It times ``extract`` over that corpus, then times
``jionlp.ner.extract_money`` + ``jionlp.ner.extract_time`` over the same
documents, and prints characters/s, documents/s, the ratio and the peak RSS.
As the machine may be shared, it also prints a paired ratio: ours and jionlp
timed back to back on each 20-document chunk, so that load changes during the
run affect both sides alike.
Documents are generated one at a time, so ``--mb 100`` shows whether memory
stays flat: the resident size is printed at every tenth of the run.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import random
import re
import resource
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from chainatlas.extract import default_extractor
from chainatlas.extract.base import ExtractionContext, split_sentences
from chainatlas.extract.doccache import new_document
from chainatlas.extract.model import Extraction
from chainatlas.extract.pipeline import garbled_spans, normalise
from chainatlas.ingest.normalise import is_simplified

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "src" / "chainatlas" / "data" / "demo"
DEV = REPO / ".." / "shared" / "benchmark" / "dev"
_PAGE = 4096
VERBATIM = False  # set by --verbatim


def read_text(path: Path) -> str:
    """A text file as text: UTF-8, else GB18030 (the demo set has a GBK file)."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def articles(folder: Path | None = None) -> list[str]:
    """Articles for the corpus: ``folder``, else the demo texts, else the dev texts."""
    paths = sorted(p for p in (folder or DEMO).glob("*") if p.suffix in (".txt", ".md"))
    if len(paths) < 3 and folder is None:
        paths = sorted(DEV.glob("*.txt"))
    texts = [t for t in (read_text(p) for p in paths) if t.strip()]
    if not texts:
        raise SystemExit(f"no articles found in {DEMO} or {DEV}")
    return texts


_SENTENCE = re.compile(r"[^。！？；\n]*[。！？；\n]+")
# Amounts, counts and capacities get new digits; dates keep theirs (a year 5871 or a
# 14th month would send date parsers down paths real text never takes).
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?(?![0-9.]*[年月日号时:])")
_TRADE_NAME = re.compile(r"[\u4e00-\u9fff]{2}(?=(?:科技|新材料|新能源|股份|集团|有限公司))")
# Characters firms put in their trade names; swapped in so names differ across documents.
_TRADE_CHARS = "华瑞恒鑫泰隆宏远盛达嘉诚德信安顺兴旺锦程汇通佳航正阳天润博威金辉"


def verbatim_corpus(texts: list[str], megabytes: float) -> Iterator[str]:
    """``texts`` repeated as they are until ``megabytes`` of UTF-8 (the old corpus, kept
    for comparison: repeats flatter every cache, on both sides)."""
    target = megabytes * 1_000_000
    given = 0
    while given < target:
        for text in texts:
            yield text
            given += len(text.encode("utf-8"))
            if given >= target:
                return


def corpus(texts: list[str], megabytes: float, seed: int = 7) -> Iterator[str]:
    """Varied documents built from ``texts`` until ``megabytes`` of UTF-8 have been given."""
    if VERBATIM:
        yield from verbatim_corpus(texts, megabytes)
        return
    rng = random.Random(seed)
    pools = [_SENTENCE.findall(text) or [text] for text in texts]
    # Sentences mix only among articles of the same script: a real article is written
    # in Simplified or in Traditional characters, not in both.
    scripts = [is_simplified(text) for text in texts]
    every = {
        script: [s for pool, own in zip(pools, scripts, strict=True) if own == script for s in pool]
        for script in set(scripts)
    }
    target = megabytes * 1_000_000
    given = 0
    while given < target:
        index = rng.randrange(len(pools))
        pool, same_script = pools[index], every[scripts[index]]
        # Keep the article's own length and head (title, dateline); mix the body.
        body = [pool[0], *(rng.choice(same_script) for _ in range(len(pool) - 1))]
        text = "".join(body)
        text = _NUMBER.sub(lambda m: _new_digits(m.group(0), rng), text)
        text = _TRADE_NAME.sub(lambda _: "".join(rng.sample(_TRADE_CHARS, 2)), text)
        yield text
        given += len(text.encode("utf-8"))


def _new_digits(number: str, rng: random.Random) -> str:
    return "".join(str(rng.randint(1, 9)) if c.isdigit() else c for c in number)


def clear_text_caches() -> None:
    """Empty the process-wide caches keyed on words and names (segmenter windows, name
    cores, project-name tests), so that no document profits from text seen before."""
    from chainatlas.extract import companies, namewords, project_names

    for cached in (
        namewords._tag,
        namewords._cut,
        namewords.novel,
        companies.company_core,
        companies.trade_name,
        companies.same_company,
        project_names._is_category,
        project_names._is_specific,
        project_names._proper,
    ):
        cached.cache_clear()


def current_rss_mb() -> float:
    """Resident set size now (Linux /proc), in MB."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * _PAGE / 1e6


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000


def timed_run(
    label: str, docs: Iterator[str], run: Callable[[str], object], total_mb: float
) -> tuple[int, int, float]:
    """Run ``run`` over ``docs``; returns (documents, characters, CPU seconds)."""
    count = chars = 0
    next_mark = 0.1
    bytes_done = 0.0
    start = time.process_time()
    for doc in docs:
        run(doc)
        count += 1
        chars += len(doc)
        bytes_done += len(doc.encode("utf-8")) / 1e6
        if total_mb >= 10 and bytes_done >= next_mark * total_mb:
            print(f"  {label}: {bytes_done:7.1f} MB done, RSS {current_rss_mb():7.1f} MB")
            next_mark += 0.1
    return count, chars, time.process_time() - start


def stage_breakdown(texts: list[str], megabytes: float) -> dict[str, float]:
    """CPU seconds spent in normalisation and in each stage over the corpus."""
    extractor = default_extractor()
    spent: dict[str, float] = {"normalise": 0.0}
    for doc in corpus(texts, megabytes):
        new_document()  # as Extractor.extract_normalised does
        start = time.process_time()
        normalised = normalise(doc)
        masked = garbled_spans(normalised.text)
        spent["normalise"] += time.process_time() - start
        context = ExtractionContext(
            text=normalised.text,
            published=normalised.published,
            sentences=split_sentences(normalised.text),
            result=Extraction(published=normalised.published),
            masked=masked,
        )
        for name, stage in zip(extractor.stage_names, extractor.stages, strict=True):
            start = time.process_time()
            stage(context)
            spent[name] = spent.get(name, 0.0) + time.process_time() - start
    return spent


def jionlp_baseline() -> Callable[[str], object]:
    """jionlp's extract_money + extract_time (imported only here: it prints a banner on
    import and on parse errors, and pulls in GPL code)."""
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        import jionlp

    def run(text: str) -> object:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            return (jionlp.ner.extract_money(text), jionlp.ner.extract_time(text))

    run("2023年3月16日,项目总投资5亿元。")  # warm-up: jionlp loads its data lazily
    return run


def paired_ratio(
    texts: list[str],
    ours: Callable[[str], object],
    theirs: Callable[[str], object],
    chunk: int = 20,
) -> tuple[float, float, float]:
    """Throughput ratio measured chunk by chunk, ours then theirs on the same documents.

    The machine is shared: load changes over a run distort two separate timings, but
    hardly the two halves of one chunk. Returns (lowest, median, highest) ratio over the
    chunks of 1 MB of the corpus.
    """
    docs = list(corpus(texts, 1.0))
    ratios = []
    for i in range(0, len(docs) - chunk + 1, chunk):
        part = docs[i : i + chunk]
        start = time.process_time()
        for doc in part:
            ours(doc)
        middle = time.process_time()
        for doc in part:
            theirs(doc)
        end = time.process_time()
        ratios.append((end - middle) / max(middle - start, 1e-9))
    return min(ratios), statistics.median(ratios), max(ratios)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=1.0, help="corpus size in MB of UTF-8 (>= 1)")
    ap.add_argument("--no-baseline", action="store_true", help="skip the jionlp comparison")
    ap.add_argument("--source", type=Path, help="folder of .txt/.md articles (default: demo)")
    ap.add_argument("--breakdown", action="store_true", help="also print CPU time per stage")
    ap.add_argument(
        "--cold",
        action="store_true",
        help="empty the word and name caches before every document (a lower bound)",
    )
    ap.add_argument(
        "--verbatim", action="store_true", help="repeat the articles verbatim (old corpus)"
    )
    args = ap.parse_args(argv)
    global VERBATIM
    VERBATIM = args.verbatim
    texts = articles(args.source)
    extractor = default_extractor()

    warm = time.perf_counter()
    extractor.extract_raw(texts[0])  # builds the lexicons once
    print(f"warm-up (lexicons, first document): {time.perf_counter() - warm:.2f} s")

    def ours_cold(text: str) -> object:
        clear_text_caches()
        return extractor.extract_raw(text)

    ours_run = ours_cold if args.cold else extractor.extract_raw
    docs, chars, seconds = timed_run("extract", corpus(texts, args.mb), ours_run, args.mb)
    ours = chars / seconds
    kind = (
        "the articles repeated verbatim"
        if VERBATIM
        else "varied: article heads with sentences mixed across articles of one script, "
        "random amounts and trade names"
    )
    print(f"corpus: {docs} documents, {chars:,} characters (>= {args.mb:g} MB UTF-8), {kind}")
    if args.cold:
        print("word and name caches emptied before every document (--cold)")
    print(
        f"chainatlas.extract : {ours:12,.0f} chars/s {docs / seconds:9.1f} docs/s ({seconds:.2f} s)"
    )
    if not args.no_baseline:
        baseline = jionlp_baseline()
        bdocs, bchars, bseconds = timed_run("jionlp", corpus(texts, args.mb), baseline, args.mb)
        theirs = bchars / bseconds
        print(
            f"jionlp money+time  : {theirs:12,.0f} chars/s {bdocs / bseconds:9.1f} docs/s "
            f"({bseconds:.2f} s)"
        )
        print(f"ratio: {ours / theirs:.1f}x (target >= 6x)")
        low, median, high = paired_ratio(texts, ours_run, baseline)
        print(
            f"paired ratio over 20-document chunks (both timed back to back): median "
            f"{median:.1f}x, range {low:.1f}x-{high:.1f}x"
        )
    if args.breakdown:
        spent = stage_breakdown(texts, args.mb)
        total = sum(spent.values())
        print("CPU time by step: " + ", ".join(f"{k} {v / total:.0%}" for k, v in spent.items()))
    print(f"peak RSS: {peak_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
