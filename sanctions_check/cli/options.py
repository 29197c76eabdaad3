"""The parameter type of every numeric command-line option: finite and within its range.

Contract: :func:`number` returns a click parameter type that converts the option's
text to a float (or an int with ``integer=True``) and refuses, as a usage error
(exit 2) naming the option, anything :func:`sanctions_check.files.numbers.range_problem`
refuses: ``nan``, ``inf``, values outside ``[lo, hi]``.  Help texts show the range as
click's own range types do.
"""

from __future__ import annotations

from typing import Any

import click

from sanctions_check.files.numbers import range_problem


class _Finite:
    """Mixin: range-check through :func:`range_problem` before click's own range check."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = self._base.convert(self, value, param, ctx)  # type: ignore[attr-defined]
        problem = range_problem(number, self.min, self.max)  # type: ignore[attr-defined]
        if problem is not None:
            self.fail(problem, param, ctx)  # type: ignore[attr-defined]
        return number


class FiniteFloat(_Finite, click.FloatRange):
    _base = click.types.FloatParamType


class FiniteInt(_Finite, click.IntRange):
    _base = click.types.IntParamType


def number(lo: float | None = None, hi: float | None = None, *, integer: bool = False) -> Any:
    """The click type of a numeric option: a finite number in ``[lo, hi]``."""
    if integer:
        return FiniteInt(None if lo is None else int(lo), None if hi is None else int(hi))
    return FiniteFloat(lo, hi)


__all__ = ["FiniteFloat", "FiniteInt", "number"]
