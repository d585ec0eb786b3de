"""A ready-to-try server: the demo corpus ingested and resolved, and one user per role.

Used by ``chainatlas serve --demo`` and by the web tests; the demo passwords are
public, so this is for a laptop, never for a shared server.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from chainatlas.config import Settings
from chainatlas.store.db import Database

DEMO_CORPUS = Path(__file__).resolve().parents[1] / "data" / "demo"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str


DEMO_LOGINS = (
    DemoLogin("admin", "admin-demo-1", "admin"),
    DemoLogin("editor", "editor-demo-1", "editor"),
    DemoLogin("viewer", "viewer-demo-1", "viewer"),
)


def seed_demo(settings: Settings, corpus: Path = DEMO_CORPUS) -> tuple[DemoLogin, ...]:
    """Ingest ``corpus`` (extracted and resolved) and create the demo users if missing."""
    import chainatlas.accounts.models  # noqa: F401  (registers the account tables)
    from chainatlas.accounts.users import create_user, get_user
    from chainatlas.ingest.pipeline import Ingestor, extraction_step

    database = Database(settings.database_url)
    try:
        Ingestor(database, settings, extract=extraction_step()).ingest([str(corpus)])
        with database.session() as session:
            for login in DEMO_LOGINS:
                if get_user(session, login.username) is None:
                    create_user(session, login.username, login.password, login.role)
    finally:
        database.dispose()
    return DEMO_LOGINS
