"""Chains: the industrial-chain library with nodes (by segment) and supply edges."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel

from chainatlas.api.deps import CurrentUser
from chainatlas.api.errors import ERROR_RESPONSES, ApiError
from chainatlas.chains import ChainLibrary, load_library
from chainatlas.chains.schema import Chain

router = APIRouter(tags=["chains"], responses=ERROR_RESPONSES)


class ChainSummary(BaseModel):
    id: str
    name: str
    aliases: list[str]
    description: str
    nodes: int
    edges: int


def chain_library(request: Request) -> ChainLibrary:
    """The app's chain library (built-in plus the settings' folders), loaded on first use."""
    library: ChainLibrary | None = getattr(request.app.state, "chain_library", None)
    if library is None:
        library = load_library(extra_dirs=tuple(request.app.state.settings.chain_dirs))
        request.app.state.chain_library = library
    return library


def summarise_chain(chain: Chain) -> ChainSummary:
    return ChainSummary(
        id=chain.id,
        name=chain.name,
        aliases=list(chain.aliases),
        description=chain.description,
        nodes=len(chain.nodes),
        edges=len(chain.edges),
    )


def find_chain(request: Request, chain_id: str) -> Chain:
    try:
        return chain_library(request).get(chain_id)
    except KeyError as error:
        raise ApiError(404, str(error.args[0])) from None


@router.get("/chains")
def chains(auth: CurrentUser, request: Request) -> list[ChainSummary]:
    """Every chain of the library."""
    library = chain_library(request)
    return [summarise_chain(library.chains[key]) for key in sorted(library.chains)]


@router.get("/chains/{chain_id}")
def chain(chain_id: str, auth: CurrentUser, request: Request) -> Chain:
    """One chain (by id, name or alias) with its nodes and edges."""
    return find_chain(request, chain_id)
