#!/usr/bin/env bash
# `make run`: prepare everything on first use, then start the action server, the Rasa server and
# the web page (bot/web). Embedded defaults: SQLite threshold database and tracker store under var/,
# in-memory lock store (TRACKER_STORE_URL and LOCK_STORE_URL change them; see endpoints.yml).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/venv.sh
source scripts/env.sh
mkdir -p var
"$VENV/bin/python" -m bot thresholds load data/thresholds
scripts/train.sh
web=1
if ! scripts/web_assets.sh; then
  echo "warning: the web page will not start: building its assets needs npm (Node.js 18 or newer)." >&2
  web=0
fi

# Rasa's HTTP API (model, tracker, conversation endpoints) needs this token; the channels stay open.
if [ -z "${RASA_API_TOKEN:-}" ]; then
  RASA_API_TOKEN=$("$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(24))')
  echo "RASA_API_TOKEN was not set: generated one for this run (the staff page uses it)."
fi
export RASA_API_TOKEN

pids=()
cleanup() {
  trap - INT TERM EXIT
  echo; echo "Stopping..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT

"$VENV/bin/python" -m bot actions --port "$ACTIONS_PORT" &
pids+=($!)
"$VENV/bin/rasa" run --model models --port "$RASA_PORT" --endpoints endpoints.yml \
  --credentials credentials.yml --cors "$WEB_ORIGIN" --enable-api --auth-token "$RASA_API_TOKEN" --quiet &
pids+=($!)
if [ "$web" = 1 ]; then
  "$VENV/bin/python" -m bot web &
  pids+=($!)
fi
web_up() { [ "$web" = 0 ] || curl -fs "http://127.0.0.1:$WEB_PORT/health" >/dev/null 2>&1; }

for _ in $(seq 1 180); do
  if curl -fs "http://127.0.0.1:$RASA_PORT/" >/dev/null 2>&1 && curl -fs "http://127.0.0.1:$ACTIONS_PORT/health" >/dev/null 2>&1 && web_up; then
    cat <<MSG

The assistant is running (Ctrl-C stops it):
  Web page:  $WEB_ORIGIN/   (open exactly this address: Rasa's CORS accepts the page from this origin only)
  Staff:     $WEB_ORIGIN/staff   (needs STAFF_TOKEN; off without it)
  REST:      curl -s -XPOST http://localhost:$RASA_PORT/webhooks/rest/webhook -d '{"sender":"me","message":"is de minimis still 800?"}'
  Shell:     source scripts/env.sh && .venv/bin/rasa shell --port $((RASA_PORT + 1))   (in another terminal)
  socket.io: http://localhost:$RASA_PORT/socket.io (used by the web page)
  Slack:     http://localhost:$RASA_PORT/webhooks/slack/webhook ($( [ -n "${SLACK_BOT_TOKEN:-}" ] && [ -n "${SLACK_SIGNING_SECRET:-}" ] && echo enabled || echo "disabled: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET"))
  Actions:   http://localhost:$ACTIONS_PORT/ready   (Rasa: http://localhost:$RASA_PORT/webhooks/health/ready)
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
