#!/usr/bin/env bash
# System packages that `pip install` needs to build what PyPI ships only as source: PyICU (pulled in by
# followthemoney and rigour through normality) compiles against ICU, so it needs ICU's headers, pkg-config
# and a C++ compiler. Installed only when missing and only where we are root with apt-get;
# elsewhere this names them and pip's own error says the rest.
set -euo pipefail
cd "$(dirname "$0")"
bash apt-install.sh "needed to build PyICU: ICU headers, pkg-config and a C++ compiler" libicu-dev pkg-config g++
