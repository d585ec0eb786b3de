"""Expanding ingest specs: files, folders, globs, stdin, and the specs that match nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from chainatlas.ingest.sources import SourceFile, expand_sources


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """corpus/ with nested folders, hidden entries and mixed suffixes."""
    root = tmp_path / "corpus"
    for relative in [
        "b.txt",
        "a.txt",
        "page.html",
        "sub/c.md",
        "sub/deeper/d.txt",
        ".hidden.txt",
        ".git/config.txt",
        "sub/.cache/e.txt",
    ]:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("青山县", encoding="utf-8")
    return root


def _relative(files: list[SourceFile], root: Path) -> list[str]:
    return [Path(file.display).relative_to(root).as_posix() for file in files if file.path]


def test_a_folder_is_walked_recursively_in_sorted_order_without_hidden_entries(
    tree: Path,
) -> None:
    files, errors = expand_sources([str(tree)])
    assert errors == []
    assert _relative(files, tree) == [
        "a.txt",
        "b.txt",
        "page.html",
        "sub/c.md",
        "sub/deeper/d.txt",
    ]
    assert all(file.path is not None and file.path.is_file() for file in files)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("*.txt", ["a.txt", "b.txt"]),
        ("**/*.txt", ["a.txt", "b.txt", "sub/deeper/d.txt"]),
        ("sub/**/*", ["sub/c.md", "sub/deeper/d.txt"]),
        ("[ab].txt", ["a.txt", "b.txt"]),
        ("?.md", []),
    ],
)
def test_glob_patterns_expand_to_matching_files(
    tree: Path, pattern: str, expected: list[str]
) -> None:
    spec = str(tree / pattern)
    files, errors = expand_sources([spec])
    assert _relative(files, tree) == expected
    assert [(error.where, error.reason) for error in errors] == (
        [] if expected else [(spec, "no such file or no match")]
    )


def test_each_file_is_listed_once_even_when_named_twice(tree: Path) -> None:
    files, errors = expand_sources([str(tree / "a.txt"), str(tree), str(tree / "*.txt")])
    assert errors == []
    assert len(files) == 5
    assert files[0].display == str(tree / "a.txt")


def test_stdin_is_a_source_without_a_path() -> None:
    files, errors = expand_sources(["-", "-"])
    assert errors == []
    assert files == [SourceFile(None, "<stdin>")]
    assert files[0].is_stdin


def test_specs_that_match_nothing_are_errors_and_the_rest_go_on(tree: Path) -> None:
    missing = str(tree / "missing.txt")
    no_match = str(tree / "*.pdf")
    files, errors = expand_sources([missing, str(tree / "a.txt"), no_match])
    assert [file.display for file in files] == [str(tree / "a.txt")]
    assert [(error.where, error.reason) for error in errors] == [
        (missing, "no such file or no match"),
        (no_match, "no such file or no match"),
    ]


def test_a_symlink_loop_does_not_make_the_walk_endless(tree: Path) -> None:
    (tree / "sub" / "up").symlink_to(tree, target_is_directory=True)
    (tree / "sub" / "self").symlink_to(tree / "sub" / "self")
    files, errors = expand_sources([str(tree)])
    assert _relative(files, tree) == ["a.txt", "b.txt", "page.html", "sub/c.md", "sub/deeper/d.txt"]
    assert [Path(error.where).name for error in errors] == ["self"]
    assert "symbolic links" in errors[0].reason


def test_a_broken_symlink_is_reported(tree: Path) -> None:
    (tree / "gone.txt").symlink_to(tree / "never-existed.txt")
    files, errors = expand_sources([str(tree)])
    assert len(files) == 5
    assert [(Path(error.where).name, error.reason) for error in errors] == [
        ("gone.txt", "broken symbolic link")
    ]


def test_devices_and_pipes_are_refused_rather_than_read_forever(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    files, errors = expand_sources(["/dev/zero", str(fifo)])
    assert files == []
    assert [error.reason for error in errors] == ["not a regular file or folder"] * 2


def test_a_folder_that_cannot_be_listed_is_reported(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_scandir = os.scandir
    locked = tree / "sub"

    def scandir(path: Path) -> object:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    files, errors = expand_sources([str(tree)])
    assert _relative(files, tree) == ["a.txt", "b.txt", "page.html"]
    assert [(error.where, error.reason) for error in errors] == [
        (str(locked), "cannot list folder: permission denied")
    ]
