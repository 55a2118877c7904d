"""Trains the small bundled model the README's quickstart inspects and predicts with.

It stands in for the campaign models until bidlab's synthetic world exports real training sets:
a binary "will this user re-engage" model over retargeting-style features, one of them a pandas
categorical, trained by the real LightGBM. Deterministic: rerunning rewrites identical files.

    scripts/python.sh training/make_quickstart_model.py [--out fixtures/models/quickstart]
"""
import argparse
import os

import lightgbm as lgb
import numpy as np
import pandas as pd

CATEGORIES = ["games", "shopping", "finance", "utilities", "social", "travel"]


def make_frame(rng: np.random.Generator, n: int) -> pd.DataFrame:
    sessions = rng.poisson(12, n).astype(np.float64)
    open_rate = np.clip(rng.normal(0.4, 0.2, n), 0, 1)
    days_since_open = rng.exponential(6, n)
    days_since_purchase = rng.exponential(40, n)
    installs_90d = rng.poisson(3, n).astype(np.float64)
    category = pd.Categorical(rng.choice(CATEGORIES, n), categories=CATEGORIES)
    # Missing values occur in logs (users with no purchase yet): keep some NaN.
    days_since_purchase[rng.random(n) < 0.15] = np.nan
    return pd.DataFrame({
        "sessions_30d": sessions,
        "app_open_rate": open_rate,
        "days_since_last_open": days_since_open,
        "days_since_last_purchase": days_since_purchase,
        "installs_90d": installs_90d,
        "app_category": category,
    })


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="fixtures/models/quickstart")
    args = ap.parse_args()
    rng = np.random.default_rng(20261129)
    X = make_frame(rng, 20000)
    recency = np.nan_to_num(X["days_since_last_purchase"].to_numpy(), nan=120.0)
    logit = (-2.0 + 0.06 * X["sessions_30d"] + 1.5 * X["app_open_rate"] - 0.15 * X["days_since_last_open"]
             - 0.01 * recency + 0.1 * X["installs_90d"] + np.where(X["app_category"] == "games", 0.6, 0.0))
    y = (rng.random(len(X)) < 1 / (1 + np.exp(-logit))).astype(int)
    params = {"objective": "binary", "num_leaves": 15, "learning_rate": 0.1, "min_data_in_leaf": 40,
              "num_threads": 1, "deterministic": True, "force_col_wise": True, "seed": 7, "verbose": -1}
    booster = lgb.train(params, lgb.Dataset(X, label=y), num_boost_round=40)
    os.makedirs(args.out, exist_ok=True)
    booster.save_model(os.path.join(args.out, "model.txt"))
    rows = make_frame(np.random.default_rng(7), 12)
    rows.to_csv(os.path.join(args.out, "rows.csv"), index=False)
    # LightGBM's own predictions, for the README's check that bidlab reproduces them.
    with open(os.path.join(args.out, "expected.txt"), "w") as f:
        f.writelines(f"{float(v)!r}\n" for v in booster.predict(rows))


if __name__ == "__main__":
    main()
