#!/usr/bin/env bash
# Fetch Leaflet (pinned) from the npm registry into DEST (default: the plugin's web resources).
# Build-time only: the web map never loads anything at run time. Idempotent: a DEST that already
# holds leaflet.js of the pinned version is left alone.
set -euo pipefail

LEAFLET_VERSION="1.9.4"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="${1:-$ROOT/mitmach_qgis/resources/web/vendor/leaflet}"

if [[ -f "$DEST/leaflet.js" && -f "$DEST/leaflet.css" && -f "$DEST/LICENSE" ]] \
    && grep -q "Leaflet $LEAFLET_VERSION" "$DEST/leaflet.js"; then
  exit 0
fi

command -v npm >/dev/null || { echo "fetch-leaflet: npm is needed (apt-get install npm)" >&2; exit 1; }

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
( cd "$TMP" && npm pack --silent --no-fund --no-audit "leaflet@$LEAFLET_VERSION" >/dev/null )
tar -xzf "$TMP"/leaflet-"$LEAFLET_VERSION".tgz -C "$TMP"
PKG="$TMP/package"
grep -q "Leaflet $LEAFLET_VERSION" "$PKG/dist/leaflet.js" \
  || { echo "fetch-leaflet: the package is not Leaflet $LEAFLET_VERSION" >&2; exit 1; }

rm -rf "$DEST.tmp" && mkdir -p "$DEST.tmp/images"
cp "$PKG/dist/leaflet.js" "$PKG/dist/leaflet.css" "$PKG/LICENSE" "$DEST.tmp/"
cp "$PKG"/dist/images/* "$DEST.tmp/images/"
rm -rf "$DEST" && mv "$DEST.tmp" "$DEST"
echo "fetch-leaflet: Leaflet $LEAFLET_VERSION in $DEST"
