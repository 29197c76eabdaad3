"""Batch: screening files too large for memory.

Contract: the multi-process engine (its input streamed through ``screening.source``), the
writers (CSV / JSON lines / Parquet / XLSX) and the optional Dask engine with its
partitions; the rows are those of ``screening``.  A peer of ``news``: neither imports the other.
"""

