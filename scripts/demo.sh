#!/usr/bin/env bash
# The story, played against a fresh hub with its own data directory and ports; the hub stops at the end.
set -euo pipefail
hub_dll=$1
hubctl_dll=$2

demo_dir=$(mktemp -d /tmp/interop-hub-demo.XXXXXX)
chmod 755 "$demo_dir"
export HUB_DATA_DIR="$demo_dir/data"
export HUB_GRPC_PORT="${HUB_GRPC_PORT:-5200}"
export HUB_HTTP_PORT="${HUB_HTTP_PORT:-5201}"
export HUB_ADDRESS="http://127.0.0.1:$HUB_GRPC_PORT"

dotnet "$hub_dll" >"$demo_dir/hub.log" 2>&1 &
hub_pid=$!
cleanup() {
  kill -TERM "$hub_pid" 2>/dev/null && wait "$hub_pid" 2>/dev/null || true
  rm -rf "$demo_dir"
}
trap cleanup EXIT

hubctl() { dotnet "$hubctl_dll" "$@"; }
say() { printf '\n== %s\n' "$*"; }

say "A fresh hub starts on its own PostgreSQL (log: $demo_dir/hub.log)"
if ! hubctl health --wait 60; then
  cat "$demo_dir/hub.log" >&2
  exit 1
fi

say "A partner system checks its connection"
hubctl echo "hello from the employment support office"
