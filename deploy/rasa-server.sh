#!/usr/bin/env bash
# Start one Rasa server in a container (deploy/Dockerfile.rasa). Every setting comes from the
# environment (docs/production-profile.md); endpoints.yml reads ACTION_ENDPOINT_URL and the stores'
# TRACKER_STORE_URL and LOCK_STORE_URL. Several replicas need both stores shared, so both are required.
set -euo pipefail
: "${ACTION_ENDPOINT_URL:?set ACTION_ENDPOINT_URL (the action server, e.g. http://actions:5055/webhook)}"
: "${TRACKER_STORE_URL:?set TRACKER_STORE_URL (PostgreSQL shared by the replicas)}"
: "${LOCK_STORE_URL:?set LOCK_STORE_URL (Redis shared by the replicas)}"
: "${RASA_API_TOKEN:?set RASA_API_TOKEN (protects the HTTP API of Rasa; the staff page uses it)}"
: "${WEB_ORIGIN:?set WEB_ORIGIN (the origin of the web page, the only one the CORS of Rasa accepts)}"
exec rasa run --model models --endpoints endpoints.yml --credentials credentials.yml \
  --port "${RASA_PORT:-5005}" --cors "$WEB_ORIGIN" --enable-api --auth-token "$RASA_API_TOKEN" "$@"
