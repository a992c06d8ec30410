# Shared settings for the project's scripts (sourced, not run).
VENV=${VENV:-.venv}
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
export RASA_TELEMETRY_ENABLED=false
export TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-2}
export SQLALCHEMY_SILENCE_UBER_WARNING=1
export RASA_PORT=${RASA_PORT:-5005}
export ACTIONS_PORT=${ACTIONS_PORT:-5055}
export WEB_PORT=${WEB_PORT:-8000}
export WEB_ORIGIN=${WEB_ORIGIN:-http://localhost:$WEB_PORT}
