"""P2, MLflow's side: log_metric per call and log_batch throughput on a local SQLite tracking store.

Usage: python bench/p2_mlflow.py   (prints JSON)
"""
import json
import os
import statistics
import tempfile
import time

import mlflow
from mlflow.entities import Metric
from mlflow.tracking import MlflowClient

directory = tempfile.mkdtemp(prefix="mlnb-bench-mlflow-")
mlflow.set_tracking_uri(f"sqlite:///{os.path.join(directory, 'mlflow.db')}")
client = MlflowClient()
experiment = client.create_experiment("bench", artifact_location=os.path.join(directory, "artifacts"))
run = client.create_run(experiment)
run_id = run.info.run_id

client.log_metric(run_id, "warmup", 0)
single = []
for i in range(500):
    started = time.perf_counter()
    client.log_metric(run_id, "loss", float(i), step=i)
    single.append((time.perf_counter() - started) * 1e6)

# log_batch takes at most 1,000 metrics per call.
points = 0
started = time.perf_counter()
timestamp = int(time.time() * 1000)
for batch in range(100):
    metrics = [Metric(f"m{k % 20}", float(batch), timestamp, batch * 50 + k // 20) for k in range(1000)]
    client.log_batch(run_id, metrics=metrics)
    points += len(metrics)
seconds = time.perf_counter() - started
client.set_terminated(run_id)
print(json.dumps({"logMetricP50Us": statistics.median(single), "batchPointsPerSecond": points / seconds}))
