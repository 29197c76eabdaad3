"""Arrays loaded packed (sanctions_check.files.packedarrays): read without numpy, built when read."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from sanctions_check.files.packedarrays import DTYPES, PackedArray, PackedArrays

VALUES = {  # one array of every storable dtype, with values at its extremes
    "bool": [True, False, True],
    "int8": [-128, 0, 127],
    "int32": [-(2**31), 7, 2**31 - 1],
    "int64": [-(2**63), 1 << 62, 2**63 - 1],
    "uint32": [0, 65, 2**32 - 1],
    "float64": [-0.0, 1 / 3, 1e308],
}


def _packed(values: np.ndarray) -> PackedArray:
    return PackedArray(values.dtype.name, list(values.shape), values.tobytes())


@pytest.mark.parametrize("dtype", sorted(DTYPES))
def test_a_view_reads_the_values_the_array_holds(dtype: str) -> None:
    # the memoryview gives the Python numbers numpy's tolist() and item() give, same types
    array = np.array(VALUES[dtype], dtype=dtype)
    stored = _packed(array)
    assert stored.view().tolist() == array.tolist()
    assert stored.view()[1:].tolist() == array[1:].tolist()
    assert [type(v) for v in stored.view().tolist()] == [type(v) for v in array.tolist()]
    assert stored.view()[2] == array.item(2) and type(stored.view()[2]) is type(array.item(2))
    built = stored.array()
    assert built.dtype == array.dtype and np.array_equal(built, array)
    built[0] = built[1]  # its own copy: writeable
    assert stored.view().tolist() == array.tolist()


def test_two_dimensions_and_empty_arrays() -> None:
    grid = np.arange(6, dtype=np.float64).reshape(2, 3)
    assert _packed(grid).view().tolist() == grid.tolist()
    assert _packed(grid).array().shape == (2, 3)
    empty = np.zeros((0, 4), dtype=np.uint32)
    assert _packed(empty).array().shape == (0, 4) and _packed(empty).view().tolist() == []
    assert _packed(np.zeros(0, dtype=np.int64)).view()[0:0].tolist() == []


@pytest.mark.parametrize(
    ("dtype", "shape", "raw"),
    [
        ("object", [1], b"\0" * 8),  # not a numeric type: never built from a file
        ("float16", [1], b"\0" * 2),  # numeric, but not one written
        ("int64", [2], b"\0" * 15),  # a byte short of two items
        ("int64", [-1], b""),  # a negative dimension
        ("bool", [1], "x"),  # text, not bytes
    ],
)
def test_anything_else_is_refused(dtype: str, shape: list[int], raw: object) -> None:
    with pytest.raises(ValueError, match="stored array"):
        PackedArray(dtype, shape, raw)


class Holder(PackedArrays):
    def __init__(self) -> None:
        self.plain = 1


def _holder() -> Holder:
    holder = Holder()
    holder.set_packed({"ids": _packed(np.array([5, 6, 7], dtype=np.int64)),
                       "caps": _packed(np.array([0.5, 1.0, 0.25]))})  # fmt: skip
    return holder


def test_an_array_is_built_when_read_and_kept() -> None:
    holder = _holder()
    assert holder.is_packed("ids") and holder.is_packed("caps")
    # read without building it: the values, as Python numbers
    assert holder.column("ids")[1:].tolist() == [6, 7]
    assert holder.item_of("caps")(2) == 0.25
    assert holder.is_packed("ids") and holder.is_packed("caps")
    # read as an attribute: the numpy array, built once and kept
    ids = holder.ids
    assert isinstance(ids, np.ndarray) and ids.tolist() == [5, 6, 7]
    assert holder.ids is ids and not holder.is_packed("ids")
    assert holder.column("ids") is ids and holder.item_of("ids")(0) == 5
    assert holder.is_packed("caps")
    holder.unpack_arrays()
    assert not holder.is_packed("caps") and isinstance(vars(holder)["caps"], np.ndarray)


def test_other_names_are_still_attribute_errors() -> None:
    holder = _holder()
    assert holder.plain == 1
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        holder.nothing  # noqa: B018
    with pytest.raises(AttributeError, match="no array 'absent'"):
        holder.column("absent")
    with pytest.raises(AttributeError, match="no attribute 'ids'"):
        Holder().ids  # noqa: B018  (nothing packed)


def test_a_packed_holder_pickles() -> None:
    # (worker processes of a batch run get the matcher pickled)
    holder = pickle.loads(pickle.dumps(_holder()))
    assert holder.is_packed("ids") and holder.ids.tolist() == [5, 6, 7]
    assert holder.caps.tolist() == [0.5, 1.0, 0.25]
