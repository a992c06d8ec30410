#!/usr/bin/env bash
# Train the model only when the data, domain or config changed since the last trained model.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
inputs=$(cat config.yml domain.yml $(find data/nlu data/rules data/stories -name '*.yml' | sort) bot/nlu/*.py | sha256sum | cut -d' ' -f1)
stamp=models/.inputs.sha256
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$inputs" ] && ls models/*.tar.gz >/dev/null 2>&1; then
  echo "Model is up to date: $(ls -t models/*.tar.gz | head -1)"
  exit 0
fi
mkdir -p models
start=$(date +%s)
"$VENV/bin/rasa" train --fixed-model-name cbp-assistant --out models --quiet
echo "$inputs" > "$stamp"
echo "Trained in $(( $(date +%s) - start )) s: models/cbp-assistant.tar.gz"
