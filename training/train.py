#!/usr/bin/env python3
"""Trains a LightGBM model on a table and writes model.txt and metrics.json.

    scripts/python.sh training/train.py --data opportunities.arrow --label converted --out models/champion \\
        [--objective binary] [--params '{"num_leaves": 31}' | --params num_leaves=31 learning_rate=0.05] \\
        [--num-boost-round 100] [--valid-fraction 0.2] [--categorical app_category,country] [--seed 1]

Reads Arrow IPC (file or stream: .arrow, .arrows, .ipc, .feather), Parquet (.parquet, .pq) or CSV
(.csv). String and dictionary columns, and the columns named by --categorical, become pandas
categoricals, so the model carries their category lists (the `pandas_categorical` line).
Training is deterministic (one thread, deterministic=True, force_col_wise=True, a fixed seed): the
same inputs give a byte-identical model.txt. Errors in the inputs exit with status 2 and a message
naming the file and column.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import warnings
from pathlib import Path
from typing import Any, Optional

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.feather as feather
import pyarrow.parquet as pq
import scipy.stats

import lightgbm as lgb

PROG = "train.py"
ARROW_SUFFIXES = {".arrow", ".arrows", ".ipc", ".feather"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
CSV_SUFFIXES = {".csv"}

BINARY_LIKE = {"binary", "cross_entropy", "cross_entropy_lambda"}
MULTICLASS = {"multiclass", "multiclassova"}
RANKING = {"lambdarank", "rank_xendcg"}
# LightGBM's aliases, so that metrics follow whatever name the user gave.
OBJECTIVE_ALIASES = {
    "regression_l2": "regression", "l2": "regression", "mean_squared_error": "regression", "mse": "regression",
    "l2_root": "regression", "root_mean_squared_error": "regression", "rmse": "regression",
    "l1": "regression_l1", "mean_absolute_error": "regression_l1", "mae": "regression_l1",
    "mean_absolute_percentage_error": "mape", "softmax": "multiclass", "multiclass_ova": "multiclassova",
    "ova": "multiclassova", "ovr": "multiclassova", "xentropy": "cross_entropy",
    "xentlambda": "cross_entropy_lambda", "xendcg": "rank_xendcg", "xe_ndcg": "rank_xendcg",
    "xe_ndcg_mart": "rank_xendcg", "xendcg_mart": "rank_xendcg",
}


class InputError(Exception):
    """A problem with the user's inputs: reported on stderr with exit status 2."""


# ---------------------------------------------------------------------------------------------
# Reading.


def read_table(path: Path) -> pa.Table:
    if not path.exists():
        raise InputError(f"data file {path} does not exist")
    suffix = path.suffix.lower()
    try:
        if suffix in ARROW_SUFFIXES:
            return _read_arrow(path)
        if suffix in PARQUET_SUFFIXES:
            return pq.read_table(path)
        if suffix in CSV_SUFFIXES:
            return pacsv.read_csv(path)
    except (pa.ArrowException, OSError, ValueError) as err:
        raise InputError(f"cannot read data file {path}: {err}") from err
    raise InputError(f"data file {path}: unknown format {suffix or '(no extension)'}; "
                     "expected .arrow/.arrows/.ipc/.feather, .parquet/.pq or .csv")


def _read_arrow(path: Path) -> pa.Table:
    try:
        with pa.memory_map(str(path)) as source:
            return pa.ipc.open_file(source).read_all()
    except pa.ArrowInvalid:
        pass
    try:
        with pa.memory_map(str(path)) as source:
            return pa.ipc.open_stream(source).read_all()
    except pa.ArrowInvalid:
        pass
    # Feather version 1 files (deprecated by pyarrow, still read).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return feather.read_table(str(path))


def to_frame(table: pa.Table, path: Path, categorical: list[str]) -> pd.DataFrame:
    """Arrow table to pandas: numbers stay numbers, strings and dictionaries become categoricals."""
    columns: dict[str, pd.Series] = {}
    for name, col in zip(table.column_names, table.columns):
        t = col.type
        if name in categorical or pa.types.is_dictionary(t) or pa.types.is_string(t) or pa.types.is_large_string(t) \
                or pa.types.is_string_view(t):
            if pa.types.is_dictionary(t):
                col = col.cast(t.value_type)  # categories sorted by value, not by dictionary order
            # integer_object_nulls keeps integer categories integers when some values are missing.
            cat = pd.Categorical(col.to_pandas(integer_object_nulls=True))
            columns[name] = pd.Series(cat.as_unordered() if cat.ordered else cat, name=name)
        elif pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_boolean(t) or pa.types.is_null(t):
            if pa.types.is_boolean(t) or pa.types.is_null(t) or col.null_count:
                # Nulls (and booleans with nulls) become NaN in float64.
                values = pd.Series(np.asarray(col.cast(pa.float64()).to_numpy(zero_copy_only=False),
                                              dtype=np.float64), name=name)
            else:
                values = col.to_pandas()
            if pa.types.is_floating(t) and t != pa.float64():
                values = values.astype(np.float64)
            columns[name] = values
        else:
            raise InputError(f"column '{name}' in {path} has type {t}, which is neither numeric nor categorical; "
                             "list it in --categorical to use its values as categories, or --drop it")
    return pd.DataFrame(columns)


# ---------------------------------------------------------------------------------------------
# Metrics (computed here, in float64, so they do not depend on which metrics LightGBM was asked for).


def _logloss(y: np.ndarray, p: np.ndarray) -> float:
    p = np.clip(p, 1e-15, 1 - 1e-15)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log1p(-p)))


def _auc(y: np.ndarray, p: np.ndarray) -> Optional[float]:
    pos = y == 1
    n_pos, n_neg = int(pos.sum()), int((y == 0).sum())
    if n_pos == 0 or n_neg == 0 or n_pos + n_neg != len(y):
        return None
    ranks = scipy.stats.rankdata(p)
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def _ndcg(y: np.ndarray, p: np.ndarray, groups: list[int], k: int) -> float:
    scores, start = [], 0
    for size in groups:
        rel, score = y[start:start + size], p[start:start + size]
        start += size
        discounts = 1.0 / np.log2(np.arange(2, size + 2))
        ideal = np.sort(rel)[::-1][:k]
        idcg = float(np.sum((2.0 ** ideal - 1) * discounts[:len(ideal)]))
        if idcg == 0:
            scores.append(1.0)
            continue
        top = rel[np.argsort(-score, kind="stable")][:k]
        scores.append(float(np.sum((2.0 ** top - 1) * discounts[:len(top)])) / idcg)
    return float(np.mean(scores))


def metrics(objective: str, y: np.ndarray, p: np.ndarray, groups: Optional[list[int]]) -> dict[str, Any]:
    if objective in BINARY_LIKE:
        out: dict[str, Any] = {"logloss": _logloss(y, p)}
        auc = _auc(y, p)
        if auc is not None:
            out["auc"] = auc
        return out
    if objective in MULTICLASS:
        probs = p / p.sum(axis=1, keepdims=True) if objective == "multiclassova" else p
        picked = np.clip(probs[np.arange(len(y)), y.astype(int)], 1e-15, 1.0)
        return {"multi_logloss": float(-np.mean(np.log(picked))),
                "multi_error": float(np.mean(np.argmax(p, axis=1) != y))}
    if objective in RANKING and groups:
        return {f"ndcg@{k}": _ndcg(y, p, groups, k) for k in (1, 3, 5)}
    err = p - y
    l2 = float(np.mean(err * err))
    return {"l2": l2, "rmse": math.sqrt(l2), "l1": float(np.mean(np.abs(err)))}


def _json_safe(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _json_safe(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_json_safe(x) for x in v]
    if isinstance(v, (np.floating, float)):
        v = float(v)
        return v if math.isfinite(v) else None
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.bool_):
        return bool(v)
    return v


# ---------------------------------------------------------------------------------------------
# Command line.


def parse_params(items: list[str]) -> dict[str, Any]:
    if not items:
        return {}
    if len(items) == 1 and items[0].lstrip().startswith("{"):
        try:
            value = json.loads(items[0])
        except json.JSONDecodeError as err:
            raise InputError(f"--params: not valid JSON: {err}") from err
        if not isinstance(value, dict):
            raise InputError("--params: JSON must be an object")
        return value
    params: dict[str, Any] = {}
    for item in items:
        key, sep, raw = item.partition("=")
        if not sep or not key:
            raise InputError(f"--params: expected key=value or a JSON object, got '{item}'")
        try:
            params[key] = json.loads(raw)
        except json.JSONDecodeError:
            params[key] = raw
    return params


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog=PROG, description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="\n\n".join(__doc__.split("\n\n")[1:]))
    ap.add_argument("--data", required=True, type=Path, help="training table (.arrow/.feather/.parquet/.csv)")
    ap.add_argument("--label", required=True, help="label column")
    ap.add_argument("--out", required=True, type=Path, help="output folder for model.txt and metrics.json")
    ap.add_argument("--objective", default="binary", help="LightGBM objective (default: %(default)s)")
    ap.add_argument("--params", nargs="+", default=[], metavar="PARAM",
                    help="LightGBM parameters: one JSON object, or key=value items")
    ap.add_argument("--num-boost-round", type=int, default=100, help="boosting rounds (default: %(default)s)")
    ap.add_argument("--early-stopping-rounds", type=int, default=0,
                    help="stop when the validation metric has not improved for N rounds (default: off)")
    ap.add_argument("--valid-fraction", type=float, default=0.2,
                    help="share of rows (or query groups) held out for validation (default: %(default)s)")
    ap.add_argument("--categorical", default="", help="comma-separated columns to treat as categories")
    ap.add_argument("--drop", default="", help="comma-separated columns to ignore (ids, timestamps)")
    ap.add_argument("--group", help="query id column, for lambdarank and rank_xendcg")
    ap.add_argument("--weight", help="row weight column")
    ap.add_argument("--num-class", type=int, help="classes for multiclass objectives (default: max label + 1)")
    ap.add_argument("--seed", type=int, default=1, help="seed for the split and for LightGBM (default: %(default)s)")
    ap.add_argument("--linear-tree", action="store_true", help="fit linear models in the leaves")
    return ap


def _columns(arg: str) -> list[str]:
    return [c.strip() for c in arg.split(",") if c.strip()]


def split_rows(n: int, fraction: float, seed: int, group_ids: Optional[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Deterministic train/valid row indices; whole query groups go to one side."""
    rng = np.random.default_rng(seed)
    if group_ids is None:
        order = rng.permutation(n)
        n_valid = int(round(n * fraction))
        return np.sort(order[n_valid:]), np.sort(order[:n_valid])
    _, first, inverse = np.unique(group_ids, return_index=True, return_inverse=True)
    # Groups numbered by first appearance, so the permutation does not depend on id values' order.
    appearance = np.argsort(np.argsort(first, kind="stable"), kind="stable")[inverse]
    n_groups = len(first)
    order = rng.permutation(n_groups)
    n_valid = int(round(n_groups * fraction))
    valid_groups = np.zeros(n_groups, dtype=bool)
    valid_groups[order[:n_valid]] = True
    rows = np.argsort(appearance, kind="stable")  # rows of a group made contiguous
    in_valid = valid_groups[appearance[rows]]
    return rows[~in_valid], rows[in_valid]


def group_sizes(group_ids: np.ndarray) -> list[int]:
    sizes, start = [], 0
    for i in range(1, len(group_ids) + 1):
        if i == len(group_ids) or group_ids[i] != group_ids[start]:
            sizes.append(i - start)
            start = i
    return sizes


def check_labels(objective: str, y: np.ndarray, num_class: Any, label: str, path: Path) -> None:
    """LightGBM reads any positive label as 1 for binary; a wrong label column must not train quietly."""
    def bad(expected: str) -> InputError:
        values = ", ".join(f"{v:g}" for v in np.unique(y)[:8])
        return InputError(f"label column '{label}' in {path}: objective {objective} expects {expected}; "
                          f"found values {values}{', ...' if len(np.unique(y)) > 8 else ''}")
    if objective == "binary" and not np.all((y == 0) | (y == 1)):
        raise bad("0 or 1")
    if objective in ("cross_entropy", "cross_entropy_lambda") and not np.all((y >= 0) & (y <= 1)):
        raise bad("values in [0, 1]")
    if objective in MULTICLASS and not np.all((y >= 0) & (y < int(num_class)) & (y == np.floor(y))):
        raise bad(f"class numbers 0..{int(num_class) - 1}")
    if objective in RANKING and not np.all((y >= 0) & (y == np.floor(y))):
        raise bad("non-negative integer relevance grades")


def run(args: argparse.Namespace) -> dict[str, Any]:
    data_path: Path = args.data
    categorical = _columns(args.categorical)
    drop = _columns(args.drop)
    table = read_table(data_path)
    names = table.column_names
    for role, col in [("label", args.label), ("group", args.group), ("weight", args.weight)] + \
            [("categorical", c) for c in categorical] + [("drop", c) for c in drop]:
        if col is not None and col not in names:
            raise InputError(f"{role} column '{col}' not found in {data_path}; columns: {', '.join(names)}")
    if args.label in categorical:
        raise InputError(f"label column '{args.label}' cannot also be --categorical")
    if not 0 <= args.valid_fraction < 1:
        raise InputError(f"--valid-fraction must be in [0, 1), got {args.valid_fraction}")
    if table.num_rows == 0:
        raise InputError(f"data file {data_path} has no rows")

    label_type = table.schema.field(args.label).type
    if not (pa.types.is_integer(label_type) or pa.types.is_floating(label_type) or pa.types.is_boolean(label_type)):
        raise InputError(f"label column '{args.label}' in {data_path} has type {label_type}; it must be numeric")
    label_col = table.column(args.label)
    if label_col.null_count:
        raise InputError(f"label column '{args.label}' in {data_path} has {label_col.null_count} missing values")
    y_all = np.asarray(label_col.cast(pa.float64()).to_numpy(zero_copy_only=False), dtype=np.float64)
    if not np.all(np.isfinite(y_all)):
        raise InputError(f"label column '{args.label}' in {data_path} has NaN or infinite values")
    weight_all = None
    if args.weight:
        weight_all = np.asarray(table.column(args.weight).cast(pa.float64()).to_numpy(zero_copy_only=False))
    group_all = None
    if args.group:
        group_all = table.column(args.group).to_numpy(zero_copy_only=False)

    feature_cols = [c for c in names if c not in {args.label, args.group, args.weight, *drop}]
    if not feature_cols:
        raise InputError(f"no feature columns left in {data_path}")
    frame = to_frame(table.select(feature_cols), data_path, categorical)

    params: dict[str, Any] = {
        "objective": args.objective,
        "num_threads": 1,
        "deterministic": True,
        "force_col_wise": True,
        "seed": args.seed,
        "verbose": -1,
    }
    if args.linear_tree:
        params["linear_tree"] = True
    params.update(parse_params(args.params))
    objective = str(params["objective"])
    objective = OBJECTIVE_ALIASES.get(objective, objective)
    if objective in MULTICLASS and "num_class" not in params:
        params["num_class"] = args.num_class or int(y_all.max()) + 1
    elif args.num_class:
        params["num_class"] = args.num_class
    check_labels(objective, y_all, params.get("num_class"), args.label, data_path)
    if objective in RANKING and group_all is None:
        raise InputError(f"objective {objective} needs query groups: name the query id column with --group")

    train_idx, valid_idx = split_rows(len(y_all), args.valid_fraction, args.seed, group_all)

    def dataset(idx: np.ndarray, reference: Optional[lgb.Dataset] = None) -> tuple[lgb.Dataset, Optional[list[int]]]:
        groups = group_sizes(group_all[idx]) if group_all is not None else None
        ds = lgb.Dataset(frame.iloc[idx].reset_index(drop=True), y_all[idx],
                         weight=None if weight_all is None else weight_all[idx],
                         group=groups, reference=reference, free_raw_data=False)
        return ds, groups

    train_set, train_groups = dataset(train_idx)
    valid_sets, valid_groups = [], None
    callbacks = []
    if len(valid_idx):
        valid_set, valid_groups = dataset(valid_idx, train_set)
        valid_sets = [valid_set]
        if args.early_stopping_rounds > 0:
            callbacks.append(lgb.early_stopping(args.early_stopping_rounds, verbose=False))
    elif args.early_stopping_rounds > 0:
        raise InputError("--early-stopping-rounds needs a validation set (--valid-fraction > 0)")

    try:
        booster = lgb.train(params, train_set, num_boost_round=args.num_boost_round,
                            valid_sets=valid_sets, callbacks=callbacks)
    except lgb.basic.LightGBMError as err:
        raise InputError(f"LightGBM failed to train on {data_path}: {err}") from err
    except ValueError as err:
        raise InputError(f"cannot train on {data_path}: {err}") from err

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    booster.save_model(str(out / "model.txt"))

    best = booster.best_iteration if booster.best_iteration > 0 else booster.current_iteration()
    result_metrics: dict[str, Any] = {}
    label_mean: dict[str, Any] = {}
    for side, idx, groups in (("train", train_idx, train_groups), ("valid", valid_idx, valid_groups)):
        if not len(idx):
            continue
        pred = booster.predict(frame.iloc[idx].reset_index(drop=True), num_iteration=best)
        result_metrics[side] = metrics(objective, y_all[idx], np.asarray(pred, dtype=np.float64), groups)
        label_mean[side] = float(np.mean(y_all[idx]))
    cat_features = [c for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype)]
    summary = {
        "data": str(data_path),
        "label": args.label,
        "objective": objective,
        "rounds": best,
        "trees": best * booster.num_model_per_iteration(),
        "features": booster.feature_name(),
        "categorical_features": cat_features,
        "rows": {"total": int(len(y_all)), "train": int(len(train_idx)), "valid": int(len(valid_idx))},
        "label_mean": label_mean,
        "metrics": result_metrics,
        "seed": args.seed,
        "valid_fraction": args.valid_fraction,
        "num_boost_round": args.num_boost_round,
        "lightgbm_version": lgb.__version__,
        "parameters": params,
    }
    (out / "metrics.json").write_text(json.dumps(_json_safe(summary), indent=2) + "\n")
    return summary


def main(argv: Optional[list[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        summary = run(args)
    except InputError as err:
        print(f"{PROG}: error: {err}", file=sys.stderr)
        return 2
    shown = ", ".join(f"{side} {k}={v:.6g}" for side, m in summary["metrics"].items() for k, v in m.items())
    print(f"{PROG}: {summary['objective']}, {summary['rounds']} rounds -> {args.out / 'model.txt'}"
          + (f" ({shown})" if shown else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
