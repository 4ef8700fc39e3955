#!/usr/bin/env bash
# Install the Debian packages listed in tools/apt-packages.txt that are not installed yet.
# Idempotent: when everything is present it only asks dpkg (milliseconds) and touches nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t wanted < <(grep -v '^\s*#' tools/apt-packages.txt | sed '/^\s*$/d')
missing=()
for pkg in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done
# Leaflet for the web map comes from the npm registry at build time: npm is needed. Node's own packages
# (nodesource) bring npm with them, Debian's are split; only ask for Debian's when there is no npm at all.
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: Debian packages present"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "setup: installing ${missing[*]}"
# Debian's postgresql package would create (and on a systemd machine start) a default cluster; the tests
# run their own throwaway cluster, so that one is never made.
if [ ! -e /etc/postgresql-common/createcluster.d/mitmach.conf ]; then
  $SUDO mkdir -p /etc/postgresql-common/createcluster.d
  echo "create_main_cluster = false" | $SUDO tee /etc/postgresql-common/createcluster.d/mitmach.conf >/dev/null
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
