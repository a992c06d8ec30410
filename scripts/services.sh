#!/usr/bin/env bash
# Install (from Debian's packages) and start the services the tests and the production profile use,
# on loopback only, idempotently:  scripts/services.sh postgres redis
# Prints nothing secret. Creates the role and databases the tests expect.
#   postgres: PG_PORT, PG_USER, PG_PASSWORD; writes the thresholds_test URL to PG_URL_FILE and the
#             tracker store's URL (database `tracker`) to TRACKER_URL_FILE when they are set.
#   redis:    REDIS_PORT (6379), REDIS_PASSWORD, REDIS_DIR (var/redis: config, pid, log); no systemd
#             needed. Writes the lock store's URL (database 1) to REDIS_URL_FILE when set.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PG_PORT=${PG_PORT:-5432}
PG_USER=${PG_USER:-cbp}
PG_PASSWORD=${PG_PASSWORD:-cbp-local-only}
REDIS_PORT=${REDIS_PORT:-6379}
REDIS_PASSWORD=${REDIS_PASSWORD:-cbp-local-only}
REDIS_DIR=${REDIS_DIR:-$ROOT/var/redis}

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
  for db in thresholds_test thresholds_test_ro thresholds tracker tracker_test; do
    if ! as_root runuser -u postgres -- psql -p "$port" -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1; then
      as_root runuser -u postgres -- createdb -p "$port" -O "$PG_USER" "$db"
    fi
  done
  echo "PostgreSQL $version running on 127.0.0.1:$port (role $PG_USER)"
  echo "  tracker store: TRACKER_STORE_URL=postgresql://$PG_USER:***@127.0.0.1:$port/tracker (*** = PG_PASSWORD)"
  echo "postgresql+psycopg2://$PG_USER:$PG_PASSWORD@127.0.0.1:$port/thresholds_test" > "${PG_URL_FILE:-/dev/null}"
  echo "postgresql://$PG_USER:$PG_PASSWORD@127.0.0.1:$port/tracker" > "${TRACKER_URL_FILE:-/dev/null}"
}

# PONG when a Redis server answers on 127.0.0.1:$REDIS_PORT; the password goes through the
# environment (REDISCLI_AUTH), never the command line. `redis_ping ""` pings without a password.
redis_ping() {
  REDISCLI_AUTH="$1" timeout 5 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null || true
}

redis() {
  if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
    echo "Installing Redis from Debian's packages..."
    apt_install redis-server
  fi
  if [ "$(redis_ping "$REDIS_PASSWORD")" != PONG ]; then
    if [ "$(redis_ping "")" != "" ]; then
      echo "error: something else answers on 127.0.0.1:$REDIS_PORT and refuses REDIS_PASSWORD;" \
        "choose another REDIS_PORT or give its password in REDIS_PASSWORD" >&2
      exit 1
    fi
    mkdir -p "$REDIS_DIR"
    # The config holds the password: readable by this user only. No persistence: it holds locks.
    (umask 077 && cat > "$REDIS_DIR/redis.conf" <<CONF
bind 127.0.0.1
port $REDIS_PORT
protected-mode yes
requirepass $REDIS_PASSWORD
daemonize yes
pidfile $REDIS_DIR/redis.pid
logfile $REDIS_DIR/redis.log
dir $REDIS_DIR
save ""
appendonly no
CONF
)
    redis-server "$REDIS_DIR/redis.conf"
    for _ in $(seq 1 50); do
      [ "$(redis_ping "$REDIS_PASSWORD")" = PONG ] && break
      sleep 0.2
    done
    if [ "$(redis_ping "$REDIS_PASSWORD")" != PONG ]; then
      echo "error: Redis did not start; see $REDIS_DIR/redis.log" >&2
      exit 1
    fi
  elif [ "$(redis_ping "")" = PONG ]; then
    echo "error: a Redis server without a password already listens on 127.0.0.1:$REDIS_PORT" \
      "(Debian's redis-server service?). Stop it, or choose another REDIS_PORT." >&2
    exit 1
  fi
  echo "Redis $(redis-server --version | sed -n 's/.*v=\([0-9.]*\).*/\1/p') running on 127.0.0.1:$REDIS_PORT"
  echo "  lock store: LOCK_STORE_URL=redis://:***@127.0.0.1:$REDIS_PORT/1 (*** = REDIS_PASSWORD)"
  local password
  password=$(PW="$REDIS_PASSWORD" python3 -c 'import os, urllib.parse; print(urllib.parse.quote(os.environ["PW"], safe=""))')
  echo "redis://:$password@127.0.0.1:$REDIS_PORT/1" > "${REDIS_URL_FILE:-/dev/null}"
}

for service in "$@"; do
  case "$service" in
    postgres) postgres ;;
    redis) redis ;;
    *) echo "unknown service: $service (known: postgres, redis)" >&2; exit 2 ;;
  esac
done
