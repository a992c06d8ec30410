#!/usr/bin/env bash
# Create (or reuse) the project's virtual environment on Python 3.10 and install the pinned
# dependencies. Rasa 3.6 runs on Python 3.8-3.10 only, so a 3.11 default interpreter won't do.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
STAMP="$VENV/.requirements.sha256"
want=$(cat requirements/lock.txt | sha256sum | cut -d' ' -f1)

find_python() {
  local candidates=()
  [ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
  if command -v pyenv >/dev/null 2>&1; then
    candidates+=("$(pyenv root)/versions/$(cat .python-version 2>/dev/null || echo 3.10.13)/bin/python")
  fi
  candidates+=("$HOME/.pyenv/versions/$(cat .python-version 2>/dev/null || echo 3.10.13)/bin/python")
  for dir in "$HOME"/.pyenv/versions/3.10.*; do candidates+=("$dir/bin/python"); done
  candidates+=(python3.10 /usr/bin/python3.10 /usr/local/bin/python3.10)
  local py
  for py in "${candidates[@]}"; do
    if command -v "$py" >/dev/null 2>&1 && "$py" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' 2>/dev/null; then
      echo "$py"; return 0
    fi
  done
  return 1
}

if [ -x "$VENV/bin/python" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
  exit 0
fi
if [ ! -x "$VENV/bin/python" ]; then
  if ! py=$(find_python); then
    cat >&2 <<MSG
error: no Python 3.10 interpreter found.
Rasa 3.6 needs Python 3.8-3.10. Install 3.10 (e.g. 'pyenv install 3.10.13'), or point PYTHON at one:
  PYTHON=/path/to/python3.10 make run
MSG
    exit 1
  fi
  echo "Creating $VENV with $py ($("$py" --version))"
  "$py" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -r requirements/lock.txt
echo "$want" > "$STAMP"
echo "Python environment ready in $VENV"
