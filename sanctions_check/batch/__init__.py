"""Batch: screening files too large for memory.

Contract: the streaming reader, the multi-process engine, the writers (CSV / JSON
lines / Parquet / XLSX) and the optional Dask engine with its partitions; the rows
are those of ``screening``.  A peer of ``news``: neither imports the other.
"""

