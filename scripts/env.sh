# Shared settings for the project's scripts (sourced, not run).
VENV=${VENV:-.venv}
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
export RASA_TELEMETRY_ENABLED=false
export TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-2}
export SQLALCHEMY_SILENCE_UBER_WARNING=1
export RASA_PORT=${RASA_PORT:-5005}
export ACTIONS_PORT=${ACTIONS_PORT:-5055}
# Where Rasa calls the action server (endpoints.yml reads it).
export ACTION_ENDPOINT_URL=${ACTION_ENDPOINT_URL:-http://127.0.0.1:$ACTIONS_PORT/webhook}
export WEB_PORT=${WEB_PORT:-8000}
export WEB_ORIGIN=${WEB_ORIGIN:-http://localhost:$WEB_PORT}
# The Rasa server as the visitor's browser reaches it (the web page's socket.io connection).
export RASA_URL=${RASA_URL:-http://localhost:$RASA_PORT}
# Rasa as this machine reaches it, for the staff page's calls to its HTTP API (server to server).
export RASA_API_URL=${RASA_API_URL:-http://127.0.0.1:$RASA_PORT}
