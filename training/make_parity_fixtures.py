#!/usr/bin/env python3
"""Trains small LightGBM models that together reach every branch of LightGBM's prediction code,
and writes LightGBM's own predictions for rows chosen to sit on the edges of those branches.

The TypeScript predictor (src/model/) is tested against these files bit for bit. The format is
described in the README.md this script writes next to the fixtures. Run it with
scripts/python.sh training/make_parity_fixtures.py [--out DIR]; scripts/check-parity-fixtures.sh
proves that the committed fixtures are what this script makes.

Everything is deterministic: fixed seeds, one thread, LightGBM's deterministic mode, and rows and
numbers written with Python's repr(). Running the script twice gives byte-identical files.
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
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

import lightgbm as lgb
import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "fixtures" / "models" / "parity"

INF = math.inf
NAN = math.nan
DBL_MAX = sys.float_info.max
# LightGBM's kZeroThreshold: the float 1e-35f widened to double.
KZ = float(np.float32(1e-35))

BASE_PARAMS = {
    "num_threads": 1,
    "deterministic": True,
    "force_col_wise": True,
    "verbose": -1,
    "seed": 20240607,
}

# Numbers every numerical feature is probed with (on two base rows each).
NUM_SPECIALS = [
    NAN, 0.0, -0.0, 1e-36, -1e-36, 1e-35, -1e-35, KZ, -KZ,
    float(np.nextafter(KZ, INF)), float(np.nextafter(-KZ, -INF)), 5e-324, -5e-324,
    INF, -INF, DBL_MAX, -DBL_MAX, 1.0, -1.0,
]
# Numbers every feature used in a categorical split is probed with (on two base rows each).
CAT_SPECIALS = [
    NAN, -1.0, -0.5, -0.0, 0.0, 1e-36, 0.5, 2.7, 31.0, float(np.nextafter(32.0, 0.0)), 32.0, 33.0,
    37.0, 40.0, 45.0, 200.0, 1e9, 2.0**31 - 1, 2.0**31, 2.0**32 + 3, 2.0**32 + 31, -(2.0**32) + 3,
    1e300, INF, -INF,
]
ITERATION_CASES = [(2, 3), (0, 1), (1, 1000), (1000, -1), (-2, 2), (0, 0)]


# ---------------------------------------------------------------------------------------------
# A minimal reading of model.txt: enough to choose probe rows and to check coverage. The reference
# predictions never depend on it; they come from LightGBM.


@dataclass
class Tree:
    num_leaves: int
    split_feature: list[int]
    threshold: list[float]
    decision_type: list[int]
    left: list[int]
    right: list[int]
    cat_boundaries: list[int]
    cat_threshold: list[int]
    is_linear: bool
    leaf_features: list[list[int]]


@dataclass
class Model:
    header: dict[str, str]
    trees: list[Tree]
    parameters: dict[str, str]
    pandas_categorical: object
    feature_names: list[str]


def read_text(p: Path) -> str:
    """The file's text with its line endings as they are (CRLF stays CRLF)."""
    with open(p, newline="") as f:
        return f.read()


def _ints(s: str) -> list[int]:
    return [int(t) for t in s.split()]


def _floats(s: str) -> list[float]:
    return [float(t) for t in s.split()]


def parse_model(text: str) -> Model:
    lines = text.replace("\r\n", "\n").split("\n")
    header: dict[str, str] = {}
    blocks: list[dict[str, str]] = []
    parameters: dict[str, str] = {}
    pandas_categorical: object = None
    section = "header"
    for line in lines:
        if line.startswith("Tree="):
            section = "tree"
            blocks.append({})
            continue
        if line == "end of trees":
            section = "trailer"
            continue
        if line == "parameters:":
            section = "parameters"
            continue
        if line == "end of parameters":
            section = "trailer"
            continue
        if line.startswith("pandas_categorical:"):
            pandas_categorical = json.loads(line[len("pandas_categorical:"):])
            continue
        if section == "header":
            key, _, value = line.partition("=")
            if key:
                header[key] = value
        elif section == "tree" and "=" in line:
            key, _, value = line.partition("=")
            blocks[-1][key] = value
        elif section == "parameters" and line.startswith("["):
            key, _, value = line[1:-1].partition(": ")
            parameters[key] = value
    trees = []
    for b in blocks:
        n = int(b["num_leaves"])
        is_linear = b.get("is_linear", "0") == "1"
        leaf_features: list[list[int]] = [[] for _ in range(n)]
        if is_linear:
            counts = _ints(b["num_features"])
            tokens = _ints(b["leaf_features"])
            pos = 0
            for leaf, c in enumerate(counts):
                leaf_features[leaf] = tokens[pos:pos + c]
                pos += c
        trees.append(Tree(
            num_leaves=n,
            split_feature=_ints(b["split_feature"]),
            threshold=_floats(b["threshold"]),
            decision_type=_ints(b.get("decision_type", "")) or [0] * (n - 1),
            left=_ints(b["left_child"]),
            right=_ints(b["right_child"]),
            cat_boundaries=_ints(b.get("cat_boundaries", "")),
            cat_threshold=_ints(b.get("cat_threshold", "")),
            is_linear=is_linear,
            leaf_features=leaf_features,
        ))
    return Model(header, trees, parameters, pandas_categorical, header["feature_names"].split(" "))


def cat_set(tree: Tree, node: int) -> list[int]:
    """Categories that go left at a categorical node."""
    t = int(tree.threshold[node])
    words = tree.cat_threshold[tree.cat_boundaries[t]:tree.cat_boundaries[t + 1]]
    return [w * 32 + b for w, word in enumerate(words) for b in range(32) if word >> b & 1]


def _child(tree: Tree, node: int, x: np.ndarray) -> int:
    v = float(x[tree.split_feature[node]])
    dt = tree.decision_type[node]
    if dt & 1:
        # LightGBM truncates toward zero (so -0.5 is category 0); values outside int32 go right.
        if math.isnan(v) or v <= -1.0 or v >= 2.0**31:
            return tree.right[node]
        return tree.left[node] if int(v) in cat_set(tree, node) else tree.right[node]
    missing = (dt >> 2) & 3
    if math.isnan(v) and missing != 2:
        v = 0.0
    if (missing == 1 and abs(v) <= KZ) or (missing == 2 and math.isnan(v)):
        return tree.left[node] if dt & 2 else tree.right[node]
    return tree.left[node] if v <= tree.threshold[node] else tree.right[node]


def path(tree: Tree, x: np.ndarray) -> tuple[list[int], int]:
    """Internal nodes visited and the leaf reached (only to pick rows that reach a node)."""
    if tree.num_leaves == 1:
        return [], 0
    nodes, node = [], 0
    while node >= 0:
        nodes.append(node)
        node = _child(tree, node, x)
    return nodes, ~node


# ---------------------------------------------------------------------------------------------
# Probe rows.


def probe_rows(model: Model, pool: np.ndarray, typical: int = 30) -> np.ndarray:
    """Typical rows, then rows that put special values, thresholds and their neighbours, and
    categories in front of every split, each on a row that reaches that split."""
    nfeat = len(model.feature_names)
    rows: list[np.ndarray] = [pool[i].copy() for i in range(min(typical, len(pool)))]
    paths = [[path(t, x) for x in pool] for t in model.trees]

    def reaching_node(ti: int, node: int) -> np.ndarray:
        for i, (nodes, _) in enumerate(paths[ti]):
            if node in nodes:
                return pool[i]
        return pool[0]

    def reaching_leaf(ti: int, leaf: int) -> np.ndarray:
        for i, (_, lf) in enumerate(paths[ti]):
            if lf == leaf:
                return pool[i]
        return pool[0]

    def put(base: np.ndarray, values: dict[int, float]) -> None:
        r = base.copy()
        for f, v in values.items():
            r[f] = v
        rows.append(r)

    cat_features = sorted({t.split_feature[n] for t in model.trees for n in range(t.num_leaves - 1)
                           if t.decision_type[n] & 1})
    for v in NUM_SPECIALS:
        rows.append(np.full(nfeat, v))
    for f in range(nfeat):
        specials = NUM_SPECIALS + (CAT_SPECIALS if f in cat_features else [])
        for base in pool[:2]:
            for v in specials:
                put(base, {f: v})
    for ti, tree in enumerate(model.trees):
        for node in range(tree.num_leaves - 1):
            f, dt, th = tree.split_feature[node], tree.decision_type[node], tree.threshold[node]
            base = reaching_node(ti, node)
            if dt & 1:
                left = cat_set(tree, node)
                right = [c for c in range(len(tree.cat_threshold) * 32 + 2) if c not in left][:3]
                values = [float(c) for c in left + right]
                values += [left[0] + 0.75, float(np.nextafter(left[-1] + 1, 0)), 2.0**32 + left[0],
                           2.0**31 + left[-1], -left[0] - 0.5, NAN, -1.0, -0.5, -0.0, 1e9, 2.0**31, INF, -INF]
                values += [float((tree.cat_boundaries[int(th) + 1] - tree.cat_boundaries[int(th)]) * 32)]
            else:
                with np.errstate(over="ignore"):
                    values = [th, float(np.nextafter(th, -INF)), float(np.nextafter(th, INF)), NAN]
                if (dt >> 2) & 3 == 1:
                    values += [0.0, -0.0, KZ, -KZ, float(np.nextafter(KZ, INF)), 1e-36]
            for v in values:
                put(base, {f: v})
        if tree.is_linear:
            for leaf, feats in enumerate(tree.leaf_features):
                if not feats:
                    continue
                base = reaching_leaf(ti, leaf)
                put(base, {})
                for f in feats:
                    for v in (NAN, INF, -INF, 0.0):
                        put(base, {f: v})
                put(base, {f: NAN for f in feats})
    unique: dict[bytes, np.ndarray] = {}
    for r in rows:
        unique.setdefault(r.astype(np.float64).tobytes(), r)
    return np.ascontiguousarray(np.array(list(unique.values())), dtype=np.float64)


# ---------------------------------------------------------------------------------------------
# The models.


@dataclass
class Data:
    X: np.ndarray
    y: np.ndarray
    group: Optional[list[int]] = None


@dataclass
class Spec:
    name: str
    description: str
    params: dict
    make: Callable[[np.random.Generator, int], Data]
    rounds: int = 6
    n_train: int = 400
    categorical: list[int] = field(default_factory=list)
    feature_names: Optional[list[str]] = None
    iteration_cases: bool = False


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def make_nan_binary(rng: np.random.Generator, n: int) -> Data:
    X = rng.normal(size=(n, 5))
    X[:, 3] = -rng.gamma(2.0, 1.0, size=n)  # negative values only: negative thresholds
    nan0 = rng.random(n) < 0.2
    nan1 = rng.random(n) < 0.2
    ninf = rng.random(n) < 0.15
    X[nan0, 0] = NAN
    X[nan1, 1] = NAN
    X[ninf, 4] = -INF
    z = 1.5 * np.nan_to_num(X[:, 0], nan=2.0) - 1.5 * np.nan_to_num(X[:, 1], nan=-2.0)
    # -inf is positive, the lowest finite values negative: the split between them has threshold
    # (-inf + x) / 2 rounded up, -DBL_MAX.
    z += X[:, 2] + 0.8 * (X[:, 3] + 2.0) + 10.0 * ninf - 4.0 * (~ninf & (X[:, 4] < -1.0)) - 1.0
    y = (rng.random(n) < _sigmoid(z)).astype(np.float64)
    return Data(X, y)


def make_zero_binary(rng: np.random.Generator, n: int) -> Data:
    X = rng.normal(size=(n, 4))
    zero0 = rng.random(n) < 0.25
    zero1 = rng.random(n) < 0.25
    X[zero0, 0] = 0.0
    X[zero1, 1] = 0.0
    X[rng.random(n) < 0.05, 2] = NAN
    X[rng.random(n) < 0.1, 3] = 0.0
    z = np.where(zero0, 2.5, 1.2 * X[:, 0]) + np.where(zero1, -2.5, X[:, 1]) + X[:, 2] - 0.2
    y = (rng.random(n) < _sigmoid(z)).astype(np.float64)
    return Data(X, y)


def make_regression(rng: np.random.Generator, n: int, noise: float = 0.3) -> Data:
    X = rng.normal(size=(n, 4))
    X[rng.random(n) < 0.1, 1] = NAN
    y = 2.0 * X[:, 0] + np.where(np.isnan(X[:, 1]), 1.0, np.sin(2 * np.nan_to_num(X[:, 1])))
    y = y + (X[:, 2] > 0.5) * 1.5 + noise * rng.normal(size=n)
    return Data(X, y)


def make_wide_range_regression(rng: np.random.Generator, n: int) -> Data:
    d = make_regression(rng, n)
    # Magnitudes from 1e-40 to 1e300, both signs: thresholds near zero, ±kZ, and huge ones.
    mag = 10.0 ** rng.uniform(-40, 300, size=n)
    d.X[:, 3] = np.where(rng.random(n) < 0.5, -mag, mag)
    d.y = d.y + np.sign(d.X[:, 3]) * (1.0 + (np.abs(d.X[:, 3]) > 1e100))
    return d


def make_positive(rng: np.random.Generator, n: int) -> Data:
    d = make_regression(rng, n)
    d.y = np.exp(0.4 * d.y) + 0.05
    return d


def make_counts(rng: np.random.Generator, n: int) -> Data:
    d = make_regression(rng, n)
    d.y = rng.poisson(np.exp(0.5 * d.y)).astype(np.float64)
    return d


def make_fraction(rng: np.random.Generator, n: int) -> Data:
    d = make_regression(rng, n)
    d.y = np.clip(_sigmoid(d.y) + 0.1 * rng.normal(size=n), 0.0, 1.0)
    return d


def make_multiclass(k: int) -> Callable[[np.random.Generator, int], Data]:
    def make(rng: np.random.Generator, n: int) -> Data:
        # Class 0 is separable: once it is learned, its trees have nothing left to split (num_leaves=1)
        # while the noisy classes go on.
        X = rng.normal(size=(n, 4))
        X[rng.random(n) < 0.1, 2] = NAN
        scores = np.column_stack([X[:, 1] + np.nan_to_num(X[:, 2], nan=1.0), 0.7 * X[:, 3], -X[:, 1]][:k - 1])
        scores = scores + rng.normal(size=scores.shape)
        y = np.where(X[:, 0] < -0.8, 0, 1 + np.argmax(scores, axis=1))
        return Data(X, y.astype(np.float64))
    return make


def make_noisy_binary(rng: np.random.Generator, n: int) -> Data:
    X = rng.normal(size=(n, 3))
    return Data(X, (rng.random(n) < _sigmoid(3.0 * X[:, 0])).astype(np.float64))


def make_separable_binary(rng: np.random.Generator, n: int) -> Data:
    X = rng.normal(size=(n, 3))
    return Data(X, (X[:, 0] + 0.3 * X[:, 1] > 0).astype(np.float64))


def make_separable_multiclass(rng: np.random.Generator, n: int) -> Data:
    X = rng.normal(size=(n, 3))
    y = np.where(X[:, 0] < -0.4, 0, np.where(X[:, 0] < 0.4, 1, 2))
    return Data(X, y.astype(np.float64))


def make_categorical(rng: np.random.Generator, n: int) -> Data:
    X = np.empty((n, 4))
    cats = np.array([c for c in range(41) if c != 37])  # 37 never occurs in training
    X[:, 0] = rng.choice(cats, n)
    X[:, 1] = rng.choice(cats, n)
    X[:, 2] = rng.integers(0, 3, n)  # three categories: one-vs-rest splits
    X[:, 3] = rng.normal(size=n)
    X[rng.random(n) < 0.05, 0] = NAN
    X[rng.random(n) < 0.03, 1] = -1.0  # negative categories are missing for LightGBM
    good0 = np.isin(X[:, 0], [1, 5, 12, 31, 33, 38])
    good1 = np.isin(X[:, 1], [0, 7, 31, 34, 39, 40])
    z = 2.5 * good0 - 2.0 * good1 + 1.2 * (X[:, 2] == 1) + 0.5 * X[:, 3] - 0.3
    y = (rng.random(n) < _sigmoid(z)).astype(np.float64)
    return Data(X, y)


def make_categorical_regression(rng: np.random.Generator, n: int) -> Data:
    d = make_categorical(rng, n)
    d.y = (np.isin(d.X[:, 0], [3, 31, 35]) * 3.0 + np.isin(d.X[:, 1], [33, 36]) * 2.0
           + d.X[:, 3] + 0.2 * rng.normal(size=n))
    return d


def make_linear(rng: np.random.Generator, n: int) -> Data:
    X = rng.normal(size=(n, 4))
    X[:, 3] = rng.integers(0, 5, n)
    X[rng.random(n) < 0.1, 1] = NAN
    y = 2.0 * X[:, 0] + np.abs(np.nan_to_num(X[:, 1])) - X[:, 2] * (X[:, 0] > 0)
    # Category 2 is flat: its branch ends in a leaf reached through a categorical split only,
    # a linear leaf without regressors.
    y = np.where(X[:, 3] == 2, 8.0, y)
    return Data(X, y + 0.1 * rng.normal(size=n))


def make_linear_binary(rng: np.random.Generator, n: int) -> Data:
    d = make_linear(rng, n)
    d.y = (rng.random(n) < _sigmoid(np.where(d.X[:, 3] == 2, 0.0, d.y) - 0.5)).astype(np.float64)
    return d


def make_ranking(rng: np.random.Generator, n: int) -> Data:
    X = rng.normal(size=(n, 4))
    X[rng.random(n) < 0.05, 3] = NAN
    rel = X[:, 0] + 0.5 * X[:, 1] + 0.3 * rng.normal(size=n)
    y = np.digitize(rel, [-0.5, 0.5, 1.5]).astype(np.float64)
    size = 20
    return Data(X, y, [size] * (n // size) + ([n % size] if n % size else []))


def make_constant(rng: np.random.Generator, n: int) -> Data:
    return Data(rng.normal(size=(n, 3)), np.full(n, 3.25))


SPECS: list[Spec] = [
    Spec("binary-nan-missing",
         "binary; NaN in training: missing type NaN with default left and right, missing type None "
         "on a NaN-free feature, negative-only feature, a feature with -inf values (threshold -DBL_MAX)",
         {"objective": "binary", "num_leaves": 6, "min_data_in_leaf": 5, "learning_rate": 0.3},
         make_nan_binary, rounds=8, iteration_cases=True),
    Spec("binary-zero-missing",
         "binary with zero_as_missing=True (missing type Zero, default left and right) and "
         "sigmoid 1.20009, whose LightGBM Atof parse differs from a correctly rounded parse",
         {"objective": "binary", "zero_as_missing": True, "sigmoid": 1.20009, "num_leaves": 6,
          "min_data_in_leaf": 5, "learning_rate": 0.3},
         make_zero_binary, rounds=6),
    Spec("regression-no-missing",
         "regression (l2) with use_missing=False: NaN in training and prediction is read as 0",
         {"objective": "regression", "use_missing": False, "num_leaves": 6, "min_data_in_leaf": 5},
         make_regression, rounds=5),
    Spec("regression-l2",
         "regression (l2); feature names with unusual characters; a feature whose magnitudes span "
         "1e-40..1e300 (thresholds at ±kZeroThreshold and huge)",
         {"objective": "regression", "num_leaves": 8, "min_data_in_leaf": 5},
         make_wide_range_regression, rounds=5,
         feature_names=["user.age", "ctr%7d", "app/category#id", "wide_range(x)"]),
    Spec("regression-sqrt", "regression with reg_sqrt=True: output sign(r)*r^2",
         {"objective": "regression", "reg_sqrt": True, "num_leaves": 6, "min_data_in_leaf": 5},
         make_regression, rounds=5),
    Spec("regression-l1", "regression_l1",
         {"objective": "regression_l1", "num_leaves": 6, "min_data_in_leaf": 5}, make_regression),
    Spec("huber", "huber", {"objective": "huber", "alpha": 1.5, "num_leaves": 6, "min_data_in_leaf": 5},
         make_regression),
    Spec("fair", "fair", {"objective": "fair", "fair_c": 0.7, "num_leaves": 6, "min_data_in_leaf": 5},
         make_regression),
    Spec("quantile", "quantile, alpha 0.8",
         {"objective": "quantile", "alpha": 0.8, "num_leaves": 6, "min_data_in_leaf": 5}, make_regression),
    Spec("mape", "mape", {"objective": "mape", "num_leaves": 6, "min_data_in_leaf": 5}, make_positive),
    Spec("poisson", "poisson: exp transform",
         {"objective": "poisson", "num_leaves": 6, "min_data_in_leaf": 5}, make_counts),
    Spec("poisson-overflow",
         "poisson with a huge learning rate: raw scores in the thousands, so exp overflows to inf, "
         "beside finite huge ones",
         {"objective": "poisson", "num_leaves": 4, "min_data_in_leaf": 5, "learning_rate": 900.0},
         make_counts, rounds=2),
    Spec("gamma", "gamma: exp transform",
         {"objective": "gamma", "num_leaves": 6, "min_data_in_leaf": 5}, make_positive),
    Spec("tweedie", "tweedie (variance power 1.3): exp transform",
         {"objective": "tweedie", "tweedie_variance_power": 1.3, "num_leaves": 6, "min_data_in_leaf": 5},
         make_counts),
    Spec("xentropy", "cross_entropy with fractional labels: sigmoid with sigma 1",
         {"objective": "cross_entropy", "num_leaves": 6, "min_data_in_leaf": 5}, make_fraction),
    Spec("xentlambda", "cross_entropy_lambda: log1p(exp(r))",
         {"objective": "cross_entropy_lambda", "num_leaves": 6, "min_data_in_leaf": 5}, make_fraction),
    Spec("multiclass",
         "multiclass with 4 classes: softmax, class order; class 0 is separable, so some of its later "
         "trees have num_leaves=1 between split trees",
         {"objective": "multiclass", "num_class": 4, "num_leaves": 4, "min_data_in_leaf": 5,
          "learning_rate": 2.0, "min_gain_to_split": 1.0},
         make_multiclass(4), rounds=6, iteration_cases=True),
    Spec("multiclass-large-raw",
         "multiclass with 3 classes and a huge learning rate: |raw| > 709, softmax with max subtraction",
         {"objective": "multiclass", "num_class": 3, "num_leaves": 4, "min_data_in_leaf": 5,
          "learning_rate": 400.0},
         make_separable_multiclass, rounds=3),
    Spec("multiclassova", "multiclassova with 3 classes and sigmoid 1.70002 (Atof differs)",
         {"objective": "multiclassova", "num_class": 3, "sigmoid": 1.70002, "num_leaves": 5,
          "min_data_in_leaf": 5},
         make_multiclass(3), rounds=4),
    Spec("binary-large-raw",
         "binary with a huge learning rate: leaf values of hundreds, some beyond ±709 (exp overflow "
         "in the sigmoid), some not (results near 0 and 1 that are not exactly 0 or 1)",
         {"objective": "binary", "num_leaves": 6, "min_data_in_leaf": 5, "learning_rate": 500.0},
         make_noisy_binary, rounds=3, iteration_cases=True),
    Spec("lambdarank", "lambdarank with query groups of 20: identity output",
         {"objective": "lambdarank", "num_leaves": 6, "min_data_in_leaf": 5}, make_ranking),
    Spec("rank-xendcg", "rank_xendcg with query groups of 20: identity output",
         {"objective": "rank_xendcg", "num_leaves": 6, "min_data_in_leaf": 5}, make_ranking),
    Spec("custom-objective",
         "trained with a Python callable objective: no objective= line, [objective: custom]; identity",
         {"objective": "custom", "num_leaves": 6, "min_data_in_leaf": 5}, make_separable_binary, rounds=4),
    Spec("random-forest",
         "boosting=rf with bagging (binary): average_output, transformed output divides by the "
         "iterations used",
         {"objective": "binary", "boosting": "rf", "bagging_fraction": 0.7, "bagging_freq": 1,
          "feature_fraction": 0.8, "num_leaves": 6, "min_data_in_leaf": 5},
         make_nan_binary, rounds=5, iteration_cases=True),
    Spec("dart", "boosting=dart (binary, sigmoid 0.73519)",
         {"objective": "binary", "boosting": "dart", "drop_rate": 0.3, "skip_drop": 0.0, "sigmoid": 0.73519,
          "num_leaves": 6, "min_data_in_leaf": 5, "learning_rate": 0.3},
         make_nan_binary, rounds=6),
    Spec("categorical-bitset",
         "binary with categorical features (categorical_feature on numpy data), categories 0..40 "
         "(37 unseen): multi-word cat_threshold, bit 31 set, a 3-category feature (one-vs-rest), NaN "
         "and negative categories in training",
         {"objective": "binary", "num_leaves": 8, "min_data_in_leaf": 3, "min_data_per_group": 5,
          "cat_smooth": 1.0, "cat_l2": 1.0, "max_cat_threshold": 32, "learning_rate": 0.3},
         make_categorical, rounds=5, categorical=[0, 1, 2]),
    Spec("categorical-onehot",
         "regression with max_cat_to_onehot=64: one-vs-rest categorical splits on a 40-category feature",
         {"objective": "regression", "num_leaves": 6, "min_data_in_leaf": 3, "min_data_per_group": 5,
          "max_cat_to_onehot": 64, "cat_smooth": 1.0},
         make_categorical_regression, rounds=5, categorical=[0, 1, 2]),
    Spec("linear-tree",
         "regression with linear_tree=True: leaf_const/leaf_coeff, NaN regressors fall back to "
         "leaf_value, leaves without features (first tree, categorical-only paths)",
         {"objective": "regression", "linear_tree": True, "linear_lambda": 0.01, "num_leaves": 6,
          "min_data_in_leaf": 10, "min_data_per_group": 10, "cat_smooth": 1.0},
         make_linear, rounds=4, categorical=[3]),
    Spec("linear-tree-binary", "binary with linear_tree=True",
         {"objective": "binary", "linear_tree": True, "num_leaves": 5, "min_data_in_leaf": 10,
          "learning_rate": 0.3},
         make_linear_binary, rounds=4),
    Spec("single-leaf",
         "constant label: the only tree has num_leaves=1 (empty node arrays, leaf_value only)",
         {"objective": "regression", "num_leaves": 6}, make_constant, rounds=3),
]


def custom_objective(preds: np.ndarray, ds: lgb.Dataset) -> tuple[np.ndarray, np.ndarray]:
    p = 1.0 / (1.0 + np.exp(-preds))
    return p - ds.get_label(), p * (1.0 - p)


def train(spec: Spec, data: Data) -> lgb.Booster:
    params = {**BASE_PARAMS, **spec.params}
    if params["objective"] == "custom":
        params["objective"] = custom_objective
    ds = lgb.Dataset(
        data.X, data.y, group=data.group,
        feature_name=spec.feature_names or "auto",
        categorical_feature=spec.categorical or "auto",
        free_raw_data=False,
    )
    return lgb.train(params, ds, num_boost_round=spec.rounds)


# ---------------------------------------------------------------------------------------------
# The pandas model: string and integer categories, read back from rows.csv as a user would.

PANDAS_APPS = ["finance", "games", "health fitness", "news", "photo-video", "shopping", "social", "travel"]
PANDAS_COUNTRIES = [7, 33, 44, 81, 91, 250, 380]
PANDAS_UNSEEN_APP = "unseen-category"
PANDAS_UNSEEN_COUNTRY = 999


def make_pandas(rng: np.random.Generator, n: int) -> tuple[pd.DataFrame, np.ndarray]:
    app = rng.choice(PANDAS_APPS, n)
    country = rng.choice(PANDAS_COUNTRIES, n)
    sessions = rng.gamma(2.0, 3.0, n)
    days = rng.exponential(10.0, n)
    days[rng.random(n) < 0.1] = NAN
    missing_app = rng.random(n) < 0.05
    z = (np.isin(app, ["games", "shopping", "travel"]) * 2.0 - np.isin(country, [44, 250]) * 1.5
         + 0.2 * sessions - 0.05 * np.nan_to_num(days, nan=30.0) - 0.5)
    y = (rng.random(n) < _sigmoid(z)).astype(np.float64)
    df = pd.DataFrame({
        "sessions_30d": sessions,
        "app_category": pd.Categorical(np.where(missing_app, None, app)),
        "days_since_open": days,
        "country_code": pd.Categorical(country),
    })
    return df, y


def pandas_fixture(out: Path, verbose: bool) -> dict:
    name = "pandas-categorical"
    df, y = make_pandas(rng_for(name, 1), 500)
    params = {**BASE_PARAMS, "objective": "binary", "num_leaves": 6, "min_data_in_leaf": 5,
              "min_data_per_group": 5, "cat_smooth": 1.0, "learning_rate": 0.3}
    booster = lgb.train(params, lgb.Dataset(df, y, free_raw_data=False), num_boost_round=5)
    d = out / name
    d.mkdir(parents=True)
    booster.save_model(str(d / "model.txt"))
    model = parse_model(read_text(d / "model.txt"))
    cats = model.pandas_categorical
    names = model.feature_names
    cat_cols = ["app_category", "country_code"]
    # Probe rows as codes (what LightGBM sees), then written as category values.
    pool_df, _ = make_pandas(rng_for(name, 2), 400)
    pool = lgb.basic._data_from_pandas(pool_df, "auto", "auto", cats)[0]
    assert pool.dtype == np.float64, pool.dtype
    codes = probe_rows(model, pool)
    UNSEEN = -7.0
    extra = []
    for col in cat_cols:
        j = names.index(col)
        for base in pool[:3]:
            for v in [NAN, UNSEEN] + [float(c) for c in range(len(cats[cat_cols.index(col)]))]:
                r = base.copy()
                r[j] = v
                extra.append(r)
    codes = np.vstack([codes, np.array(extra)])

    def cell(j: int, v: float) -> str:
        col = names[j]
        if col not in cat_cols:
            return repr(float(v))
        values = cats[cat_cols.index(col)]
        if math.isnan(v):
            return ""
        if v in range(len(values)):
            return str(values[int(v)])
        # Any other number (UNSEEN, or a probe value that is no code) stands for an unseen value.
        return PANDAS_UNSEEN_APP if col == "app_category" else str(PANDAS_UNSEEN_COUNTRY)

    lines, seen = [], set()
    for r in codes:
        line = ",".join(cell(j, v) for j, v in enumerate(r))
        if line not in seen:
            seen.add(line)
            lines.append(line)
    (d / "rows.csv").write_text(",".join(names) + "\n" + "\n".join(lines) + "\n")
    frame = read_pandas_rows(d / "rows.csv", cat_cols)
    # LightGBM predicts on what its pandas conversion yields: it must be float64, not float32.
    converted = lgb.basic._data_from_pandas(frame, "auto", "auto", cats)[0]
    assert converted.dtype == np.float64, converted.dtype
    return write_cases(d, name, "binary trained on a pandas DataFrame with a string categorical column "
                       "(with missing values) and an integer-valued categorical column: pandas_categorical "
                       "line; rows.csv holds category values, an empty cell for missing and unseen values",
                       frame, False, verbose, extra_json={"categoricalColumns": cat_cols})


def read_pandas_rows(path: Path, cat_cols: list[str]) -> pd.DataFrame:
    """Reads rows.csv as a user of the pandas model would: numbers as float64, categorical columns
    as pandas categoricals of their own values (LightGBM maps them onto the training categories)."""
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        body = list(reader)
    columns = {}
    for j, col in enumerate(header):
        cells = [r[j] for r in body]
        if col == "country_code":
            columns[col] = pd.Categorical([int(c) if c else None for c in cells])
        elif col in cat_cols:
            columns[col] = pd.Categorical([c if c else None for c in cells])
        else:
            columns[col] = np.array([float(c) for c in cells], dtype=np.float64)
    return pd.DataFrame(columns)


# ---------------------------------------------------------------------------------------------
# Writing.


def fmt_row(values: np.ndarray, leaf: bool) -> str:
    if leaf:
        return ",".join(str(int(v)) for v in values)
    return ",".join(repr(float(v)) for v in values)


def write_cases(d: Path, name: str, description: str, X, iteration_cases: bool, verbose: bool,
                extra_json: Optional[dict] = None) -> dict:
    booster = lgb.Booster(model_file=str(d / "model.txt"))
    if isinstance(X, np.ndarray):
        X = np.ascontiguousarray(X, dtype=np.float64)
    num_class = int(parse_model(read_text(d / "model.txt")).header["num_class"])
    combos = [(0, -1)] + (ITERATION_CASES if iteration_cases else [])
    cases = []
    for start, num in combos:
        suffix = "" if (start, num) == (0, -1) else f"-start{start}-num{num}"
        for kind, raw, leaf in (("raw", True, False), ("transformed", False, False), ("leaf", False, True)):
            case = f"{kind}{suffix}"
            preds = booster.predict(X, raw_score=raw, pred_leaf=leaf, start_iteration=start, num_iteration=num)
            preds = np.asarray(preds)
            if preds.ndim == 1:
                preds = preds.reshape(-1, 1)
            text = "".join(fmt_row(p, leaf) + "\n" for p in preds)
            (d / f"{case}.txt").write_text(text)
            cases.append({"name": case,
                          "options": {"raw": raw, "leaf": leaf, "startIteration": start, "numIteration": num},
                          "file": f"{case}.txt"})
    doc = {"model": name, "description": description, "features": booster.feature_name(),
           "numClass": num_class, **(extra_json or {}), "cases": cases}
    (d / "expected.json").write_text(json.dumps(doc, indent=2) + "\n")
    if verbose:
        n = X.shape[0]
        print(f"{name}: {booster.num_trees()} trees, {n} rows", file=sys.stderr)
    return doc


def write_rows(d: Path, names: list[str], X: np.ndarray) -> None:
    buf = io.StringIO()
    buf.write(",".join(names) + "\n")
    for r in X:
        buf.write(fmt_row(r, False) + "\n")
    (d / "rows.csv").write_text(buf.getvalue())


def rng_for(name: str, stream: int) -> np.random.Generator:
    """Seeded by the fixture's name, so adding or reordering fixtures changes no other one."""
    return np.random.default_rng([zlib.crc32(name.encode()), stream])


def numpy_fixture(out: Path, spec: Spec, verbose: bool) -> dict:
    data = spec.make(rng_for(spec.name, 1), spec.n_train)
    booster = train(spec, data)
    d = out / spec.name
    d.mkdir(parents=True)
    booster.save_model(str(d / "model.txt"))
    return finish_numpy_fixture(d, spec.name, spec.description, spec, verbose)


def finish_numpy_fixture(d: Path, name: str, description: str, spec: Spec, verbose: bool) -> dict:
    model = parse_model(read_text(d / "model.txt"))
    pool = spec.make(rng_for(spec.name, 2), 400).X
    X = probe_rows(model, pool)
    write_rows(d, model.feature_names, X)
    return write_cases(d, name, description, X, spec.iteration_cases, verbose)


def retree_sizes(text: str) -> str:
    """Recomputes tree_sizes= after an edit (bytes from 'Tree=i' to the next tree or 'end of trees')."""
    starts = [i for i in range(len(text)) if text.startswith("Tree=", i) and (i == 0 or text[i - 1] == "\n")]
    end = text.index("end of trees")
    sizes = [len(text[a:b].encode()) for a, b in zip(starts, starts[1:] + [end])]
    lines = text.split("\n")
    return "\n".join(("tree_sizes=" + " ".join(map(str, sizes))) if l.startswith("tree_sizes=") else l
                     for l in lines)


def derived_fixtures(out: Path, verbose: bool) -> list[dict]:
    docs = []
    by_name = {s.name: s for s in SPECS}

    # CRLF line endings and no tree_sizes line: LightGBM reads the trees sequentially.
    spec = by_name["categorical-bitset"]
    src = read_text(out / spec.name / "model.txt")
    text = "".join(l for l in src.splitlines(keepends=True) if not l.startswith("tree_sizes="))
    d = out / "crlf-no-tree-sizes"
    d.mkdir(parents=True)
    (d / "model.txt").write_bytes(text.replace("\n", "\r\n").encode())
    docs.append(finish_numpy_fixture(
        d, "crlf-no-tree-sizes",
        "categorical-bitset's model.txt with CRLF line endings and the tree_sizes= line removed "
        "(LightGBM loads it; predictions are from the loaded file)", spec, verbose))

    # inf/-inf thresholds: training puts data with ±inf into the neighbouring finite bins, so no
    # trained model has them; real files can. Edited into a trained model, predicted by LightGBM.
    spec = by_name["binary-nan-missing"]
    src = read_text(out / spec.name / "model.txt")
    lines = src.split("\n")
    edits = {0: "inf", 1: "-inf"}
    tree_no = -1
    for k, line in enumerate(lines):
        if line.startswith("Tree="):
            tree_no = int(line[5:])
        if line.startswith("threshold=") and tree_no in (0, 1):
            ths = line[len("threshold="):].split(" ")
            dts = next(l for l in lines[k:] if l.startswith("decision_type=")).split("=")[1].split(" ")
            # Tree 0: the first node with missing type NaN goes to +inf; tree 1: the first
            # node with missing type None goes to -inf.
            want = 2 if tree_no == 0 else 0
            for j, dt in enumerate(dts):
                if (int(dt) >> 2) & 3 == want and not int(dt) & 1:
                    ths[j] = edits[tree_no]
                    break
            else:
                ths[0] = edits[tree_no]
            lines[k] = "threshold=" + " ".join(ths)
    d = out / "inf-thresholds"
    d.mkdir(parents=True)
    (d / "model.txt").write_text(retree_sizes("\n".join(lines)))
    docs.append(finish_numpy_fixture(
        d, "inf-thresholds",
        "binary-nan-missing's model.txt with one threshold edited to inf (tree 0) and one to -inf "
        "(tree 1), tree_sizes recomputed (LightGBM loads it; predictions are from the loaded file)",
        spec, verbose))
    return docs


# ---------------------------------------------------------------------------------------------
# Coverage: fail loudly if a change of data or parameters loses a branch.


def atof(s: str) -> float:
    """LightGBM's Common::Atof for plain decimals (integer part plus fraction / 10^n)."""
    def pow10(power: int, base: float = 10.0) -> float:
        if power == 0:
            return 1.0
        if power % 2 == 0:
            return pow10(power // 2, base * base)
        if power % 3 == 0:
            return pow10(power // 3, base * base * base)
        return base * pow10(power - 1, base)
    int_part, _, frac = s.partition(".")
    v = 0.0
    for c in int_part:
        v = v * 10.0 + int(c)
    if frac:
        r = 0.0
        for c in frac:
            r = int(c) + r * 10.0
        v += r / pow10(len(frac))
    return v


# What each fixture is there for; the run fails when a change of data or parameters loses one.
EXPECTED_FACTS: dict[str, list[str]] = {
    "binary-nan-missing": ["objective binary", "numerical missing=NaN default_left=0",
                           "numerical missing=NaN default_left=1", "numerical missing=None default_left=1",
                           "threshold ±DBL_MAX"],
    "binary-zero-missing": ["objective binary", "numerical missing=Zero default_left=0",
                            "numerical missing=Zero default_left=1", "sigmoid whose Atof parse differs"],
    "regression-no-missing": ["objective regression", "numerical missing=None default_left=1"],
    "regression-l2": ["objective regression", "threshold beyond ±1e100", "threshold ±kZeroThreshold"],
    "regression-sqrt": ["objective regression"],
    "regression-l1": ["objective regression_l1"],
    "huber": ["objective huber"],
    "fair": ["objective fair"],
    "quantile": ["objective quantile"],
    "mape": ["objective mape"],
    "poisson": ["objective poisson"],
    "poisson-overflow": ["objective poisson", "|raw| > 709 (poisson)"],
    "gamma": ["objective gamma"],
    "tweedie": ["objective tweedie"],
    "xentropy": ["objective cross_entropy"],
    "xentlambda": ["objective cross_entropy_lambda"],
    "multiclass": ["objective multiclass", "tree with num_leaves=1 among split trees"],
    "multiclass-large-raw": ["objective multiclass", "|raw| > 709 (multiclass)"],
    "multiclassova": ["objective multiclassova", "sigmoid whose Atof parse differs"],
    "binary-large-raw": ["objective binary", "|raw| > 709 (binary)"],
    "lambdarank": ["objective lambdarank"],
    "rank-xendcg": ["objective rank_xendcg"],
    "custom-objective": ["objective (none)"],
    "random-forest": ["objective binary", "average_output"],
    "dart": ["objective binary"],
    "categorical-bitset": ["categorical split with >1 bitset word", "categorical bitset with bit 31 set",
                           "one-category (one-vs-rest) split", "many-category split"],
    "categorical-onehot": ["one-category (one-vs-rest) split", "categorical split with >1 bitset word"],
    "linear-tree": ["linear leaf with features", "linear leaf without features beside leaves with"],
    "linear-tree-binary": ["objective binary", "linear leaf with features"],
    "single-leaf": ["tree with num_leaves=1"],
    "pandas-categorical": ["pandas_categorical", "many-category split"],
    "crlf-no-tree-sizes": ["CRLF", "no tree_sizes", "categorical split with >1 bitset word"],
    "inf-thresholds": ["threshold inf", "threshold -inf"],
}


def coverage(out: Path, docs: list[dict]) -> list[str]:
    facts: dict[str, list[str]] = {}

    def saw(what: str, where: str) -> None:
        facts.setdefault(what, [])
        if where not in facts[what]:
            facts[what].append(where)

    for doc in docs:
        name = doc["model"]
        text = read_text(out / name / "model.txt")
        model = parse_model(text)
        objective = model.header.get("objective")
        saw(f"objective {objective.split(' ')[0] if objective else '(none)'}", name)
        if objective:
            for tok in objective.split(" ")[1:]:
                if tok.startswith("sigmoid:") and atof(tok[8:]) != float(tok[8:]):
                    saw("sigmoid whose Atof parse differs", name)
        if "average_output" in model.header:
            saw("average_output", name)
        if model.pandas_categorical:
            saw("pandas_categorical", name)
        if "\r\n" in text:
            saw("CRLF", name)
        if "tree_sizes" not in model.header:
            saw("no tree_sizes", name)
        for tree in model.trees:
            if tree.num_leaves == 1:
                saw("tree with num_leaves=1", name)
                if any(t.num_leaves > 1 for t in model.trees):
                    saw("tree with num_leaves=1 among split trees", name)
            for node in range(tree.num_leaves - 1):
                dt, th = tree.decision_type[node], tree.threshold[node]
                if dt & 1:
                    t = int(th)
                    words = tree.cat_threshold[tree.cat_boundaries[t]:tree.cat_boundaries[t + 1]]
                    if len(words) > 1:
                        saw("categorical split with >1 bitset word", name)
                    if any(w >> 31 & 1 for w in words):
                        saw("categorical bitset with bit 31 set", name)
                    if len(cat_set(tree, node)) == 1:
                        saw("one-category (one-vs-rest) split", name)
                    if len(cat_set(tree, node)) > 1:
                        saw("many-category split", name)
                else:
                    saw(f"numerical missing={['None', 'Zero', 'NaN'][(dt >> 2) & 3]} default_left={(dt >> 1) & 1}", name)
                    if math.isinf(th):
                        saw(f"threshold {th}", name)
                    elif abs(th) == DBL_MAX:
                        saw("threshold ±DBL_MAX", name)
                    elif abs(th) == KZ:
                        saw("threshold ±kZeroThreshold", name)
                    elif abs(th) > 1e100:
                        saw("threshold beyond ±1e100", name)
            if tree.is_linear:
                if any(not f for f in tree.leaf_features):
                    saw("linear leaf without features", name)
                    if tree.num_leaves > 1 and any(tree.leaf_features):
                        saw("linear leaf without features beside leaves with", name)
                if any(f for f in tree.leaf_features):
                    saw("linear leaf with features", name)
        raw = [l for c in doc["cases"] if c["name"] == "raw"
               for l in (out / name / c["file"]).read_text().split("\n") if l]
        if any(709 < abs(float(v)) < INF for l in raw for v in l.split(",")):
            saw(f"|raw| > 709 ({objective.split(' ')[0] if objective else 'none'})", name)
    undeclared = sorted({d["model"] for d in docs} ^ set(EXPECTED_FACTS))
    if undeclared:
        raise SystemExit(f"make_parity_fixtures: EXPECTED_FACTS and the fixtures made differ: {undeclared}")
    missing = [f"{fixture}: {fact}" for fixture, wanted in EXPECTED_FACTS.items() for fact in wanted
               if fixture not in facts.get(fact, [])]
    if missing:
        raise SystemExit("make_parity_fixtures: coverage lost: " + "; ".join(missing))
    return [f"{k}: {', '.join(v)}" for k, v in sorted(facts.items())]


README = """# LightGBM parity fixtures

Reference predictions made by LightGBM {version} itself, for the TypeScript predictor in
`src/model/` to reproduce bit for bit. Generated by `training/make_parity_fixtures.py`; do not edit
by hand. Regenerate with

    scripts/python.sh training/make_parity_fixtures.py            # writes this folder
    scripts/check-parity-fixtures.sh                              # regenerates elsewhere and diffs

Generation is deterministic (fixed seeds, one thread, `deterministic=True`), so a rerun gives
byte-identical files; `check-parity-fixtures.sh` fails when it does not.

## One folder per model

- `model.txt`: saved by LightGBM (`Booster.save_model`), except the derived fixtures below.
- `rows.csv`: header = the model's feature names in model order; one input row per line. Each
  cell is Python `repr()` of a float64, so `nan`, `inf`, `-inf`, `-0.0`, `5e-324` appear literally;
  no cell is empty. Exception: the categorical columns of `pandas-categorical` (listed in its
  `expected.json` as `categoricalColumns`) hold category values as pandas writes them (`games`,
  `44`); an empty cell is a missing value, and values absent from the model's
  `pandas_categorical` list (`{unseen_app}`, `{unseen_country}`) are unseen categories. Both map to
  NaN before prediction.
- `expected.json`: `{{"model", "description", "features", "numClass", "cases": [{{"name",
  "options": {{"raw", "leaf", "startIteration", "numIteration"}}, "file"}}]}}`. Options mean
  Python's `booster.predict(X, raw_score=raw, pred_leaf=leaf, start_iteration=...,
  num_iteration=...)`; `numIteration <= 0` means all iterations.
- `<case>.txt`: one line per row of `rows.csv`, values separated by commas: one value per class
  (class order) for `raw`/`transformed`, one leaf index per tree (tree order) for `leaf`. Floats
  are Python `repr()` (exact round trip; `nan`, `inf`, `-inf` literally), leaf indices integers.
  A case that uses no tree (start beyond the last iteration) still has one line per row: an
  empty line for `leaf`, zeros for `raw`.

Predictions come from a fresh `lgb.Booster(model_file=...)` predicting on a C-contiguous float64
numpy array (`pandas-categorical`: on the DataFrame read back from `rows.csv`, which LightGBM turns
into float64 codes). Every model has the cases `raw`, `transformed`, `leaf`; those marked below also
have `-start<S>-num<N>` variants for (S, N) in {iterations}.

Rows: {typical} typical rows from the training distribution, then every feature set to special
values (NaN, ±0, ±1e-36, ±1e-35, ±kZeroThreshold and its neighbours, ±5e-324, ±inf, ±DBL_MAX) on
two base rows, categorical features set to -1, -0.5, 2.7, 31, 32, unseen 37 and 45, beyond the
bitset, 1e9, 2^31, 2^32+3, ±inf, and for every split a row that reaches it with the split feature
set to the threshold, the next doubles below and above, NaN (and zero-like values for Zero
missing type), or to each category of the split's bitset and its neighbours; for linear leaves,
a row that reaches the leaf with each regressor set to NaN, ±inf, 0.

## Fixtures

| fixture | trees | rows | covers |
| --- | --- | --- | --- |
{table}

## What the generator checked was covered

{coverage}
"""


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: %(default)s)")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    started = time.monotonic()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    # Only folders this script made (they hold expected.json) are replaced.
    for child in sorted(out.iterdir()):
        if child.is_dir() and (child / "expected.json").exists():
            shutil.rmtree(child)
    docs = [numpy_fixture(out, spec, args.verbose) for spec in SPECS]
    docs.append(pandas_fixture(out, args.verbose))
    docs += derived_fixtures(out, args.verbose)
    facts = coverage(out, docs)
    table = []
    for doc in sorted(docs, key=lambda d: d["model"]):
        d = out / doc["model"]
        trees = lgb.Booster(model_file=str(d / "model.txt")).num_trees()
        rows = sum(1 for _ in open(d / "rows.csv")) - 1
        marks = " (iteration cases)" if any("-start" in c["name"] for c in doc["cases"]) else ""
        table.append(f"| `{doc['model']}` | {trees} | {rows} | {doc['description']}{marks} |")
    (out / "README.md").write_text(README.format(
        version=lgb.__version__, unseen_app=PANDAS_UNSEEN_APP, unseen_country=PANDAS_UNSEEN_COUNTRY,
        iterations=", ".join(f"({s}, {n})" for s, n in ITERATION_CASES), typical=30,
        table="\n".join(table), coverage="\n".join(f"- {f}" for f in facts)))
    if args.verbose:
        print(f"wrote {len(docs)} fixtures to {out} in {time.monotonic() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
