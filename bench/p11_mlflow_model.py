"""P11, MLflow's side: the same 4 -> 16 -> 3 network (relu, softmax) as an MLflow pyfunc model,
its weights read from the JSON the Node side wrote, saved for `mlflow models serve`.

Usage: python bench/p11_mlflow_model.py WEIGHTS.json OUT_DIR
"""
import json
import sys

import mlflow.pyfunc
import numpy as np
import pandas as pd


class DenseNet(mlflow.pyfunc.PythonModel):
    def load_context(self, context):
        with open(context.artifacts["weights"]) as f:
            w = json.load(f)
        self.layers = [(np.array(k, dtype=np.float32), np.array(b, dtype=np.float32)) for k, b in w["layers"]]

    def predict(self, context, model_input, params=None):
        x = np.asarray(model_input, dtype=np.float32)
        (k1, b1), (k2, b2) = self.layers
        h = np.maximum(x @ k1 + b1, 0)
        z = h @ k2 + b2
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return pd.DataFrame(e / e.sum(axis=1, keepdims=True))


weights, out = sys.argv[1], sys.argv[2]
mlflow.pyfunc.save_model(out, python_model=DenseNet(), artifacts={"weights": weights})
print(json.dumps({"saved": out}))
