#!/usr/bin/env bash
# Build the web page's third-party assets: `npm ci` in web/ (exact versions from package-lock.json),
# then copy the U.S. Web Design System's dist files and socket.io-client's browser build into
# bot/web/static/vendor/ (git-ignored). The page loads nothing from a CDN. Idempotent: npm ci runs
# only when web/package-lock.json changed, and the copy only when the lock file or this script did.
set -euo pipefail
cd "$(dirname "$0")/.."
WEB=web
VENDOR=bot/web/static/vendor
STAMP="$WEB/node_modules/.lock.sha256"

if ! command -v npm >/dev/null 2>&1; then
  echo "error: npm is needed to build the web page's assets (Node 18 or newer)." >&2
  exit 1
fi
want=$(sha256sum "$WEB/package-lock.json" | cut -d' ' -f1)
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$want" ]; then
  echo "Installing the web page's npm packages (npm ci)..."
  (cd "$WEB" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > "$STAMP"
fi
# The vendor folder is rebuilt when the lock file or this script changes.
built=$(cat "$WEB/package-lock.json" "$0" | sha256sum | cut -d' ' -f1)
if [ -f "$VENDOR/.build.sha256" ] && [ "$(cat "$VENDOR/.build.sha256")" = "$built" ]; then
  exit 0
fi

USWDS="$WEB/node_modules/@uswds/uswds/dist"
SOCKETIO="$WEB/node_modules/socket.io-client/dist"
mkdir -p "$(dirname "$VENDOR")"
tmp=$(mktemp -d "$(dirname "$VENDOR")/.vendor.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/uswds/css" "$tmp/uswds/js" "$tmp/uswds/fonts" "$tmp/socket.io"
cp "$USWDS/css/uswds.min.css" "$USWDS/css/uswds.min.css.map" "$tmp/uswds/css/"
cp "$USWDS/js/uswds.min.js" "$USWDS/js/uswds.min.js.map" "$tmp/uswds/js/"
# The fonts the default theme's CSS references (Source Sans Pro, Merriweather, Roboto Mono).
cp -r "$USWDS/fonts/source-sans-pro" "$USWDS/fonts/merriweather" "$USWDS/fonts/roboto-mono" "$tmp/uswds/fonts/"
cp -r "$USWDS/img" "$tmp/uswds/img"
cp "$SOCKETIO/socket.io.min.js" "$SOCKETIO/socket.io.min.js.map" "$tmp/socket.io/"
cp "$WEB/node_modules/@uswds/uswds/LICENSE.md" "$tmp/uswds/LICENSE.md"
cp "$WEB/node_modules/socket.io-client/LICENSE" "$tmp/socket.io/LICENSE"
{
  echo "Built by scripts/web_assets.sh from web/package-lock.json; do not edit."
  echo "@uswds/uswds $(node -p "require('./$WEB/node_modules/@uswds/uswds/package.json').version")"
  echo "socket.io-client $(node -p "require('./$WEB/node_modules/socket.io-client/package.json').version")"
} > "$tmp/VERSIONS.txt"
echo "$built" > "$tmp/.build.sha256"
rm -rf "$VENDOR"
mv "$tmp" "$VENDOR"
trap - EXIT
echo "Web assets ready in $VENDOR"
