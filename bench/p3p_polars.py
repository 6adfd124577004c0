"""P3p (and P3's polars), the competitors' side: profile flights-3m.parquet (or an Arrow or CSV file) with polars and pandas — the
statistics mlnb's profile holds: count, missing, distinct, min, max, mean, std, the 1/5/25/50/75/
95/99th percentiles, top 10 values of text columns, 20-bin histograms of numeric and datetime
columns (numpy's edges). Best of N rounds in this process (imports not timed).

Usage: python bench/p3p_polars.py FILE.parquet|FILE.arrow|FILE.csv [rounds]   (prints JSON)
"""
import json
import sys
import time

import numpy as np
import pandas as pd
import polars as pl

file = sys.argv[1]
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
PERCENTILES = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99]


def with_polars():
    frame = pl.read_ipc(file) if file.endswith(".arrow") else pl.read_csv(file) if file.endswith(".csv") else pl.read_parquet(file)
    stats = frame.describe(percentiles=PERCENTILES, interpolation="linear")
    distinct = frame.select(pl.all().n_unique())
    out = {}
    for name, dtype in frame.schema.items():
        column = frame[name].drop_nulls()
        if dtype.is_numeric() or dtype.is_temporal():
            values = column.cast(pl.Int64).to_numpy() if dtype.is_temporal() else column.to_numpy()
            out[name] = np.histogram(values, bins=20)
        else:
            out[name] = column.value_counts(sort=True).head(20)
    return frame.height, stats, distinct, out


def with_pandas():
    frame = pd.read_feather(file) if file.endswith(".arrow") else pd.read_csv(file) if file.endswith(".csv") else pd.read_parquet(file)
    stats = frame.describe(percentiles=PERCENTILES, include="all")
    distinct = frame.nunique()
    out = {}
    for name in frame.columns:
        column = frame[name].dropna()
        if pd.api.types.is_numeric_dtype(column) or pd.api.types.is_datetime64_any_dtype(column):
            values = column.astype("int64").to_numpy() if pd.api.types.is_datetime64_any_dtype(column) else column.to_numpy()
            out[name] = (np.histogram(values, bins=20), column.std())
        else:
            out[name] = column.value_counts().head(20)
    return len(frame), stats, distinct, out


def best(profile):
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        rows = profile()[0]
        times.append((time.perf_counter() - started) * 1000)
    return rows, min(times), times


rows, polars_ms, polars_all = best(with_polars)
_, pandas_ms, pandas_all = best(with_pandas)
print(
    json.dumps(
        {
            "rows": rows,
            "polarsMs": polars_ms,
            "polarsAllMs": polars_all,
            "pandasMs": pandas_ms,
            "pandasAllMs": pandas_all,
            "polars": pl.__version__,
            "pandas": pd.__version__,
        }
    )
)
