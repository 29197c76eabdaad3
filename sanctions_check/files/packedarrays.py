"""Numpy arrays loaded from a pack file, kept as their bytes until an array path needs them.

Contract: :class:`PackedArray` is a stored array (dtype name, shape, raw bytes) of one of
:data:`DTYPES`; :meth:`PackedArray.array` builds the numpy array (importing numpy) and
:meth:`PackedArray.view` reads the same values as a :class:`memoryview`, without numpy: its
slices' ``tolist()`` and its items are the Python numbers the array's ``tolist()`` and
``item()`` give.  An object of a class derived from :class:`PackedArrays` holds loaded
arrays packed (:meth:`PackedArrays.set_packed`): reading one as an attribute builds the
numpy array then (and keeps it, so later reads are plain attribute reads), while
:meth:`PackedArrays.column` and :meth:`PackedArrays.item_of` read values without building
it; :meth:`PackedArrays.plain_reads` says whether a read of many rows should still go
that way.  So a one-off query that reads an index's tables in plain Python never imports
numpy (about a quarter of a one-off ``sanctions-check match``), and code that
reads the attributes sees the arrays it always saw.  :meth:`PackedArrays.unpack_arrays`
builds them all (before worker processes fork).
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from sanctions_check.files.lazy import lazy_module

if TYPE_CHECKING:
    import numpy as np
else:
    np = lazy_module("numpy")

# the dtypes an array may be stored as, with their memoryview formats (same size and values)
DTYPES = {"bool": "?", "int8": "b", "int32": "i", "int64": "q", "uint32": "I", "float64": "d"}


class PackedArray:
    """One stored array: ``dtype`` (a name of :data:`DTYPES`), ``shape`` and its raw bytes
    (C order); ValueError for anything else, or bytes that are not a whole array."""

    __slots__ = ("dtype", "shape", "raw")

    def __init__(self, dtype: Any, shape: Sequence[int], raw: Any) -> None:
        if dtype not in DTYPES or not isinstance(raw, bytes):
            raise ValueError(f"not a stored array ({dtype!r})")
        if not all(type(n) is int and n >= 0 for n in shape):
            raise ValueError(f"not a stored array's shape ({shape!r})")
        count = struct.calcsize(DTYPES[dtype])
        for n in shape:
            count *= n
        if len(raw) != count:
            raise ValueError(f"a stored array of {len(raw)} bytes for shape {tuple(shape)}")
        self.dtype = dtype
        self.shape = tuple(shape)
        self.raw = raw

    @classmethod
    def of(cls, dtype: str, shape: Sequence[int], values: Sequence[Any] = ()) -> PackedArray:
        """The array of ``values`` (flat, in C order; none: all zeros), packed without numpy."""
        count = 1
        for n in shape:
            count *= n
        flat = values if values else [0] * count
        return cls(dtype, shape, struct.pack(f"@{len(flat)}{DTYPES[dtype]}", *flat))

    def array(self) -> np.ndarray:
        """The numpy array (its own copy, writeable)."""
        return np.frombuffer(self.raw, dtype=self.dtype).reshape(self.shape).copy()

    def view(self) -> memoryview:
        """The values without numpy (one dimension: item ``i`` is row ``i``'s value)."""
        fmt = DTYPES[self.dtype]
        if len(self.shape) > 1 and self.raw:  # (an empty view cannot take a shape)
            return memoryview(self.raw).cast(fmt, self.shape)
        return memoryview(self.raw).cast(fmt)

    def __reduce__(self) -> tuple[Any, ...]:
        return (PackedArray, (self.dtype, self.shape, self.raw))


class PackedArrays:
    """Base of a class whose arrays may be held packed (see the module docstring)."""

    def set_packed(self, packed: dict[str, PackedArray]) -> None:
        """Hold ``packed`` (attribute name -> stored array) until each is read."""
        self.__dict__["_packed"] = dict(packed)

    def __getattr__(self, name: str) -> Any:
        # only called when ``name`` is not an attribute yet: a packed array's first read
        packed = self.__dict__.get("_packed")
        stored = packed.get(name) if packed else None
        if stored is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        value = self.__dict__[name] = stored.array()
        return value

    def column(self, name: str) -> Any:
        """The array ``name`` if built, else its values as a memoryview (both slice, and give
        the same ``tolist()``)."""
        value = self.__dict__.get(name)
        return self._packed_array(name).view() if value is None else value

    def item_of(self, name: str) -> Callable[[int], Any]:
        """A function giving row ``i`` of the one-dimensional array ``name`` as a Python
        number (numpy's ``item``), with or without building the array."""
        value = self.__dict__.get(name)
        return self._packed_array(name).view().__getitem__ if value is None else value.item

    def is_packed(self, name: str) -> bool:
        """Whether the array ``name`` is held packed, not built yet."""
        return name not in self.__dict__ and name in (self.__dict__.get("_packed") or ())

    def plain_reads(self, name: str, most: int) -> bool:
        """Whether a read of many rows should still go through the packed bytes of the array
        ``name`` in plain Python rather than build it: while it is packed, the first ``most``
        times asked (a one-off query, or the first few of a run, need no numpy; a longer run
        then builds the arrays once, where array operations pay)."""
        if not self.is_packed(name):
            return False
        count = self.__dict__.get("_plain_reads", 0)
        if count >= most:
            return False
        self.__dict__["_plain_reads"] = count + 1
        return True

    def unpack_arrays(self) -> None:
        """Build every packed array now."""
        for name in list(self.__dict__.get("_packed") or ()):
            getattr(self, name)

    def _packed_array(self, name: str) -> PackedArray:
        packed = self.__dict__.get("_packed")
        if not packed or name not in packed:
            raise AttributeError(f"{type(self).__name__!r} object has no array {name!r}")
        return packed[name]


__all__ = ["DTYPES", "PackedArray", "PackedArrays"]
