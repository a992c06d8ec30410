#!/usr/bin/env bash
# `make eval`: 5-fold NLU cross-validation of our pipeline and of Rasa's default pipeline, side by side;
# then the conversation suite (tests/conversations) against freshly started servers and its answer-quality
# figures (eval/answer_quality.py), all summarised in results/eval/summary.md.
#   scripts/eval.sh                 # everything (the cross-validation takes most of the time)
#   scripts/eval.sh --answers-only  # only the conversation suite and the answer figures (a few minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
FOLDS=${FOLDS:-5}
ANSWERS_ONLY=0
for arg in "$@"; do
  case "$arg" in
    --answers-only) ANSWERS_ONLY=1 ;;
    *) echo "usage: scripts/eval.sh [--answers-only]" >&2; exit 2 ;;
  esac
done
mkdir -p results/eval
if [ "$ANSWERS_ONLY" = 0 ]; then
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
fi

# The conversation suite starts its own servers (the trained model in models/) and writes its results;
# a failed pass floor is reported, not fatal. Figures only from results written by this run.
CONVERSATIONS_JSON=${CONVERSATIONS_JSON:-results/conversations/latest.json}
rm -f results/eval/answers.md results/eval/answers.json
if [ -d tests/conversations ]; then
  marker=$(mktemp)
  trap 'rm -f "$marker"' EXIT
  sleep 1  # file times have a 1 s resolution on some file systems
  if ! CONVERSATIONS_E2E=1 "$VENV/bin/python" -m pytest -q tests/conversations; then
    echo "eval: the conversation suite failed (pass floor or errors); its figures are reported anyway" >&2
  fi
  if [ -f "$CONVERSATIONS_JSON" ] && [ "$CONVERSATIONS_JSON" -nt "$marker" ]; then
    "$VENV/bin/python" eval/answer_quality.py "$CONVERSATIONS_JSON" --out results/eval \
      || echo "eval: eval/answer_quality.py failed" >&2
  else
    echo "eval: the conversation suite wrote no fresh $CONVERSATIONS_JSON; no answer figures" >&2
  fi
else
  echo "eval: tests/conversations is absent; no answer figures" >&2
fi

summary_args=()
[ "$ANSWERS_ONLY" = 1 ] && summary_args=(--answers-only)
"$VENV/bin/python" eval/summary.py results/eval "$FOLDS" "${summary_args[@]}"
