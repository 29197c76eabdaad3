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

:func:`lazy_pattern` is a regular expression compiled when one of its methods is first
called (``_ISO = lazy_pattern(r"...")``, then ``_ISO.match(text)`` as with ``re.compile``):
compiling costs a one-off command some 0.1-0.3 ms a pattern, and most patterns of the
modules a ``match`` imports (dates, the parser, name-part rules) are never used by it.

:func:`lazy_logger` is ``logging.getLogger(name)`` for a module's ``log``, with
:mod:`logging` (and its set-up, :func:`when_logging`) imported when a message is first
logged or the logger first read: a one-off ``match`` logs nothing, and importing
:mod:`logging` (traceback, string, threading...) cost it some 5-10 ms.  Every logger of the
package is lazy, so a set-up deferred by :func:`when_logging` is in place before any of its
messages.
"""

from __future__ import annotations

import importlib
import re
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


class _StandIn:
    """Stands for an object made when one of its attributes is first read (:meth:`_made`);
    each attribute read that :meth:`_kept` accepts is kept on this object, so later reads
    cost what reading it from the object costs."""

    def _made(self) -> Any:
        raise NotImplementedError

    def _kept(self, value: Any) -> bool:
        return True

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("__"):  # copy, pickle, inspect probing: not the object's
            raise AttributeError(attribute)
        value = getattr(self._made(), attribute)
        if self._kept(value):
            setattr(self, attribute, value)
        return value


class LazyModule(_StandIn):
    """Stands for a module not imported yet (:func:`lazy_module`): reading an attribute
    imports the module."""

    def __init__(self, name: str) -> None:
        self.__name = name

    def _made(self) -> Any:
        return importlib.import_module(self.__name)

    def __repr__(self) -> str:
        return f"<lazily imported module {self.__name!r}>"


def lazy_module(name: str) -> Any:
    """The module ``name``, imported when one of its attributes is first read."""
    return LazyModule(name)


class LazyPattern(_StandIn):
    """Stands for a compiled regular expression (:func:`lazy_pattern`): the first method
    read compiles it."""

    def __init__(self, pattern: str | bytes, flags: int = 0) -> None:
        self.__source = (pattern, flags)

    def _made(self) -> Any:
        return re.compile(*self.__source)

    def __repr__(self) -> str:
        return f"<lazily compiled {self.__source[0]!r}>"


def lazy_pattern(pattern: str | bytes, flags: int = 0) -> Any:
    """``re.compile(pattern, flags)``, compiled when one of its methods is first called."""
    return LazyPattern(pattern, flags)


# set-ups of the package's loggers waiting for logging to be imported (when_logging), and
# the least level of message they let through (logging.DEBUG 10 ... CRITICAL 50)
_LOGGING_SET_UP: list[Callable[[], None]] = []
_PENDING_LEVEL: list[int] = []
# logging's levels (fixed numbers: logging.DEBUG ... logging.ERROR), known without importing it
LOG_LEVELS = {"DEBUG": 10, "INFO": 20, "WARNING": 30, "ERROR": 40}
# messages below the pending set-up's level are dropped without importing logging
_LEVEL_OF = {"debug": LOG_LEVELS["DEBUG"], "info": LOG_LEVELS["INFO"]}


def when_logging(set_up: Callable[[], None], level: int = 0) -> None:
    """Run ``set_up`` (configuring the package's loggers) now if :mod:`logging` is imported,
    else when a :func:`lazy_logger` is first used: before any message of the package.
    ``level``: the least level the set-up lets through (a number as :mod:`logging` has
    them); until then a lazy logger's ``debug`` or ``info`` below it is dropped without
    importing :mod:`logging` (the set-up would drop it too)."""
    if "logging" in sys.modules:
        set_up()
    else:
        _LOGGING_SET_UP.append(set_up)
        _PENDING_LEVEL[:] = [level]


def _dropped(*_args: Any, **_kwargs: Any) -> None:
    """A message below the level of the set-up waiting for logging: dropped."""


class LazyLogger(_StandIn):
    """Stands for ``logging.getLogger(name)`` (:func:`lazy_logger`): the first attribute read
    imports :mod:`logging` and runs the set-ups :func:`when_logging` deferred; methods read
    are kept (a logger lives as long as the process; its other attributes, such as
    ``level``, are read from it each time)."""

    def __init__(self, name: str) -> None:
        self.__name = name

    def __getattr__(self, attribute: str) -> Any:
        if _LOGGING_SET_UP and _LEVEL_OF.get(attribute, 100) < _PENDING_LEVEL[0]:
            return _dropped  # (not kept: once logging is set up, the logger's own method)
        return super().__getattr__(attribute)

    def _made(self) -> Any:
        import logging

        while _LOGGING_SET_UP:
            _LOGGING_SET_UP.pop(0)()
        _PENDING_LEVEL.clear()
        return logging.getLogger(self.__name)

    def _kept(self, value: Any) -> bool:
        return callable(value)

    def __repr__(self) -> str:
        return f"<lazily imported logger {self.__name!r}>"


def lazy_logger(name: str) -> Any:
    """``logging.getLogger(name)``, with :mod:`logging` imported when the logger is first used."""
    return LazyLogger(name)


__all__ = [
    "LOG_LEVELS", "LazyLogger", "LazyModule", "LazyPattern", "lazy_exports", "lazy_logger", "lazy_module",
    "lazy_pattern", "when_logging",
]  # fmt: skip
