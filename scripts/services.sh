#!/usr/bin/env bash
# Install (from Debian's packages) and start the services the tests and the production profile use,
# on loopback only, idempotently:  scripts/services.sh postgres
# Prints nothing secret. Creates the role and databases the tests expect.
set -euo pipefail
PG_PORT=${PG_PORT:-5432}
PG_USER=${PG_USER:-cbp}
PG_PASSWORD=${PG_PASSWORD:-cbp-local-only}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
  if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' 2>/dev/null | head -1)" ]; then
    as_root apt-get update -qq
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null || {
    as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null; }
}

postgres() {
  if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
    echo "Installing PostgreSQL from Debian's packages..."
    apt_install postgresql
  fi
  local version
  version=$(ls /usr/lib/postgresql | sort -V | tail -1)
  if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
    as_root pg_createcluster "$version" main --port "$PG_PORT" >/dev/null
  fi
  if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
    as_root pg_ctlcluster "$version" main start
  fi
  local port
  port=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')
  as_root runuser -u postgres -- psql -q -p "$port" -v ON_ERROR_STOP=1 <<SQL >/dev/null
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_USER') THEN
    CREATE ROLE $PG_USER LOGIN PASSWORD '$PG_PASSWORD' CREATEDB;
  END IF;
END \$\$;
SQL
  for db in thresholds_test thresholds_test_ro thresholds; do
    if ! as_root runuser -u postgres -- psql -p "$port" -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1; then
      as_root runuser -u postgres -- createdb -p "$port" -O "$PG_USER" "$db"
    fi
  done
  echo "PostgreSQL $version running on 127.0.0.1:$port (role $PG_USER)"
  echo "postgresql+psycopg2://$PG_USER:$PG_PASSWORD@127.0.0.1:$port/thresholds_test" > "${PG_URL_FILE:-/dev/null}"
}

for service in "$@"; do
  case "$service" in
    postgres) postgres ;;
    *) echo "unknown service: $service (known: postgres)" >&2; exit 2 ;;
  esac
done
