"""P10, the competitor: the same queries with DuckDB's Python API over the same files, read in
place. First query of a fresh connection and best of N after it (import not timed).

Usage: python bench/p10_duckdb.py PARQUET CSV [rounds]   (prints JSON)
"""
import json
import sys
import time

import duckdb

parquet, csv = sys.argv[1], sys.argv[2]
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 5
QUERIES = {
    "groupBy": f"SELECT origin, count(*) AS flights, avg(delay) AS delay FROM read_parquet('{parquet}') GROUP BY origin ORDER BY flights DESC",
    "aggregate": f"SELECT count(*) AS n, avg(price) AS price, max(score) AS score FROM read_csv('{csv}')",
}

out = {}
connection = duckdb.connect()
for name, query in QUERIES.items():
    times = []
    for _ in range(rounds + 1):
        started = time.perf_counter()
        rows = connection.sql(query).fetchall()
        times.append((time.perf_counter() - started) * 1000)
    out[name] = {"firstMs": times[0], "ms": min(times[1:]), "allMs": times, "rows": len(rows)}
out["duckdb"] = duckdb.__version__
print(json.dumps(out))
