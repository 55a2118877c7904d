#!/usr/bin/env python3
"""Random LightGBM models and prediction inputs with LightGBM's own predictions: a fuzzer for
`bidlab model predict`, which must reproduce them bit for bit on models it has never seen.

    scripts/python.sh training/fuzz_parity.py --out DIR [--seed S] [--count N] [--first K]

Every case DIR/case-XXX/ (XXX = K, K+1, ...) holds

- model.txt     saved by LightGBM after training on random data;
- the input     rows.csv, rows.ndjson, rows.arrow (IPC file), rows.arrows (IPC stream) or rows.dat
                (any format, named by --format);
- expected.txt  LightGBM's predictions in the format of fixtures/models/parity: one line per input
                row, values comma-separated, Python repr() for floats (nan, inf, -inf literally),
                integers for leaf indices, an empty line when no tree is used;
- reference.csv the float64 matrix LightGBM predicted on (model order, repr() cells; for pandas
                categorical features the category value, empty when missing), for debugging;
- case.json     {"args": CLI arguments after `bidlab model predict` (paths relative to the case
                folder), "raw", "leaf", "startIteration", "numIteration" (null: flag not passed),
                "format", "input", "ignore", "absent" (model features the input lacks),
                "rows", "width", "objective", "boosting", "params", "notes"}.

What is randomized (each case draws its own mix, seeded by (seed, case index) only):
objective (binary with a random sigmoid, multiclass and multiclassova with 3-5 classes, regression
incl. reg_sqrt, l1, huber, fair, quantile, mape, poisson, gamma, tweedie, cross_entropy,
cross_entropy_lambda, lambdarank and rank_xendcg with query groups, a Python callable objective),
boosting (gbdt, dart, rf with bagging), num_leaves 2-64, 1-60 rounds, linear trees, categorical
features (integer codes with categorical_feature=, or pandas categoricals with string, integer or
float categories), zero_as_missing and use_missing, NaN/±inf/-0.0/tiny/huge values in training and
prediction rows, rows that put every split's threshold and its neighbouring doubles (and every
category of a categorical split) in front of that split (make_parity_fixtures.probe_rows), default
(Column_i) or custom feature names, shuffled input columns, an ignored label and id column,
model features absent from the input (LightGBM sees NaN), float32 and int64 Arrow columns, the
spellings of missing and non-finite values per format, raw/leaf/transformed output and iteration
ranges (including out-of-range ones, with `--flag=value` and `--flag value`).

Reference predictions: a fresh lgb.Booster(model_file=...) on a C-contiguous float64 array, or, for
models trained on pandas categoricals, on a DataFrame whose categorical columns hold the values the
input holds (LightGBM maps them onto the training categories; unseen and missing become NaN).
Training is deterministic (one thread, deterministic=True), so a (seed, index) pair always makes
the same case.

KNOWN ISSUES: --known-issues also makes the inputs that bidlab once got wrong or refused (each case
notes which in case.json: "known issue: ..."): boolean categories from NDJSON/Arrow, categories
named "nan"/"inf" from NDJSON, ordered pandas categoricals and integer columns named in
categorical_feature= beside pandas categoricals, feature names with spaces, and the unnamed
to_csv() index column (--ignore ''). All are fixed; a 200-case run (seed 31) passes except where
the input itself is ambiguous: a CSV that writes a missing value as `nan` in a column one of whose
categories is named "nan" (bidlab reads the text as the category; pandas' read_csv would read it
as missing, and the in-memory reference had it missing). They stay off by default for that reason.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import shutil
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import lightgbm as lgb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.ipc as ipc

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_parity_fixtures as mpf  # noqa: E402  (probe rows, model reading, number formatting)

INF = math.inf
NAN = math.nan
DBL_MAX = sys.float_info.max
KZ = mpf.KZ

# Numbers dropped into random cells of prediction rows (numerical features).
SPECIALS = [
    NAN, INF, -INF, 0.0, -0.0, 1e-36, -1e-36, 1e-35, -1e-35, KZ, -KZ,
    float(np.nextafter(KZ, INF)), float(np.nextafter(-KZ, -INF)), float(np.nextafter(KZ, 0.0)),
    5e-324, -5e-324, 1e-300, DBL_MAX, -DBL_MAX, 1e300, -1e300, 1.0, -1.0, 0.5,
]
# Numbers dropped into random cells of integer-coded categorical features.
CAT_SPECIALS = [NAN, -1.0, -0.5, -0.0, 0.0, 0.5, 1.0, 2.7, 31.0, 32.0, 63.0, 64.0, 1000.0, 1e9,
                2.0**31 - 1, 2.0**31, 2.0**32 + 1, 1e300, INF, -INF, -(2.0**31)]

OBJECTIVES = [
    ("binary", 10), ("multiclass", 6), ("multiclassova", 4), ("regression", 6), ("reg_sqrt", 2),
    ("regression_l1", 2), ("huber", 2), ("fair", 2), ("quantile", 2), ("mape", 2), ("poisson", 3),
    ("gamma", 2), ("tweedie", 3), ("cross_entropy", 2), ("cross_entropy_lambda", 2),
    ("lambdarank", 3), ("rank_xendcg", 2), ("custom", 1), ("custom_multiclass", 1),
]
STRING_CATEGORIES = [
    "games", "shopping", "finance", "social", "travel", "news", "health fitness", "photo-video",
    "007", "7", "1.5", "NA", "None", "café", "a,b", 'say "hi"', " padded ", "x" * 30, "Ünïcode",
    "true", "-3", "0x1F", "1e3",
]
# Category names that NDJSON readers might take for non-finite numbers (--known-issues only).
NONFINITE_CATEGORIES = ["nan", "NaN", "inf", "-inf", "Infinity"]
UNSEEN_STRINGS = ["unseen-category", "GAMES", "games ", "8", "07", "zz"]
UNSEEN_NUMBERS = [999, -7, 12345678, 3]
FEATURE_NAME_POOL = [
    "sessions_30d", "app_open_rate", "days_since_open", "installs_90d", "ctr%7d", "user.age",
    "app/category#id", "geo-lat", "x(1)", "Zeta", "f_ü", "a+b", "score'", "time@open", "n=3",
    "tab_col", "9lives", "_hidden", "CamelCase", "very_long_feature_name_with_many_parts_0123456789",
]


def choose(rng: np.random.Generator, items: list):
    return items[int(rng.integers(len(items)))]


def weighted(rng: np.random.Generator, pairs: list[tuple[str, int]]) -> str:
    names, weights = zip(*pairs)
    p = np.array(weights, dtype=float)
    return names[int(rng.choice(len(names), p=p / p.sum()))]


# ---------------------------------------------------------------------------------------------
# Random training data.


@dataclass
class Feature:
    name: str
    # "numeric" | "cat-codes" (integer codes named in categorical_feature=) | "pandas-cat"
    kind: str
    gen: str = ""
    categories: list = field(default_factory=list)  # pandas-cat: the training categories
    ordered: bool = False


@dataclass
class Config:
    objective: str
    boosting: str
    params: dict
    rounds: int
    features: list[Feature]
    n_train: int
    pandas: bool
    num_class: int = 1
    notes: list[str] = field(default_factory=list)


def roll_config(rng: np.random.Generator, case_seed: int, known_issues: bool) -> Config:
    objective = weighted(rng, OBJECTIVES)
    boosting = weighted(rng, [("gbdt", 6), ("dart", 2), ("rf", 2)])
    linear = boosting != "rf" and rng.random() < 0.15
    nf = int(rng.integers(2, 9))
    cat_mode = weighted(rng, [("none", 5), ("codes", 3), ("pandas", 3)])
    notes: list[str] = []
    custom_names = cat_mode == "pandas" or rng.random() < 0.4
    names = ([str(n) for n in rng.permutation(FEATURE_NAME_POOL)[:nf]] if custom_names
             else [f"Column_{i}" for i in range(nf)])
    if known_issues and cat_mode == "pandas" and rng.random() < 0.3:
        # LightGBM writes "my feature" as my_feature; the DataFrame (and the input) keep the space.
        names[int(rng.integers(nf))] = "with space"
        notes.append("known issue: feature name with a space (LightGBM writes with_space)")
    features = []
    for i, name in enumerate(names):
        kind = "numeric"
        if cat_mode != "none" and (rng.random() < 0.4 or (i == nf - 1 and not any(f.kind != "numeric" for f in features))):
            kind = "cat-codes" if cat_mode == "codes" else "pandas-cat"
            if known_issues and kind == "pandas-cat" and rng.random() < 0.25:
                kind = "cat-codes"  # an int column named in categorical_feature= beside pandas categoricals
                notes.append(f"known issue: explicit categorical_feature {name!r} beside pandas categoricals")
        f = Feature(name, kind)
        if kind == "numeric":
            f.gen = weighted(rng, [("normal", 5), ("uniform", 2), ("exp", 2), ("counts", 2), ("wide", 0 if linear else 1),
                                   ("binary", 1), ("negative", 1), ("constant", 1), ("zeros", 1),
                                   ("bool", 1 if cat_mode == "pandas" else 0)])
        elif kind == "cat-codes":
            f.gen = str(int(rng.integers(2, 70)))
        else:
            f.gen = weighted(rng, [("str", 5), ("int", 3), ("float", 1), ("bool", 1 if known_issues else 0)])
            k = int(rng.integers(2, 12))
            if f.gen == "str":
                pool = STRING_CATEGORIES + (NONFINITE_CATEGORIES * 3 if known_issues else [])
                f.categories = list(dict.fromkeys(str(c) for c in rng.permutation(pool)[:k]))
                if set(f.categories) & set(NONFINITE_CATEGORIES):
                    notes.append(f"known issue: category named like a non-finite number in {name!r}")
            elif f.gen == "int":
                f.categories = sorted(int(c) for c in rng.choice(np.arange(-5, 400), k, replace=False))
            elif f.gen == "float":
                f.categories = sorted(float(c) for c in rng.choice(np.arange(0, 40) * 0.25, k, replace=False))
            else:
                f.categories = [False, True]
                notes.append(f"known issue: boolean categories in {name!r}")
            if known_issues and rng.random() < 0.15:
                f.ordered = True
                notes.append(f"known issue: ordered categorical {name!r}")
        features.append(f)

    num_leaves = int(rng.choice([2, 3, 4, 5, 6, 8, 12, 16, 31, 48, 64]))
    params: dict[str, Any] = {
        "num_threads": 1, "deterministic": True, "force_col_wise": True, "verbose": -1,
        "seed": case_seed, "num_leaves": num_leaves,
        "min_data_in_leaf": int(rng.choice([1, 2, 3, 5, 10, 20])),
        "learning_rate": float(rng.choice([0.05, 0.1, 0.3, 0.7, 1.0, 3.0, 60.0])),
        "boosting": boosting,
    }
    if rng.random() < 0.3:
        params["max_bin"] = int(rng.choice([3, 15, 63, 1023]))
    if rng.random() < 0.2:
        params["max_depth"] = int(rng.integers(1, 6))
    if rng.random() < 0.2:
        params["lambda_l2"] = float(rng.choice([0.1, 1.0, 10.0]))
    if rng.random() < 0.15:
        params["extra_trees"] = True
    if rng.random() < 0.15:
        params["zero_as_missing"] = True
    elif rng.random() < 0.12:
        params["use_missing"] = False
    if linear:
        params["linear_tree"] = True
        params["linear_lambda"] = float(rng.choice([0.0, 0.01, 1.0]))
    if any(f.kind != "numeric" for f in features):
        params.update({"min_data_per_group": int(rng.choice([1, 3, 10])), "cat_smooth": float(rng.choice([0.5, 1.0, 10.0])),
                       "max_cat_threshold": int(rng.choice([4, 32, 64])), "cat_l2": 1.0})
        if rng.random() < 0.3:
            params["max_cat_to_onehot"] = int(rng.choice([8, 64]))
    if boosting == "rf":
        params["bagging_fraction"] = float(rng.choice([0.5, 0.7, 0.9]))
        params["bagging_freq"] = 1
        if rng.random() < 0.5:
            params["feature_fraction"] = 0.8
    elif boosting == "dart":
        params.update({"drop_rate": float(rng.choice([0.1, 0.3, 0.6])), "skip_drop": float(rng.choice([0.0, 0.5]))})
    elif rng.random() < 0.2:
        params.update({"bagging_fraction": 0.8, "bagging_freq": 2})
    elif rng.random() < 0.1:
        params["data_sample_strategy"] = "goss"

    num_class = 1
    obj_params: dict[str, Any] = {"objective": objective}
    if objective in ("binary", "multiclassova") and rng.random() < 0.6:
        obj_params["sigmoid"] = float(f"{rng.uniform(0.5, 3.0):.6g}")
    if objective in ("multiclass", "multiclassova", "custom_multiclass"):
        num_class = int(rng.integers(3, 6))
        obj_params["num_class"] = num_class
    if objective == "reg_sqrt":
        obj_params = {"objective": "regression", "reg_sqrt": True}
    if objective in ("huber", "quantile"):
        obj_params["alpha"] = float(rng.choice([0.3, 0.5, 0.9, 1.5] if objective == "huber" else [0.1, 0.5, 0.8]))
    if objective == "fair":
        obj_params["fair_c"] = float(rng.choice([0.3, 1.0, 2.0]))
    if objective == "tweedie":
        obj_params["tweedie_variance_power"] = float(f"{rng.uniform(1.05, 1.95):.3g}")
    if objective == "poisson" and rng.random() < 0.3:
        obj_params["poisson_max_delta_step"] = 2.0
    params.update(obj_params)
    return Config(objective, boosting, params, int(rng.integers(1, 61)), features,
                  int(rng.integers(150, 501)), cat_mode == "pandas", num_class, notes)


def numeric_values(rng: np.random.Generator, gen: str, n: int, tame: bool) -> np.ndarray:
    """One numeric training column; `tame` (linear trees) leaves out the huge values that make
    LightGBM's leaf regressions NaN, which would leave nothing to compare."""
    if gen == "normal":
        x = rng.normal(rng.normal(0, 3), rng.choice([0.01, 1.0, 100.0]), n)
    elif gen == "uniform":
        x = rng.uniform(-1, 1, n) * rng.choice([1.0, 1e-30, 1e6])
    elif gen == "exp":
        x = rng.exponential(rng.choice([0.5, 10.0]), n)
    elif gen == "counts":
        x = rng.poisson(rng.choice([0.3, 3.0, 40.0]), n).astype(np.float64)
    elif gen == "wide":
        x = np.where(rng.random(n) < 0.5, -1.0, 1.0) * 10.0 ** rng.uniform(-40, 300, n)
    elif gen in ("binary", "bool"):
        return rng.integers(0, 2, n).astype(np.float64)
    elif gen == "negative":
        x = -rng.gamma(2.0, 1.0, n)
    elif gen == "constant":
        x = np.full(n, float(rng.choice([0.0, 1.0, -2.5])))
    else:  # zeros: mostly zero, the rest normal (zero_as_missing material)
        x = np.where(rng.random(n) < 0.5, 0.0, rng.normal(0, 1, n))
    # Specials in training: NaN, infinities, signed zeros, tiny and huge values.
    for value, p in ((NAN, rng.choice([0.0, 0.05, 0.2])), (INF, rng.choice([0.0, 0.02])), (-INF, rng.choice([0.0, 0.02])),
                     (-0.0, rng.choice([0.0, 0.03])), (1e-36, rng.choice([0.0, 0.02])), (-1e-35, rng.choice([0.0, 0.02])),
                     (KZ, rng.choice([0.0, 0.01])), (1e300, rng.choice([0.0, 0.01])), (-DBL_MAX, rng.choice([0.0, 0.01]))):
        if p > 0 and not (tame and (math.isinf(value) or abs(value) > 1e100)):
            x[rng.random(n) < p] = value
    return x


def signal(rng: np.random.Generator, x: np.ndarray) -> np.ndarray:
    """A bounded, nonlinear function of a numeric column (NaN and infinities included)."""
    with np.errstate(all="ignore"):
        finite = x[np.isfinite(x)]
        mid = float(np.median(finite)) if finite.size else 0.0
        spread = float(np.subtract(*np.percentile(finite, [75, 25]))) if finite.size else 1.0
        spread = spread if spread > 0 and math.isfinite(spread) else 1.0
        t = np.tanh((x - mid) / spread)
    t = np.where(np.isnan(t), rng.normal(), t)
    return t * rng.normal(0, 1.5) + (np.abs(t) > 0.5) * rng.normal(0, 1.0)


@dataclass
class Table:
    """Rows for training or prediction: numeric matrix (model order; categorical codes for
    cat-codes, NaN placeholders for pandas-cat) plus the values of pandas categorical columns."""
    X: np.ndarray
    cats: dict[int, list]  # feature index → category values (None = missing)


def make_rows(rng: np.random.Generator, cfg: Config, n: int, effects: Optional[dict] = None) -> Table:
    X = np.empty((n, len(cfg.features)))
    cats: dict[int, list] = {}
    for j, f in enumerate(cfg.features):
        if f.kind == "numeric":
            X[:, j] = numeric_values(rng, f.gen, n, bool(cfg.params.get("linear_tree")))
        elif f.kind == "cat-codes":
            k = int(f.gen)
            X[:, j] = rng.integers(0, k, n)
            X[rng.random(n) < 0.05, j] = NAN
            X[rng.random(n) < 0.02, j] = -1.0
        else:
            vals: list = [f.categories[int(i)] for i in rng.integers(0, len(f.categories), n)]
            for i in np.nonzero(rng.random(n) < 0.05)[0]:
                vals[int(i)] = None
            cats[j] = vals
            X[:, j] = NAN
    return Table(X, cats)


def features_matrix(rng: np.random.Generator, cfg: Config, t: Table) -> np.ndarray:
    """Per feature, a random bounded contribution (random effects per category)."""
    cols = []
    for j, f in enumerate(cfg.features):
        if f.kind == "numeric":
            cols.append(signal(rng, t.X[:, j]))
        elif f.kind == "cat-codes":
            eff = rng.normal(0, 1.5, int(f.gen) + 2)
            codes = np.nan_to_num(t.X[:, j], nan=-1.0).astype(int)
            cols.append(np.where(codes >= 0, eff[np.clip(codes, 0, len(eff) - 1)], eff[-1]))
        else:
            eff = {c: rng.normal(0, 1.5) for c in f.categories}
            missing = rng.normal()
            cols.append(np.array([missing if v is None else eff[v] for v in t.cats[j]]))
    return np.column_stack(cols)


def make_labels(rng: np.random.Generator, cfg: Config, F: np.ndarray) -> tuple[np.ndarray, Optional[list[int]]]:
    n = F.shape[0]
    z = F @ rng.normal(0, 1, F.shape[1])
    z = (z - z.mean()) / (z.std() + 1e-9) * rng.choice([0.5, 1.5, 3.0])
    noise = rng.normal(0, 1, n)
    obj = cfg.objective
    if obj in ("binary", "custom"):
        y = (rng.random(n) < 1 / (1 + np.exp(-z))).astype(np.float64)
        y[:2] = [0.0, 1.0]
        return y, None
    if obj in ("multiclass", "multiclassova", "custom_multiclass"):
        Z = F @ rng.normal(0, 1, (F.shape[1], cfg.num_class)) + rng.gumbel(0, 1, (n, cfg.num_class))
        y = np.argmax(Z, axis=1).astype(np.float64)
        y[:cfg.num_class] = np.arange(cfg.num_class)
        return y, None
    if obj in ("lambdarank", "rank_xendcg"):
        y = np.digitize(z + 0.5 * noise, np.quantile(z, [0.4, 0.7, 0.9])).astype(np.float64)
        groups, left = [], n
        while left > 0:
            g = min(left, int(rng.integers(3, 40)))
            groups.append(g)
            left -= g
        return y, groups
    if obj in ("cross_entropy", "cross_entropy_lambda"):
        p = 1 / (1 + np.exp(-z))
        return (p if rng.random() < 0.5 else (rng.random(n) < p).astype(np.float64)), None
    if obj == "poisson":
        return rng.poisson(np.exp(np.clip(z, -5, 5))).astype(np.float64), None
    if obj in ("gamma", "mape"):
        return np.exp(0.5 * z) * rng.gamma(5.0, 0.2, n) + 0.01, None
    if obj == "tweedie":
        return rng.poisson(np.exp(0.5 * z) * 0.8) * rng.gamma(2.0, 1.5, n), None
    return z * rng.choice([0.01, 1.0, 100.0]) + 0.3 * noise * rng.choice([0.0, 1.0]), None


def train_frame(cfg: Config, t: Table) -> pd.DataFrame:
    cols: dict[str, Any] = {}
    for j, f in enumerate(cfg.features):
        if f.kind == "pandas-cat":
            cols[f.name] = pd.Categorical(t.cats[j], categories=f.categories if f.ordered else None, ordered=f.ordered)
        elif f.gen == "bool" and not np.isnan(t.X[:, j]).any():
            cols[f.name] = t.X[:, j] == 1.0
        else:
            cols[f.name] = t.X[:, j]
    return pd.DataFrame(cols)


def custom_multiclass(num_class: int):
    def objective(preds: np.ndarray, ds: lgb.Dataset) -> tuple[np.ndarray, np.ndarray]:
        p = np.exp(preds - preds.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        onehot = np.eye(num_class)[ds.get_label().astype(int)]
        return p - onehot, 2.0 * p * (1.0 - p)
    return objective


def train(cfg: Config, t: Table, y: np.ndarray, groups: Optional[list[int]]) -> lgb.Booster:
    params = dict(cfg.params)
    if params["objective"] == "custom":
        params["objective"] = mpf.custom_objective
    if params["objective"] == "custom_multiclass":
        params["objective"] = custom_multiclass(cfg.num_class)
    if cfg.pandas:
        explicit = [f.name for f in cfg.features if f.kind == "cat-codes"]
        cat: Any = [f.name for f in cfg.features if f.kind == "cat-codes" or (f.kind == "pandas-cat" and not f.ordered)] if explicit else "auto"
        ds = lgb.Dataset(train_frame(cfg, t), y, group=groups, categorical_feature=cat, free_raw_data=False)
    else:
        cat = [j for j, f in enumerate(cfg.features) if f.kind == "cat-codes"]
        ds = lgb.Dataset(t.X, y, group=groups, feature_name=[f.name for f in cfg.features],
                         categorical_feature=cat or "auto", free_raw_data=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return lgb.train(params, ds, num_boost_round=cfg.rounds)


# ---------------------------------------------------------------------------------------------
# Prediction rows.


def prediction_rows(rng: np.random.Generator, cfg: Config, model: mpf.Model, booster: lgb.Booster) -> Table:
    pool = make_rows(rng, cfg, 160)
    if cfg.pandas:
        frame = train_frame(cfg, pool)
        codes = lgb.basic._data_from_pandas(frame, "auto", "auto", booster.pandas_categorical)[0]
        pool_codes = np.ascontiguousarray(codes, dtype=np.float64)
    else:
        pool_codes = pool.X
    # Thresholds and their neighbours, categories of every categorical split, linear leaves.
    probes = mpf.probe_rows(model, pool_codes, typical=int(rng.integers(10, 60)))
    n_typical = min(len(pool_codes), 60)
    budget = int(rng.integers(300, 2500))
    if len(probes) > budget:
        keep = np.sort(np.concatenate([np.arange(n_typical), rng.choice(np.arange(n_typical, len(probes)), budget - n_typical, replace=False)]))
        probes = probes[keep]
    # Random rows with specials sprinkled over random cells, several per row.
    extra = pool_codes[rng.integers(0, len(pool_codes), int(rng.integers(20, 200)))].copy()
    p = rng.choice([0.1, 0.3, 0.6])
    for r in range(len(extra)):
        for j, f in enumerate(cfg.features):
            if rng.random() < p:
                extra[r, j] = choose(rng, CAT_SPECIALS if f.kind == "cat-codes" else SPECIALS)
    X = np.vstack([probes, extra])
    X = X[rng.permutation(len(X))] if rng.random() < 0.5 else X
    cats: dict[int, list] = {}
    for j, f in enumerate(cfg.features):
        if f.kind != "pandas-cat":
            continue
        unseen = (UNSEEN_STRINGS if f.gen == "str" else [None] if f.gen == "bool"
                  else [u for u in UNSEEN_NUMBERS if u not in f.categories])
        vals = []
        for v in X[:, j]:
            if math.isnan(v):
                vals.append(None)
            elif float(v).is_integer() and 0 <= v < len(f.categories):
                vals.append(f.categories[int(v)])
            else:
                u = choose(rng, unseen)
                vals.append(float(u) if f.gen == "float" and u is not None else u)
        cats[j] = vals
        X[:, j] = NAN
    return Table(np.ascontiguousarray(X), cats)


# ---------------------------------------------------------------------------------------------
# Writing the input.


@dataclass
class Column:
    name: str
    feature: int  # model feature index, or -1 for label/id columns
    values: Any  # np.ndarray (float64) for numbers, list for categories / ids
    kind: str  # numeric | cat-codes | pandas-cat | label | id
    float32: bool = False
    int64: bool = False
    boolean: bool = False  # 0/1/NaN written as the format's booleans


def integral(x: np.ndarray) -> bool:
    finite = x[~np.isnan(x)]
    return bool(np.all(np.isfinite(finite)) and np.all(finite == np.round(finite)) and np.all(np.abs(finite) < 2.0**53)
                and not np.any(np.signbit(finite) & (finite == 0)))


def json_number(v: float, style: str, rng: np.random.Generator) -> Any:
    if math.isnan(v):
        return None if style == "null" else (v if style == "bare" else choose(rng, ["nan", "NaN", "-nan", "NAN"]))
    if math.isinf(v):
        if style == "bare":
            return v
        return choose(rng, ["inf", "Infinity", "+inf"]) if v > 0 else choose(rng, ["-inf", "-Infinity"])
    return v


def write_csv(path: Path, cols: list[Column], rng: np.random.Generator, notes: list[str], index: bool = False) -> None:
    data = {}
    for c in cols:
        if c.boolean:
            data[c.name] = pd.array([None if math.isnan(v) else v == 1.0 for v in c.values], dtype="boolean")
        elif c.kind == "pandas-cat":
            data[c.name] = pd.Categorical(c.values)
        elif c.kind == "id":
            data[c.name] = pd.array(c.values, dtype=object)
        elif c.int64:
            data[c.name] = pd.array([None if math.isnan(v) else int(v) for v in c.values], dtype="Int64")
        else:
            data[c.name] = c.values
    na_rep = weighted(rng, [("", 6), ("nan", 1), ("NaN", 1)])
    crlf = rng.random() < 0.15
    notes.append(f"csv na_rep={na_rep!r}{' CRLF' if crlf else ''}")
    text = pd.DataFrame(data).to_csv(index=index, na_rep=na_rep, lineterminator="\r\n" if crlf else "\n")
    path.write_text(text, encoding="utf-8", newline="")
    # Self-check: the numbers as written parse back to the very doubles LightGBM is given.
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        body = list(reader)
    if index:
        header = header[1:]
        body = [r[1:] for r in body]
    assert header == [c.name for c in cols], header
    for k, c in enumerate(cols):
        if c.kind in ("numeric", "cat-codes", "label"):
            back = np.array([NAN if r[k] in ("", na_rep) else float({"True": 1, "False": 0}.get(r[k], r[k])) for r in body])
            assert back.tobytes() == np.asarray(c.values, dtype=np.float64).tobytes() or \
                np.array_equal(back, c.values, equal_nan=True) and np.array_equal(np.signbit(back), np.signbit(c.values)), c.name


def write_ndjson(path: Path, cols: list[Column], rng: np.random.Generator, positional: bool, notes: list[str]) -> None:
    style = weighted(rng, [("bare", 3), ("string", 2), ("null", 2)])
    omit = not positional and rng.random() < 0.3
    notes.append(f"ndjson non-finite={style}{' positional' if positional else ''}{' omitted-nulls' if omit else ''}")
    n = len(cols[0].values)
    lines = []
    for r in range(n):
        rec: Any = [] if positional else {}
        for c in cols:
            v = c.values[r]
            if c.kind in ("pandas-cat", "id"):
                out = v
            elif c.boolean:
                out = None if math.isnan(v) else bool(v == 1.0)
            elif c.int64 and not math.isnan(v):
                out = int(v)
            else:
                out = json_number(float(v), style, rng)
            if positional:
                rec.append(out)
            elif not (omit and r > 0 and out is None):
                rec[c.name] = out
        lines.append(json.dumps(rec, ensure_ascii=bool(rng.random() < 0.5)))
    path.write_text("\n".join(lines) + ("\n" if rng.random() < 0.8 else ""), encoding="utf-8")


def write_arrow(path: Path, cols: list[Column], rng: np.random.Generator, stream: bool, notes: list[str]) -> None:
    from_pandas = bool(rng.random() < 0.5)
    arrays, names = [], []
    for c in cols:
        if c.boolean:
            arr = pa.array([None if math.isnan(v) else bool(v == 1.0) for v in c.values], type=pa.bool_())
        elif c.kind == "pandas-cat":
            arr = pa.array(pd.Categorical(c.values))
        elif c.kind == "id":
            arr = pa.array(c.values, type=pa.string())
        elif c.int64:
            arr = pa.array([None if math.isnan(v) else int(v) for v in c.values], type=pa.int64())
        elif c.float32:
            arr = pa.array(np.asarray(c.values, dtype=np.float32), from_pandas=from_pandas)
        else:
            arr = pa.array(np.asarray(c.values, dtype=np.float64), from_pandas=from_pandas)
        arrays.append(arr)
        names.append(c.name)
    table = pa.Table.from_arrays(arrays, names=names)
    chunk = int(rng.choice([7, 100, 1000, 100000]))
    notes.append(f"arrow {'stream' if stream else 'file'} batches of {chunk}, NaN {'as null' if from_pandas else 'as NaN'}")
    with pa.OSFile(str(path), "wb") as sink:
        writer = ipc.new_stream(sink, table.schema) if stream else ipc.new_file(sink, table.schema)
        with writer:
            for batch in table.to_batches(max_chunksize=chunk):
                writer.write_batch(batch)


# ---------------------------------------------------------------------------------------------
# One case.


def fmt_value(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return repr(v)
    return str(v)


def make_case(out: Path, seed: int, index: int, known_issues: bool = False) -> dict:
    rng = np.random.default_rng([seed, index])
    case_seed = int(rng.integers(1, 2**31 - 1))
    for attempt in range(8):
        cfg = roll_config(rng, case_seed + attempt, known_issues)
        train_rows = make_rows(rng, cfg, cfg.n_train)
        y, groups = make_labels(rng, cfg, features_matrix(rng, cfg, train_rows))
        try:
            booster = train(cfg, train_rows, y, groups)
            break
        except (lgb.basic.LightGBMError, ValueError) as e:
            cfg.notes.append(f"rerolled: {e}")
    else:
        raise SystemExit(f"fuzz_parity: case {index}: no trainable configuration in 8 attempts")
    d = out / f"case-{index:03d}"
    if d.exists():
        shutil.rmtree(d)
    d.mkdir(parents=True)
    booster.save_model(str(d / "model.txt"))
    model = mpf.parse_model(mpf.read_text(d / "model.txt"))
    names = model.feature_names
    assert names == [f.name.replace(" ", "_") for f in cfg.features], (names, [f.name for f in cfg.features])
    names = [f.name for f in cfg.features]  # the DataFrame's names: what a user's input holds
    rows = prediction_rows(rng, cfg, model, booster)
    n, nf = rows.X.shape
    notes = list(cfg.notes)

    # Input layout: format, absent features, float32 / int64 columns, label and id columns, order.
    fmt = weighted(rng, [("csv", 9), ("ndjson", 5), ("arrow-file", 3), ("arrow-stream", 3)])
    absent: list[int] = []
    if nf > 1 and rng.random() < 0.2:
        absent = sorted(int(j) for j in rng.choice(nf, int(rng.integers(1, min(3, nf - 1) + 1)), replace=False))
    X = rows.X.copy()
    cols: list[Column] = []
    for j, f in enumerate(cfg.features):
        if j in absent:
            X[:, j] = NAN
            if j in rows.cats:
                rows.cats[j] = [None] * n
            continue
        if f.kind == "pandas-cat":
            cols.append(Column(f.name, j, rows.cats[j], f.kind))
            continue
        c = Column(f.name, j, X[:, j], f.kind)
        if f.gen == "bool":
            # A boolean column holds only True, False and missing.
            X[:, j] = np.where(np.isnan(X[:, j]), NAN, np.where(X[:, j] == 1.0, 1.0, np.where(X[:, j] == 0.0, 0.0, rng.integers(0, 2, n))))
            c.values = X[:, j]
            c.boolean = True
        elif fmt.startswith("arrow") and rng.random() < 0.25:
            if f.kind == "cat-codes" and integral(X[:, j]):
                c.int64 = True
            else:
                with np.errstate(over="ignore"):
                    X[:, j] = X[:, j].astype(np.float32).astype(np.float64)
                c.values = X[:, j]
                c.float32 = True
        elif f.kind == "cat-codes" and fmt != "arrow-file" and integral(X[:, j]) and rng.random() < 0.5:
            c.int64 = True
        cols.append(c)
    ignore: list[str] = []
    if rng.random() < 0.4:
        label = choose(rng, [nm for nm in ("label", "y", "target", "clicked") if nm not in names])
        cols.insert(int(rng.integers(0, len(cols) + 1)), Column(label, -1, rng.normal(0, 1, n).round(3), "label"))
        ignore.append(label)
    if rng.random() < 0.2:
        cols.insert(int(rng.integers(0, len(cols) + 1)), Column("row_id", -1, [f"u{int(i):06d}" for i in rng.integers(0, 10**6, n)], "id"))
        ignore.append("row_id")
    with_index = known_issues and fmt == "csv" and rng.random() < 0.2
    if with_index:
        ignore.insert(0, "")  # pandas' to_csv() writes the index as a first column named ""
        notes.append("known issue: unnamed index column from to_csv(), --ignore ''")
    for c in cols:
        if c.float32 or c.int64 or c.boolean:
            notes.append(f"{c.name!r} written as {'float32' if c.float32 else 'int64' if c.int64 else 'booleans'}")
    shuffled = rng.random() < 0.5
    if shuffled:
        cols = [cols[int(k)] for k in rng.permutation(len(cols))]
    positional = (fmt == "ndjson" and not shuffled and not ignore and not absent and rng.random() < 0.3
                  and not any(" " in f.name for f in cfg.features))

    flag_format = rng.random() < 0.15
    ext = {"csv": "csv", "ndjson": choose(rng, ["ndjson", "jsonl"]), "arrow-file": choose(rng, ["arrow", "feather"]),
           "arrow-stream": "arrows"}[fmt]
    input_name = "rows.dat" if flag_format else f"rows.{ext}"
    path = d / input_name
    if fmt == "csv":
        write_csv(path, cols, rng, notes, with_index)
    elif fmt == "ndjson":
        write_ndjson(path, cols, rng, positional, notes)
    else:
        write_arrow(path, cols, rng, fmt == "arrow-stream", notes)

    # Options.
    kind = weighted(rng, [("transformed", 5), ("raw", 3), ("leaf", 2)])
    raw, leaf = kind == "raw", kind == "leaf"
    iters = booster.current_iteration()
    start: Optional[int] = None
    num: Optional[int] = None
    if rng.random() < 0.35:
        start = int(rng.choice([-2, 0, 1, max(iters - 1, 0), iters, iters + 3, int(rng.integers(0, iters + 1))]))
    if rng.random() < 0.35:
        num = int(rng.choice([-1, 0, 1, 2, iters, iters + 5, int(rng.integers(1, iters + 2))]))

    # Reference: LightGBM on float64 (or the DataFrame LightGBM converts to float64).
    if cfg.pandas:
        frame_cols = {}
        for j, f in enumerate(cfg.features):
            frame_cols[f.name] = pd.Categorical(rows.cats[j]) if f.kind == "pandas-cat" else X[:, j]
        frame = pd.DataFrame(frame_cols)
        converted = lgb.basic._data_from_pandas(frame, "auto", "auto", booster.pandas_categorical)[0]
        assert converted.dtype == np.float64, converted.dtype
        ref_input: Any = frame
    else:
        ref_input = np.ascontiguousarray(X, dtype=np.float64)
    reference = lgb.Booster(model_file=str(d / "model.txt"))
    preds = np.asarray(reference.predict(ref_input, raw_score=raw, pred_leaf=leaf,
                                         start_iteration=0 if start is None else start,
                                         num_iteration=-1 if num is None else num))
    if preds.ndim == 1:
        preds = preds.reshape(-1, 1)
    if preds.shape[0] != n:
        preds = preds.reshape(n, -1)
    (d / "expected.txt").write_text("".join(mpf.fmt_row(p, leaf) + "\n" for p in preds))
    ref_text = io.StringIO()
    ref_text.write(",".join(names) + "\n")
    for r in range(n):
        ref_text.write(",".join(fmt_value(rows.cats[j][r]) if j in rows.cats else repr(float(X[r, j])) for j in range(nf)) + "\n")
    (d / "reference.csv").write_text(ref_text.getvalue())

    def flag(name: str, value: int) -> list[str]:
        return [f"--{name}={value}"] if rng.random() < 0.5 else [f"--{name}", str(value)]

    args = ["--model", "model.txt", "--input", input_name]
    if flag_format:
        args += ["--format", fmt.split("-")[0]]
    if raw:
        args.append("--raw")
    if leaf:
        args.append("--leaf")
    if start is not None:
        args += flag("start-iteration", start)
    if num is not None:
        args += flag("num-iteration", num)
    if ignore:
        joined = "" not in ignore and rng.random() < 0.5
        args += ["--ignore", ",".join(ignore)] if joined else [a for nm in ignore for a in ("--ignore", nm)]
    doc = {
        "case": d.name, "seed": seed, "index": index, "args": args,
        "raw": raw, "leaf": leaf, "startIteration": start, "numIteration": num,
        "format": fmt, "input": input_name, "ignore": ignore, "absent": [names[j] for j in absent],
        "rows": n, "width": int(preds.shape[1]), "objective": cfg.objective, "boosting": cfg.boosting,
        "trees": booster.num_trees(), "iterations": iters,
        "features": [{"name": f.name, "kind": f.kind, "gen": f.gen} for f in cfg.features],
        "params": {k: (v if not callable(v) else "custom") for k, v in cfg.params.items()},
        "notes": notes + [f"columns {'shuffled' if shuffled else 'in model order'}"],
    }
    (d / "case.json").write_text(json.dumps(doc, indent=2) + "\n")
    return doc


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, required=True, help="folder for the case-XXX folders")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=40)
    ap.add_argument("--first", type=int, default=0, help="index of the first case (to remake one case: --first K --count 1)")
    ap.add_argument("--known-issues", action="store_true",
                    help="also make cases bidlab is known to fail (see KNOWN ISSUES in fuzz_parity.py)")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    started = time.monotonic()
    args.out.mkdir(parents=True, exist_ok=True)
    for index in range(args.first, args.first + args.count):
        t = time.monotonic()
        doc = make_case(args.out, args.seed, index, args.known_issues)
        if args.verbose:
            print(f"{doc['case']}: {doc['objective']}/{doc['boosting']}, {doc['trees']} trees, {doc['rows']} rows, "
                  f"{doc['format']}, {' '.join(doc['args'][4:])} ({time.monotonic() - t:.2f} s)", file=sys.stderr)
    if args.verbose:
        print(f"fuzz_parity: {args.count} cases in {time.monotonic() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
