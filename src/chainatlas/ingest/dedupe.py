"""Recognising the same article twice: exact copies and near-duplicates.

Exact copies share the SHA-256 of their normalised text. Near-duplicates — one
story republished by several sites with small edits — are found with MinHash
over character 3-shingles and an LSH index (datasketch), on Simplified text
with spaces and punctuation removed so that layout differences do not count.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SCHEME = "affine32"  # stored signatures must be read back with the scheme they were made with
SHINGLE = 3
_NOISE = re.compile(r"[\W_]+", re.UNICODE)


def content_hash(normalised_text: str) -> str:
    """The identity of a text: SHA-256 of its normalised form with whitespace folded."""
    folded = " ".join(normalised_text.split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def minhash_of(text: str) -> MinHash:
    core = _NOISE.sub("", text)
    shingles = {core[i : i + SHINGLE] for i in range(max(len(core) - SHINGLE + 1, 1))}
    signature = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    signature.update_batch([s.encode("utf-8") for s in shingles if s])
    return signature


def minhash_to_bytes(signature: MinHash) -> bytes:
    return np.asarray(signature.hashvalues, dtype=np.uint64).tobytes()


def minhash_from_bytes(data: bytes) -> MinHash:
    values = np.frombuffer(data, dtype=np.uint64)
    return MinHash(num_perm=len(values), hashvalues=values, scheme=SCHEME)


class NearDuplicateIndex:
    """An LSH index of document signatures, keyed by document id."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._signatures: dict[int, MinHash] = {}

    @classmethod
    def build(cls, threshold: float, entries: Iterable[tuple[int, bytes]]) -> NearDuplicateIndex:
        index = cls(threshold)
        for doc_id, data in entries:
            index.add(doc_id, minhash_from_bytes(data))
        return index

    def add(self, doc_id: int, signature: MinHash) -> None:
        if doc_id in self._signatures:
            return
        self._lsh.insert(str(doc_id), signature)
        self._signatures[doc_id] = signature

    def most_similar(self, signature: MinHash) -> tuple[int, float] | None:
        """The indexed document most similar to ``signature`` above the threshold."""
        best: tuple[int, float] | None = None
        for key in self._lsh.query(signature):
            doc_id = int(key)
            score = float(signature.jaccard(self._signatures[doc_id]))
            if score >= self.threshold and (best is None or score > best[1]):
                best = (doc_id, score)
        return best
