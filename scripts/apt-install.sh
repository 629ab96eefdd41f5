#!/usr/bin/env bash
# Install the Debian packages named after WHY that are missing, where we are root with apt-get;
# elsewhere say which are missing and why they are wanted. Shared by build-deps.sh and system-deps.sh.
#     bash scripts/apt-install.sh "WHY" PACKAGE...
set -euo pipefail
why=$1
shift
missing=()
for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    log=$(mktemp)
    if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
        cat "$log" >&2
        echo "error: could not install ${missing[*]} ($why)" >&2
        rm -f "$log"
        exit 1
    fi
    rm -f "$log"
else
    echo "warning: ${missing[*]} missing and not installable here ($why)" >&2
fi
