#!/usr/bin/env bash
# `make audit`: pip-audit over the pinned dependencies (requirements/lock.txt), from its own small venv
# (.venv-audit: installing pip-audit into .venv would change the pinned set). The vulnerabilities that
# Rasa 3.6.21's pins keep are listed, with reasons, in security/known-vulnerabilities.txt and ignored by
# id; any other one fails the target. So does a package that could not be audited (--strict): a
# vulnerability service that cannot be reached is a failure, not a pass.
#
# Settings: AUDIT_SERVICE (pypi, the default, or osv), PIP_AUDIT_VERSION, AUDIT_VENV, PYTHON.
set -euo pipefail
cd "$(dirname "$0")/.."
AUDIT_VENV=${AUDIT_VENV:-.venv-audit}
PIP_AUDIT_VERSION=${PIP_AUDIT_VERSION:-2.10.1}
KNOWN=security/known-vulnerabilities.txt

if ! "$AUDIT_VENV/bin/pip-audit" --version 2>/dev/null | grep -qx "pip-audit $PIP_AUDIT_VERSION"; then
  echo "Installing pip-audit $PIP_AUDIT_VERSION into $AUDIT_VENV"
  "${PYTHON:-python3}" -m venv "$AUDIT_VENV"
  "$AUDIT_VENV/bin/python" -m pip install --quiet --upgrade pip
  "$AUDIT_VENV/bin/python" -m pip install --quiet "pip-audit==$PIP_AUDIT_VERSION"
fi

ignores=()
while read -r id; do
  [ -n "$id" ] && ignores+=(--ignore-vuln "$id")
done < <(grep -Ev '^[[:space:]]*(#|$)' "$KNOWN" | cut -d'|' -f1)
echo "Auditing requirements/lock.txt; $(( ${#ignores[@]} / 2 )) known vulnerabilities ignored ($KNOWN)"

if ! "$AUDIT_VENV/bin/pip-audit" -r requirements/lock.txt --no-deps --disable-pip --strict \
  --progress-spinner off --desc on -s "${AUDIT_SERVICE:-pypi}" "${ignores[@]}"; then
  cat >&2 <<'MSG'

make audit failed. For each vulnerability listed above:
  - if a fixed version is allowed by Rasa's pins (.venv/lib/python3.10/site-packages/rasa-3.6.21.dist-info/METADATA),
    raise the pin in requirements/lock.txt, `.venv/bin/pip install` it and run `.venv/bin/pip check`;
  - otherwise add a line to security/known-vulnerabilities.txt: id | package | version | why | exposure.
"Dependency not found on PyPI and could not be audited" means the vulnerability service did not answer
(pypi.org's per-version JSON API; AUDIT_SERVICE=osv uses api.osv.dev instead): nothing was checked.
MSG
  exit 1
fi
