#!/usr/bin/env bash
# Makes the bundled models under fixtures/models/ (model.txt and metrics.json) from scratch:
# champion and challenger (re-engagement, from scenarios/training.yaml) and champion-purchase and
# challenger-purchase (purchase, from scenarios/training-purchase.yaml). The training sets come
# from bidlab generate, the models from LightGBM through training/train.py. Deterministic: a
# rerun gives byte-identical model.txt files.
#
#   scripts/make-models.sh [--keep DIR]    # --keep: leave the training sets in DIR
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

keep=""
if [[ "${1:-}" == "--keep" ]]; then keep="${2:?--keep needs a directory}"; fi
if [[ -n "$keep" ]]; then
  mkdir -p "$keep"; work="$(cd "$keep" && pwd)"
else
  work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fi

[[ -f dist/cli/main.js ]] || npm run build

# Re-engagement models learn from training.yaml, purchase models from training-purchase.yaml:
# a model predicts its campaign goal's conversion, and pricing multiplies it by that goal's value.
node bin/bidlab.js generate scenarios/training.yaml --kind training --out "$work/train.arrow"
node bin/bidlab.js generate scenarios/training-purchase.yaml --kind training --out "$work/train-purchase.arrow"

# The model's features must be the engine's, in its order: everything but these columns.
drop="revenue,true_p_conversion,campaign,opportunity_id"
# Categorical features enter as the engine's integer codes (LightGBM's categorical_feature), not
# as pandas categoricals: the engine hands the model raw codes, which a pandas_categorical list
# would renumber.
# By index: the features are the table's first columns, in FEATURE_NAMES order.
categorical="$(node -e "import('./dist/engine/index.js').then((m) => console.log(m.CATEGORICAL_FEATURES.join(',')))")"

train() { # name, training set, rounds, JSON parameters
  local name="$1" data="$2" rounds="$3" params="$4"
  # Run where the data is, so metrics.json names it 'train.arrow' wherever the temporary folder was.
  # LightGBM warns that categorical_feature in params "will be ignored"; it is not (see inspect's output).
  (cd "$work" && PYTHONWARNINGS="ignore:categorical_feature keyword" "$root/scripts/python.sh" "$root/training/train.py" --data "$data" --label converted \
    --drop "$drop" --num-boost-round "$rounds" --seed 1 --out "$root/fixtures/models/$name" \
    --params "{\"categorical_feature\": \"$categorical\", $params}")
  node bin/bidlab.js model inspect "fixtures/models/$name/model.txt" --probe-ms 0 \
    | sed -n '/^features/,/^strategy/p' | sed '$d'
}

# Champion: a conventional configuration.
train champion train.arrow 150 '"num_leaves": 31, "learning_rate": 0.05, "min_data_in_leaf": 20'
# Challenger: more capacity (twice the leaves, 400 rounds, leaves down to 5 rows): the proposal
# "a bigger model will find more signal", which on ~3,000 positives may as well overfit.
train challenger train.arrow 400 '"num_leaves": 63, "learning_rate": 0.05, "min_data_in_leaf": 5'
# The same two proposals for a purchase campaign, where positives are rarer still (~2,000).
train champion-purchase train-purchase.arrow 150 '"num_leaves": 31, "learning_rate": 0.05, "min_data_in_leaf": 20'
train challenger-purchase train-purchase.arrow 400 '"num_leaves": 63, "learning_rate": 0.05, "min_data_in_leaf": 5'

# Refuse models whose features are not the engine's (FEATURE_NAMES, in order).
node -e "
import('./dist/engine/index.js').then(async (e) => {
  const { loadModelFile } = await import('./dist/model/index.js');
  for (const name of ['champion', 'challenger', 'champion-purchase', 'challenger-purchase']) {
    const p = await loadModelFile('fixtures/models/' + name + '/model.txt');
    e.checkModelFeatures(p.model.featureNames, name);
  }
  console.log('feature names match FEATURE_NAMES');
});"
