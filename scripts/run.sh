#!/usr/bin/env bash
# `make run`: prepare everything on first use, then start the action server and the Rasa server.
# Embedded defaults: SQLite threshold database under var/, in-memory tracker and lock stores.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/venv.sh
source scripts/env.sh
mkdir -p var
"$VENV/bin/python" -m bot thresholds load data/thresholds
scripts/train.sh

# Rasa's HTTP API (model, tracker, conversation endpoints) needs this token; the channels stay open.
if [ -z "${RASA_API_TOKEN:-}" ]; then
  RASA_API_TOKEN=$("$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(24))')
  echo "RASA_API_TOKEN was not set: generated one for this run (the staff page uses it)."
fi
export RASA_API_TOKEN

sed "s#http://localhost:5055/webhook#http://127.0.0.1:$ACTIONS_PORT/webhook#" endpoints.yml > var/endpoints.yml
pids=()
cleanup() {
  trap - INT TERM EXIT
  echo; echo "Stopping..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT

"$VENV/bin/rasa" run actions --actions actions --port "$ACTIONS_PORT" --quiet &
pids+=($!)
"$VENV/bin/rasa" run --model models --port "$RASA_PORT" --endpoints var/endpoints.yml \
  --credentials credentials.yml --cors "$WEB_ORIGIN" --enable-api --auth-token "$RASA_API_TOKEN" --quiet &
pids+=($!)

for _ in $(seq 1 180); do
  if curl -fs "http://127.0.0.1:$RASA_PORT/" >/dev/null 2>&1 && curl -fs "http://127.0.0.1:$ACTIONS_PORT/health" >/dev/null 2>&1; then
    cat <<MSG

The assistant is running (Ctrl-C stops it):
  REST:      curl -s -XPOST http://localhost:$RASA_PORT/webhooks/rest/webhook -d '{"sender":"me","message":"is de minimis still 800?"}'
  Shell:     .venv/bin/rasa shell --endpoints var/endpoints.yml   (in another terminal)
  socket.io: http://localhost:$RASA_PORT/socket.io (for the web page)
  Actions:   http://localhost:$ACTIONS_PORT/health
MSG
    wait -n "${pids[@]}"
    exit $?
  fi
  for pid in "${pids[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "error: a server exited during start-up" >&2; exit 1; fi
  done
  sleep 1
done
echo "error: the servers did not start within 3 minutes" >&2
exit 1
