"""Request bodies of the service, as pydantic models (they also make the OpenAPI docs).

Contract: bodies that do not fit give 422 with a one-line reason (see :mod:`.app`).
Numbers must be finite (NaN and infinity are refused, also inside extra fields, which
are carried through untouched otherwise).  yente's request body is modelled as yente
declares it (``EntityMatchQuery``: ``queries`` of ``EntityExample``, plus ``weights``
and ``config``, accepted and ignored).
"""

from __future__ import annotations

import math
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from sanctions_check.screening.run import DEFAULT_LIMIT

Kind = Literal["person", "org"]


def refuse_non_finite(value: Any, where: str = "value") -> None:
    """ValueError for a NaN or infinite number anywhere inside ``value``."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{where}: numbers must be finite (no NaN or infinity)")
    if isinstance(value, dict):
        for key, item in value.items():
            refuse_non_finite(item, f"{where}.{key}")
    elif isinstance(value, list):
        for item in value:
            refuse_non_finite(item, where)


class ScreenRecord(BaseModel):
    """One record to screen; fields other than these are carried into its rows."""

    model_config = ConfigDict(extra="allow")

    name: str = Field(description="The name to screen.", examples=["Jo Chun-ryong"])
    kind: Kind | None = Field(None, description="person or org (default: both).")
    dob: str | None = Field(None, description="Date or year of birth (1977, 1977-01-31, 31.01.1977, 7 July 1955...).")
    nationality: str | None = Field(None, description="Country name, demonym or ISO code.")
    id: str | int | None = Field(None, description="Your identifier, returned in every row.")

    @model_validator(mode="after")
    def _finite_extras(self) -> ScreenRecord:
        refuse_non_finite(self.model_extra or {}, "record")
        return self


class ScreenRequest(BaseModel):
    """``POST /screen``: records and the options of ``sanctions-check screen``."""

    model_config = ConfigDict(extra="forbid")

    records: list[ScreenRecord]
    min_score: float | None = Field(None, ge=0, le=100, allow_inf_nan=False,
                                    description="Report candidates down to this score.")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=100, description="Candidates per record.")
    include_clear: bool = Field(False, description="Also a row per record without hits.")


class CompareRequest(BaseModel):
    """``POST /compare``: two names, as ``sanctions-check compare A B``."""

    model_config = ConfigDict(extra="forbid")

    name1: str = Field(examples=["Muammar Gaddafi"])
    name2: str = Field(examples=["QADHAFI, Muammar Mohammed Abu Minyar"])
    kind: Kind | None = None


class EntityExample(BaseModel):
    """yente's query entity: a schema and FollowTheMoney properties."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    id: str | None = None
    schema_: str = Field(alias="schema", examples=["Person"])
    properties: dict[str, str | list[Any]] = Field(
        examples=[{"name": ["John Doe"], "birthDate": ["1975-04-21"], "nationality": ["us"]}]
    )

    @model_validator(mode="after")
    def _finite(self) -> EntityExample:
        refuse_non_finite(self.properties, "properties")
        return self

    def values(self, *props: str) -> list[str]:
        """The non-empty values of these properties, as text, in order."""
        out = []
        for prop in props:
            raw = self.properties.get(prop, [])
            for value in [raw] if isinstance(raw, str) else raw:
                text = str(value).strip() if value is not None else ""
                if text:
                    out.append(text)
        return out


class EntityMatchQuery(BaseModel):
    """yente's ``POST /match/{dataset}`` body."""

    weights: dict[str, float] = Field({}, description="Accepted and ignored.")
    config: dict[str, Any] = Field({}, description="Accepted and ignored.")
    queries: dict[str, EntityExample]

    @model_validator(mode="after")
    def _finite(self) -> EntityMatchQuery:
        refuse_non_finite(self.weights, "weights")
        refuse_non_finite(self.config, "config")
        return self
