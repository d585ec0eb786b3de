"""Extraction quality on the dev set: run the extractor, then the benchmark's score.py.

Usage (from the repository root):
    .venv/bin/python benchmarks/extract_quality.py [--dev DIR] [--out PRED.jsonl] [--per-doc]

Reads every ``NAME.txt`` of the dev folder (publication date taken from the text),
writes one JSON line per document and prints score.py's table.
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

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DEV = REPO / ".." / "shared" / "benchmark" / "dev"


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


def score(dev: Path, pred: Path, extra: list[str]) -> subprocess.CompletedProcess[str]:
    """Run the benchmark's own scorer (it sits next to the dev folder)."""
    scorer = dev.parent / "score.py"
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
    ap.add_argument("--stages", default=",".join(DEFAULT_STAGES), help="comma-separated stages")
    args = ap.parse_args(argv)
    dev = args.dev.resolve()
    if not dev.is_dir():
        print(f"dev folder not found: {dev}", file=sys.stderr)
        return 2
    stages = tuple(s for s in args.stages.split(",") if s)
    extra = (["--per-doc"] if args.per_doc else []) + (["--json"] if args.json else [])
    with tempfile.TemporaryDirectory(prefix="chainatlas-quality-") as scratch:
        out = args.out or Path(scratch) / "pred.jsonl"
        count = write_predictions(dev, out, stages)
        result = score(dev, out, extra)
    if not args.json:
        kept = f"; predictions in {out}" if args.out else ""
        print(f"{count} documents from {dev}{kept}")
    print(result.stdout, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
