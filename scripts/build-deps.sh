#!/usr/bin/env bash
# System packages that `pip install` needs to build what PyPI ships only as source: PyICU (pulled in by
# followthemoney and rigour through normality) compiles against ICU, so it needs ICU's headers, pkg-config
# and a C++ compiler. Installed only when missing and only where we are root with apt-get;
# elsewhere this names them and pip's own error says the rest.
set -euo pipefail
build_packages=(libicu-dev pkg-config g++)
missing=()
for pkg in "${build_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    log=$(mktemp)
    if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
        cat "$log" >&2
        echo "error: could not install ${missing[*]} (needed to build PyICU)" >&2
        rm -f "$log"
        exit 1
    fi
    rm -f "$log"
else
    echo "warning: building PyICU needs ${missing[*]} (or your system's ICU headers, pkg-config and a C++ compiler)" >&2
fi
