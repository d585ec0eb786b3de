"""Extraction quality on the dev set: run the extractor, then the benchmark's score.py.

Usage (from the repository root):
    .venv/bin/python benchmarks/extract_quality.py [--dev DIR] [--out PRED.jsonl] [--per-doc]
    .venv/bin/python benchmarks/extract_quality.py --demo [--per-doc]

Reads every ``NAME.txt`` of the dev folder (publication date taken from the text),
writes one JSON line per document and prints score.py's table.

``--demo`` is a held-out check: it reads the demo corpus (src/chainatlas/data/demo)
the way ingestion does (HTML main text, JSON Lines records, legacy encodings),
writes the expected facts of tests/fixtures/demo_expected.json as one gold file
per document into a temporary folder and scores against those with the same
score.py. Keys of that file that are not documents (same_project_groups, …) are
skipped.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from chainatlas.extract import Extractor, extraction_to_json
from chainatlas.extract.pipeline import DEFAULT_STAGES
from chainatlas.ingest.model import RawDocument
from chainatlas.ingest.readers import read_source
from chainatlas.ingest.sources import IngestLimits, SourceFile

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DEV = REPO / ".." / "shared" / "benchmark" / "dev"
DEMO = REPO / "src" / "chainatlas" / "data" / "demo"
DEMO_EXPECTED = REPO / "tests" / "fixtures" / "demo_expected.json"


def write_predictions(dev: Path, out: Path, stages: tuple[str, ...]) -> int:
    """Extract every ``*.txt`` of ``dev`` into ``out`` (JSON Lines); returns the count."""
    extractor = Extractor(stages)
    texts = sorted(dev.glob("*.txt"))
    with out.open("w", encoding="utf-8") as fh:
        for path in texts:
            extraction = extractor.extract_raw(path.read_text(encoding="utf-8"))
            record = extraction_to_json(extraction, path.stem)
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(texts)


def demo_documents(folder: Path = DEMO) -> list[RawDocument]:
    """The demo corpus as ingestion reads it, one document per article or JSONL record."""
    documents: list[RawDocument] = []
    for path in sorted(folder.iterdir()):
        for item in read_source(SourceFile(path, str(path)), IngestLimits()):
            if isinstance(item, RawDocument):
                documents.append(item)
    return documents


def write_demo_set(scratch: Path, stages: tuple[str, ...]) -> tuple[Path, Path, int]:
    """Gold files from demo_expected.json and predictions for the demo corpus, in ``scratch``.

    Returns (gold folder, predictions file, number of documents scored)."""
    expected = json.loads(DEMO_EXPECTED.read_text(encoding="utf-8"))
    gold = scratch / "gold"
    gold.mkdir()
    pred = scratch / "demo_pred.jsonl"
    extractor = Extractor(stages)
    count = 0
    with pred.open("w", encoding="utf-8") as fh:
        for document in demo_documents():
            facts = expected.get(document.name)
            if not isinstance(facts, dict) or "regions" not in facts:
                continue
            target = gold / f"{document.name}.gold.json"
            target.write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
            extraction = extractor.extract_raw(document.text, document.published)
            record = extraction_to_json(extraction, document.name)
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return gold, pred, count


def score(
    dev: Path, pred: Path, extra: list[str], scorer: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the benchmark's own scorer (it sits next to the dev folder)."""
    scorer = scorer or dev.parent / "score.py"
    if not scorer.exists():
        raise SystemExit(f"score.py not found next to {dev} (looked for {scorer})")
    cmd = [sys.executable, str(scorer), "--gold", str(dev), "--pred", str(pred), *extra]
    return subprocess.run(cmd, capture_output=True, text=True, check=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev", type=Path, default=DEFAULT_DEV, help="folder of NAME.txt + gold")
    ap.add_argument("--out", type=Path, help="where to write the predictions (JSON Lines)")
    ap.add_argument("--per-doc", action="store_true", help="also print a line per document")
    ap.add_argument("--json", action="store_true", help="print the totals as JSON")
    ap.add_argument("--demo", action="store_true", help="score the demo corpus instead")
    ap.add_argument("--stages", default=",".join(DEFAULT_STAGES), help="comma-separated stages")
    args = ap.parse_args(argv)
    stages = tuple(s for s in args.stages.split(",") if s)
    extra = (["--per-doc"] if args.per_doc else []) + (["--json"] if args.json else [])
    if args.demo:
        return score_demo(stages, extra, args.json)
    dev = args.dev.resolve()
    if not dev.is_dir():
        print(f"dev folder not found: {dev}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="chainatlas-quality-") as scratch:
        out = args.out or Path(scratch) / "pred.jsonl"
        count = write_predictions(dev, out, stages)
        result = score(dev, out, extra)
    if not args.json:
        kept = f"; predictions in {out}" if args.out else ""
        print(f"{count} documents from {dev}{kept}")
    print(result.stdout, end="")
    return 0


def score_demo(stages: tuple[str, ...], extra: list[str], as_json: bool) -> int:
    """Score the demo corpus against tests/fixtures/demo_expected.json."""
    with tempfile.TemporaryDirectory(prefix="chainatlas-demo-quality-") as scratch:
        gold, pred, count = write_demo_set(Path(scratch), stages)
        result = score(gold, pred, extra, scorer=DEFAULT_DEV.parent / "score.py")
    if not as_json:
        print(f"{count} demo documents scored against {DEMO_EXPECTED.name}")
    print(result.stdout, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
