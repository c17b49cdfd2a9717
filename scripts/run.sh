#!/usr/bin/env bash
# Builds Tessera (installing missing Debian packages first) and runs the server in the
# foreground with default settings. Extra arguments go to the server, e.g. --port 7000.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh release tessera
exec build/tessera "$@"
