"""Trains the benchmark models and times native LightGBM predicting with one thread.

Writes into --dir (a cache outside the repository):
  rows.f64            float64 row-major inputs (ROWS x 50), shared by every model
  <name>/model.txt    the model (reused when present: training the 255-leaf model takes a while)
  <name>/expected.f64 LightGBM's transformed predictions for rows.f64
  native.json         rows/s of LightGBM's predict with num_threads=1, best of --repeat passes

    scripts/python.sh bench/make_bench_models.py --dir ~/.cache/bidlab/bench
"""
import argparse
import json
import os
import platform
import time

import lightgbm as lgb
import numpy as np

MODELS = {
    # name: (trees, leaves)
    "trees100-leaves31": (100, 31),
    "trees500-leaves31": (500, 31),
    "trees300-leaves255": (300, 255),
    # The same columns with the categorical ones treated as numbers: trees without categorical
    # splits, the case the interpreter evaluates branch-free.
    "trees500-leaves31-numerical": (500, 31),
}
COLUMNS = 50
CATEGORICAL = [45, 46, 47, 48, 49]


def make_data(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    X = rng.normal(size=(n, COLUMNS))
    for j, card in zip(CATEGORICAL, (8, 20, 40, 70, 120)):
        X[:, j] = rng.integers(0, card, n)
    # Missing values in a third of the numeric columns, as in logged bid requests.
    for j in range(0, 45, 3):
        X[rng.random(n) < 0.1, j] = np.nan
    score = (np.nan_to_num(X[:, 0]) * X[:, 1] + np.sin(X[:, 2] * 2) + (X[:, 45] % 3 == 0) * 1.5
             - 0.5 * np.nan_to_num(X[:, 3]) ** 2 + 0.3 * X[:, 4] * (X[:, 46] > 10) + X[:, 5:15].sum(axis=1) * 0.1)
    y = (rng.random(n) < 1 / (1 + np.exp(-score))).astype(np.float64)
    return X, y


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--rows", type=int, default=50000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    rng = np.random.default_rng(42)
    X_train, y_train = make_data(rng, 200000)
    X, _ = make_data(np.random.default_rng(43), args.rows)
    X = np.ascontiguousarray(X, dtype=np.float64)
    X.tofile(os.path.join(args.dir, "rows.f64"))
    results = {}
    for name, (trees, leaves) in MODELS.items():
        out = os.path.join(args.dir, name)
        os.makedirs(out, exist_ok=True)
        path = os.path.join(out, "model.txt")
        if not os.path.exists(path):
            params = {"objective": "binary", "num_leaves": leaves, "learning_rate": 0.05, "min_data_in_leaf": 20,
                      "max_bin": 255, "num_threads": 2, "verbose": -1, "seed": 1, "max_cat_to_onehot": 4}
            categorical = [] if name.endswith("-numerical") else CATEGORICAL
            ds = lgb.Dataset(X_train, label=y_train, categorical_feature=categorical)
            lgb.train(params, ds, num_boost_round=trees).save_model(path)
        booster = lgb.Booster(model_file=path)
        expected = booster.predict(X, num_threads=1)
        expected.astype(np.float64).tofile(os.path.join(out, "expected.f64"))
        best = float("inf")
        for _ in range(args.repeat):
            t = time.perf_counter()
            booster.predict(X, num_threads=1)
            best = min(best, time.perf_counter() - t)
        results[name] = {"trees": booster.num_trees(), "leaves": leaves, "rows": args.rows,
                         "nativeRowsPerSec": args.rows / best}
    with open(os.path.join(args.dir, "native.json"), "w") as f:
        json.dump({"lightgbm": lgb.__version__, "numpy": np.__version__, "python": platform.python_version(),
                   "columns": COLUMNS, "models": results}, f, indent=2)


if __name__ == "__main__":
    main()
