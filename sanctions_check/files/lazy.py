"""Lazy public names of a package: each imported on first use (PEP 562).

Contract: :func:`lazy_exports` returns a package's ``__getattr__`` and ``__dir__`` for a
table of public names (``name -> "module.path:attribute"``): a name is imported the
first time it is read and then kept in the package's namespace, so importing a package
(or any of its modules, which imports the package first) runs none of the other modules.
A one-off command (``sanctions-check match``) then imports only what it uses.  A name
missing from the table raises AttributeError as usual.  Each package also imports its
table under ``TYPE_CHECKING`` for type checkers and the layout test.

:func:`lazy_module` is the same for one module used through its attributes (``np =
lazy_module("numpy")``, with the real import under ``TYPE_CHECKING``): the module is
imported when an attribute is first read, so a module of the package may use numpy on its
array paths without importing it for the plain-Python ones (a one-off ``match``).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(
    package: str, exports: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``package`` exporting ``exports`` lazily."""

    def __getattr__(name: str) -> Any:
        target = exports.get(name)
        if target is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module, _, attribute = target.partition(":")
        value = getattr(importlib.import_module(module), attribute)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(sys.modules[package]), *exports})

    return __getattr__, __dir__


class LazyModule:
    """Stands for a module not imported yet (:func:`lazy_module`): reading an attribute
    imports the module, and each attribute read is kept on this object, so later reads cost
    what reading an attribute of the module costs."""

    def __init__(self, name: str) -> None:
        self.__name = name

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("__"):  # copy, pickle, inspect probing: not the module's
            raise AttributeError(attribute)
        value = getattr(importlib.import_module(self.__name), attribute)
        setattr(self, attribute, value)
        return value

    def __repr__(self) -> str:
        return f"<lazily imported module {self.__name!r}>"


def lazy_module(name: str) -> Any:
    """The module ``name``, imported when one of its attributes is first read."""
    return LazyModule(name)


__all__ = ["LazyModule", "lazy_exports", "lazy_module"]
