#!/usr/bin/env bash
# `make eval`: 5-fold NLU cross-validation of our pipeline and of Rasa's default pipeline, side by side.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
FOLDS=${FOLDS:-5}
mkdir -p results/eval
# Our config.yml without the FallbackClassifier (it would turn low-confidence predictions into errors).
"$VENV/bin/python" - <<'PY'
import yaml
config = yaml.safe_load(open("config.yml"))
config["pipeline"] = [c for c in config["pipeline"] if c["name"] != "FallbackClassifier"]
config.pop("policies", None)
yaml.safe_dump(config, open("results/eval/config_ours.yml", "w"), sort_keys=False)
PY
for name in ours rasa_default; do
  config=results/eval/config_ours.yml
  [ "$name" = rasa_default ] && config=eval/config_rasa_default.yml
  start=$(date +%s)
  "$VENV/bin/rasa" test nlu --nlu data/nlu --config "$config" --cross-validation --folds "$FOLDS" \
    --out "results/eval/$name" --quiet
  echo "$(( $(date +%s) - start ))" > "results/eval/$name/seconds"
done
"$VENV/bin/python" eval/summary.py results/eval "$FOLDS"
