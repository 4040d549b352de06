#!/usr/bin/env bash
# Sets up what is missing, builds the WebAssembly app and serves it on 127.0.0.1 (PORT=8080 by default).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
shell/setup.sh
export NODE_PATH=/usr/share/nodejs   # Debian's emcc finds its JS dependencies (acorn) there
cmake --preset wasm >/dev/null
cmake --build --preset wasm
exec node shell/serve.mjs build/wasm/site "${PORT:-8080}"
