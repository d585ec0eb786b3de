"""Turn what a user typed after ``chainatlas ingest`` into a list of files to read.

A spec is a file, a folder (read recursively), a glob pattern (``**`` allowed)
or ``-`` for standard input. Folders are walked in sorted order, hidden files
and folders are skipped, and each real folder is entered once, so a symbolic
link pointing back up the tree cannot make the walk go on forever. Problems
with a spec become ``IngestError``s beside the files found, never exceptions.
"""

from __future__ import annotations

import glob
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from chainatlas.ingest.model import IngestError

STDIN_SPEC = "-"
STDIN_DISPLAY = "<stdin>"
_GLOB_CHARS = frozenset("*?[")


@dataclass
class IngestLimits:
    """Bounds that keep one hostile input from exhausting memory."""

    max_bytes: int = 20 * 1024 * 1024


@dataclass(frozen=True)
class SourceFile:
    """One input to read: a file on disk, or standard input when ``path`` is None."""

    path: Path | None
    display: str

    @property
    def is_stdin(self) -> bool:
        return self.path is None


def expand_sources(specs: Sequence[str]) -> tuple[list[SourceFile], list[IngestError]]:
    """Return the files named by ``specs`` (each once, in order) and the specs that failed."""
    expansion = _Expansion()
    for spec in specs:
        expansion.add_spec(spec)
    return expansion.files, expansion.errors


class _Expansion:
    """Accumulates files and errors; remembers what was seen to list each file once."""

    def __init__(self) -> None:
        self.files: list[SourceFile] = []
        self.errors: list[IngestError] = []
        self._seen_files: set[Path] = set()
        self._seen_dirs: set[Path] = set()
        self._stdin_added = False

    def add_spec(self, spec: str) -> None:
        if spec == STDIN_SPEC:
            if not self._stdin_added:
                self._stdin_added = True
                self.files.append(SourceFile(None, STDIN_DISPLAY))
            return
        path = Path(os.path.expanduser(spec))
        if path.exists() or path.is_symlink():
            self._add_path(path, spec)
            return
        if _GLOB_CHARS & set(spec):
            matches = sorted(glob.glob(os.path.expanduser(spec), recursive=True))
            if matches:
                for match in matches:
                    self._add_path(Path(match), match)
                return
        self.errors.append(IngestError(spec, "no such file or no match"))

    def _add_path(self, path: Path, display: str) -> None:
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            self.errors.append(IngestError(display, "broken symbolic link"))
            return
        except OSError as error:
            self.errors.append(IngestError(display, f"cannot examine: {os_error_reason(error)}"))
            return
        if stat.S_ISDIR(mode):
            self._add_folder(path, display)
        elif stat.S_ISREG(mode):
            self._add_file(path, display)
        else:
            # FIFOs and devices (/dev/zero) would block or never end when read.
            self.errors.append(IngestError(display, "not a regular file or folder"))

    def _add_file(self, path: Path, display: str) -> None:
        real = Path(os.path.realpath(path))
        if real not in self._seen_files:
            self._seen_files.add(real)
            self.files.append(SourceFile(path, display))

    def _add_folder(self, folder: Path, display: str) -> None:
        real = Path(os.path.realpath(folder))
        if real in self._seen_dirs:
            return
        self._seen_dirs.add(real)
        try:
            entries = sorted(_visible_entries(folder))
        except OSError as error:
            self.errors.append(
                IngestError(display, f"cannot list folder: {os_error_reason(error)}")
            )
            return
        for name in entries:
            self._add_path(folder / name, os.path.join(display, name))


def _visible_entries(folder: Path) -> Iterator[str]:
    with os.scandir(folder) as entries:
        for entry in entries:
            if not entry.name.startswith("."):
                yield entry.name


def os_error_reason(error: OSError) -> str:
    """Say in a few words why the operating system refused."""
    if isinstance(error, PermissionError):
        return "permission denied"
    return error.strerror or str(error)
