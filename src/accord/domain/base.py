"""Shared pydantic configuration and field types for the domain model.

Domain objects are immutable (``frozen``) and strict about unknown fields (``forbid``):
a misspelt key in a scenario file is an error, not a silently ignored line.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, WithJsonSchema

from accord.domain.codes import BLOCS, ECONOMIES, SECTORS, is_economy, is_sector


class Frozen(BaseModel):
    """Base of every domain object: immutable, no unknown fields, no type coercion of strings."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=False, str_strip_whitespace=True)


def _economy(code: str) -> str:
    if not is_economy(code):
        raise ValueError(f"unknown economy code {code!r}; expected an ICIO ISO 3166 alpha-3 code")
    return code


def _economy_or_bloc(code: str) -> str:
    if code not in BLOCS and not is_economy(code):
        raise ValueError(
            f"unknown economy code {code!r}; expected an ICIO ISO 3166 alpha-3 code or a bloc "
            f"({', '.join(BLOCS)})"
        )
    return code


def _sector(code: str) -> str:
    if not is_sector(code):
        raise ValueError(f"unknown sector code {code!r}; expected an ICIO sector code such as C19")
    return code


Economy = Annotated[
    str,
    StringConstraints(min_length=3, max_length=3),
    AfterValidator(_economy),
    WithJsonSchema({"type": "string", "enum": list(ECONOMIES)}),
]
"""An ICIO economy, ISO 3166 alpha-3 (``USA``, ``DEU``)."""

EconomyOrBloc = Annotated[
    str,
    AfterValidator(_economy_or_bloc),
    WithJsonSchema({"type": "string", "enum": [*ECONOMIES, *BLOCS]}),
]
"""An economy or a bloc name that expands to its members (``EU27``)."""

Sector = Annotated[
    str, AfterValidator(_sector), WithJsonSchema({"type": "string", "enum": list(SECTORS)})
]
"""An ICIO sector code (``C19`` refined petroleum, ``K`` finance)."""

Ident = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,63}$")]
"""A short identifier by which other parts of a scenario refer to an object."""

Share = Annotated[float, Field(ge=0.0, le=1.0)]
"""A number in [0, 1]."""

PositiveShare = Annotated[float, Field(gt=0.0, le=1.0)]
"""A number in (0, 1]."""
