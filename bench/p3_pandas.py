"""P3, pandas' side: read_csv + describe (count, mean, std, min, quartiles, max, plus the
1/5/95/99th percentiles the mlnb profile has) + numpy histogram (20 bins) per column, best of N.

Usage: python bench/p3_pandas.py FILE.csv [rounds]   (prints JSON)
"""
import json
import sys
import time

import numpy as np
import pandas as pd

file = sys.argv[1]
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3


def profile():
    frame = pd.read_csv(file)
    stats = frame.describe(percentiles=[0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99])
    histograms = {
        name: np.histogram(frame[name].dropna().to_numpy(), bins=20) for name in frame.columns
    }
    return frame, stats, histograms


times = []
for _ in range(rounds):
    started = time.perf_counter()
    frame, stats, histograms = profile()
    times.append((time.perf_counter() - started) * 1000)

print(
    json.dumps(
        {
            "rows": len(frame),
            "columns": len(frame.columns),
            "ms": min(times),
            "allMs": times,
            "pandas": pd.__version__,
            "numpy": np.__version__,
            "meanOfFirstColumn": float(stats.iloc[1, 0]),
        }
    )
)
