#!/usr/bin/env bash
# Start QGIS desktop with the plugin from this work tree, linked into a throwaway profile under
# .stamps/qgis-profile (your own QGIS profile is never touched). Uses Xvfb when there is no display.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD/.stamps/qgis-profiles"
profile="$root/profiles/mitmach-dev"
mkdir -p "$profile/python/plugins" "$profile/QGIS"
ln -sfn "$PWD/mitmach_qgis" "$profile/python/plugins/mitmach_qgis"
ini="$profile/QGIS/QGIS3.ini"
if ! grep -q "mitmach_qgis=true" "$ini" 2>/dev/null; then
  printf '[PythonPlugins]\nmitmach_qgis=true\n\n[qgis]\ncheckVersion=false\n' >> "$ini"
fi
args=(qgis --noversioncheck --profiles-path "$root" --profile mitmach-dev "$@")
unset QT_QPA_PLATFORM
if [ -z "${DISPLAY:-}" ]; then
  echo "No display: starting QGIS under Xvfb (use a desktop session to try it by hand)."
  exec xvfb-run -a -s "-screen 0 1600x1000x24" "${args[@]}"
fi
exec "${args[@]}"
