"""ChainAtlas (产业链招商图谱): an industrial-chain investment-promotion knowledge base.

Texts go in (news, government reports); facts come out with the sentence they
were read from; the facts are laid over a library of industrial chains.
"""

from __future__ import annotations

__version__ = "0.1.0"
