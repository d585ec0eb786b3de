"""Loading the chain library: the built-in YAML files shipped as package data, plus
user folders whose chains add to or replace the built-in ones (same id wins)."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from chainatlas.chains.schema import Chain, ChainFile, Node

YAML_SUFFIXES = (".yaml", ".yml")
# libyaml's loader when PyYAML was built with it: about ten times faster on the library.
_YAML_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ChainLibraryError(ValueError):
    """The library could not be loaded; ``problems`` names each file, chain, node and field."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("chain library is invalid:\n" + "\n".join(self.problems))


@dataclass
class ChainLibrary:
    """All known chains by id, with lookup by id, Chinese name or alias."""

    chains: dict[str, Chain]
    sources: dict[str, str] = field(default_factory=dict)  # chain id -> file it came from

    def get(self, id_or_name: str) -> Chain:
        """The chain with this id, name or alias; KeyError listing the known ids otherwise."""
        key = id_or_name.strip()
        if key in self.chains:
            return self.chains[key]
        for chain in self.chains.values():
            if key == chain.name or key in chain.aliases:
                return chain
        known = ", ".join(sorted(self.chains))
        raise KeyError(f"unknown chain {id_or_name!r}; known chain ids: {known}")

    def nodes(self) -> Iterator[tuple[Chain, Node]]:
        """Every (chain, node) pair, chains in id order."""
        for chain_id in sorted(self.chains):
            chain = self.chains[chain_id]
            for node in chain.nodes:
                yield chain, node

    def __len__(self) -> int:
        return len(self.chains)


def builtin_dir() -> Path:
    """The folder of YAML files shipped with the package."""
    return Path(str(resources.files("chainatlas") / "data" / "chains"))


def load_library(extra_dirs: Sequence[Path] = ()) -> ChainLibrary:
    """The built-in chains, overridden and extended by the YAML files in ``extra_dirs``.

    Later folders override earlier ones; raises ChainLibraryError listing every problem.
    """
    builtin = _builtin_library()
    if not extra_dirs:
        return builtin
    chains = dict(builtin.chains)
    sources = dict(builtin.sources)
    problems: list[str] = []
    for folder in extra_dirs:
        folder_chains, folder_sources, folder_problems = _load_folder(Path(folder))
        problems.extend(folder_problems)
        chains.update(folder_chains)
        sources.update(folder_sources)
    library = ChainLibrary(chains=chains, sources=sources)
    problems.extend(_name_clashes(library))
    if problems:
        raise ChainLibraryError(problems)
    return library


@functools.cache
def _builtin_library() -> ChainLibrary:
    # Cached because the built-in files never change while the process runs; read on
    # first use, never at import.
    chains, sources, problems = _load_folder(builtin_dir())
    library = ChainLibrary(chains=chains, sources=sources)
    problems.extend(_name_clashes(library))
    if problems:
        raise ChainLibraryError(problems)
    return library


def validate_path(path: Path) -> list[str]:
    """Problems found in a chain file or a folder of them; empty when valid."""
    path = Path(path)
    if path.is_dir():
        chains, sources, problems = _load_folder(path)
        return problems + _name_clashes(ChainLibrary(chains=chains, sources=sources))
    if not path.is_file():
        return [f"{path}: no such file or folder"]
    _, problems = _load_file(path)
    return problems


def _load_folder(folder: Path) -> tuple[dict[str, Chain], dict[str, str], list[str]]:
    if not folder.is_dir():
        return {}, {}, [f"{folder}: chain folder does not exist"]
    chains: dict[str, Chain] = {}
    sources: dict[str, str] = {}
    problems: list[str] = []
    files = sorted(p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file())
    for path in files:
        parsed, file_problems = _load_file(path)
        problems.extend(file_problems)
        for chain in parsed:
            if chain.id in chains:
                problems.append(
                    f"{path}: chain '{chain.id}': id already defined in {sources[chain.id]}"
                )
                continue
            chains[chain.id] = chain
            sources[chain.id] = str(path)
    return chains, sources, problems


def _load_file(path: Path) -> tuple[list[Chain], list[str]]:
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        return [], [f"{path}: YAML syntax error{where}: {exc.problem or exc}"]
    except (yaml.YAMLError, OSError, UnicodeDecodeError) as exc:
        return [], [f"{path}: cannot read: {exc}"]
    try:
        parsed = ChainFile.model_validate(raw)
    except ValidationError as exc:
        errors = exc.errors()
        # Pydantic also reports every container around a failed item (a chain list left
        # empty "after validation"); only the innermost errors say what is wrong.
        locs = [tuple(error["loc"]) for error in errors]
        innermost = [
            error
            for error, loc in zip(errors, locs, strict=True)
            if not any(other != loc and other[: len(loc)] == loc for other in locs)
        ]
        return [], [f"{path}: {_describe(raw, error)}" for error in innermost]
    return list(parsed.chains), []


def _describe(raw: Any, error: Any) -> str:
    """Turn a Pydantic error location such as ('chains', 0, 'nodes', 2, 'segment') into
    "chain 'magnesium': node 'ingot': field 'segment'", naming items by their ids."""
    parts: list[str] = []
    item: Any = raw
    loc = list(error["loc"])
    fields: list[str] = []
    index = 0
    while index < len(loc):
        key = loc[index]
        nxt = loc[index + 1] if index + 1 < len(loc) else None
        if key in ("chains", "nodes", "edges") and isinstance(nxt, int):
            kind = {"chains": "chain", "nodes": "node", "edges": "edge"}[str(key)]
            items = item.get(key) if isinstance(item, dict) else None
            element = items[nxt] if isinstance(items, list) and nxt < len(items) else None
            parts.append(f"{kind} {_label(element, nxt)}")
            item = element
            index += 2
            continue
        fields.append(str(key))
        item = item.get(key) if isinstance(item, dict) else None
        index += 1
    if fields:
        parts.append(f"field '{'.'.join(fields)}'")
    message = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] not in ("missing", "value_error") and "input" in error:
        message += f" (got {_shorten(repr(error['input']))})"
    return ": ".join([*parts, message])


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _label(element: Any, position: int) -> str:
    if isinstance(element, dict) and isinstance(element.get("id"), str):
        return f"'{element['id']}'"
    if isinstance(element, dict) and "from" in element:
        return f"'{element.get('from')} -> {element.get('to')}'"
    if isinstance(element, str):
        return f"'{element}'"
    return f"#{position + 1}"


def _name_clashes(library: ChainLibrary) -> list[str]:
    """Names and aliases must point at one chain, or ``get`` would be ambiguous."""
    owner: dict[str, str] = {}
    problems: list[str] = []
    # Insertion order: built-in chains first, so a clash is reported on the user's file.
    for chain_id, chain in library.chains.items():
        for label in (chain.name, *chain.aliases):
            other = owner.setdefault(label, chain_id)
            if other != chain_id:
                source = library.sources.get(chain_id, "?")
                problems.append(
                    f"{source}: chain '{chain_id}': name or alias '{label}' "
                    f"is already used by chain '{other}'"
                )
    return problems
