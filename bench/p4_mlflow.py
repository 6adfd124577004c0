"""P4, MLflow's side: search_runs over the same N runs × 20 metric series in a local SQLite
tracking store. The store is created by MLflow itself; the runs go in through SQLite directly
(logging 100k runs through MLflow's API would take most of an hour).

Usage: python bench/p4_mlflow.py [runs] [rounds]   (prints JSON)
"""
import json
import os
import multiprocessing
import sqlite3
import sys
import tempfile
import time

from mlflow.tracking import MlflowClient

count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 20
# A query still running after this long counts as this long (ordering 100k runs by a metric
# did not finish in 12 minutes on our 2-core machine).
LIMIT_SECONDS = int(os.environ.get("MLNB_BENCH_MLFLOW_LIMIT", "60"))
POINTS = 2
here = os.path.dirname(os.path.abspath(__file__))
queries = json.load(open(os.path.join(here, "p4-queries.json")))

directory = tempfile.mkdtemp(prefix="mlnb-bench-p4-mlflow-")
db_file = os.path.join(directory, "mlflow.db")
client = MlflowClient(tracking_uri=f"sqlite:///{db_file}")
experiment_id = client.create_experiment("p4", artifact_location=os.path.join(directory, "artifacts"))


def lcg(seed):
    x = seed
    while True:
        x = (x * 1103515245 + 12345) % 2147483648
        yield x / 2147483648


started = time.time()
db = sqlite3.connect(db_file)
random = lcg(42)
lrs = [0.001, 0.003, 0.01, 0.03, 0.1]
runs, metrics, latest, params, tags = [], [], [], [], []
for i in range(count):
    run_id = format(i, "032x")
    start = 1_700_000_000_000 + i * 1000
    runs.append((run_id, f"run-{i}", "LOCAL", "", "", "bench", "FINISHED", start, start + 60_000, None, "", "active", "", experiment_id))
    for m in range(20):
        key = "val_acc" if m == 0 else f"metric_{m}"
        values = [next(random) for _ in range(POINTS)]
        for step, value in enumerate(values):
            metrics.append((key, value, start + step, run_id, step, 0))
        latest.append((key, values[-1], start, POINTS - 1, 0, run_id))
    for name, value in (("lr", lrs[i % 5]), ("epochs", 10 + i % 7), ("optimizer", "adam" if i % 2 else "sgd")):
        params.append((name, str(value), run_id))
    for key, value in (("team", ["fraud", "search", "ads"][i % 3]), ("stage", "dev" if i % 10 else "prod"), ("mlflow.runName", f"run-{i}")):
        tags.append((key, value, run_id))
with db:
    db.executemany(
        "INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id, status, start_time, end_time,"
        " deleted_time, source_version, lifecycle_stage, artifact_uri, experiment_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        runs,
    )
    db.executemany("INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES (?,?,?,?,?,?)", metrics)
    db.executemany("INSERT INTO latest_metrics (key, value, timestamp, step, is_nan, run_uuid) VALUES (?,?,?,?,?,?)", latest)
    db.executemany("INSERT INTO params (key, value, run_uuid) VALUES (?,?,?)", params)
    db.executemany("INSERT INTO tags (key, value, run_uuid) VALUES (?,?,?)", tags)
db.close()
generated = time.time() - started



def timed_query(query, out):
    """One search_runs in its own process, so one that runs too long can be stopped."""
    child = MlflowClient(tracking_uri=f"sqlite:///{db_file}")
    started_at = time.perf_counter()
    page = child.search_runs(
        [experiment_id], filter_string=query["mlflow_filter"], order_by=query["mlflow_order_by"] or None, max_results=50
    )
    out.put(((time.perf_counter() - started_at) * 1000, len(page)))


times, per_query, timed_out = [], {}, []
results = multiprocessing.Queue()
for r in range(rounds):
    for q in queries:
        if q["name"] in timed_out:
            ms = LIMIT_SECONDS * 1000.0
        else:
            worker = multiprocessing.Process(target=timed_query, args=(q, results))
            worker.start()
            worker.join(LIMIT_SECONDS)
            if worker.is_alive():
                worker.terminate()
                worker.join()
                ms = LIMIT_SECONDS * 1000.0
                timed_out.append(q["name"])
            else:
                ms, found = results.get()
                if not found:
                    raise SystemExit(f"query {q['name']} found nothing")
        if r > 0 or rounds == 1:
            times.append(ms)
            per_query.setdefault(q["name"], []).append(ms)


def p95(xs):
    return sorted(xs)[int(len(xs) * 0.95)]


print(
    json.dumps(
        {
            "p95Ms": p95(times),
            "perQueryP95Ms": {k: p95(v) for k, v in per_query.items()},
            "timedOut": timed_out,
            "limitSeconds": LIMIT_SECONDS,
            "generateSeconds": generated,
        }
    )
)
