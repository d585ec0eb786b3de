"""Settings: one typed object read from the environment (prefix ``CHAINATLAS_``).

Built at the edge (the CLI callback, a test, later ``create_app``) and passed in;
nothing reads the environment at import time.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_database_url() -> str:
    """An SQLite file under the user's data directory."""
    folder = Path(platformdirs.user_data_dir("chainatlas", appauthor=False))
    return f"sqlite:///{folder / 'chainatlas.sqlite3'}"


class Settings(BaseSettings):
    """Everything a ChainAtlas process can be configured with."""

    model_config = SettingsConfigDict(env_prefix="CHAINATLAS_", extra="ignore")

    database_url: str = Field(
        default_factory=default_database_url,
        description="SQLAlchemy URL; SQLite by default, postgresql+psycopg://… for a team.",
    )
    max_file_bytes: int = Field(
        default=20 * 1024 * 1024,
        gt=0,
        description="Files larger than this are skipped by ingestion, with a message.",
    )
    chain_dirs: list[Path] = Field(
        default_factory=list,
        description="Folders of chain YAML files that add to or override the built-in library.",
    )
    home_region: str = Field(
        default="",
        description="The region whose pipeline this install keeps (e.g. 池州市): the default "
        "region of new records and the region whose chain gaps the briefing reports.",
    )
    near_duplicate_threshold: float = Field(
        default=0.7,
        gt=0,
        le=1,
        description="Estimated Jaccard similarity above which two articles are one story.",
    )
