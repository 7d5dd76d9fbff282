#!/usr/bin/env bash
# Throughput of the token endpoint: h2load (HTTP/1.1, the HTTP port's protocol) posting the same
# client-credentials request, authenticated by client_secret_post, to a fresh hub.
# Usage: bench/token/run.sh [seconds=15] [connections=8]
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/prerequisites.sh
duration=${1:-15}
connections=${2:-8}

ensure_dotnet
ensure_postgres
command -v h2load >/dev/null 2>&1 || ensure_apt_packages nghttp2-client
dotnet build Hub.sln -c Release -nologo -v quiet >/dev/null

work=$(mktemp -d /tmp/hub-bench-token.XXXXXX)
chmod 755 "$work"
export HUB_DATA_DIR="$work/data" HUB_GRPC_PORT=5310 HUB_HTTP_PORT=5311
export HUB_ADDRESS="http://127.0.0.1:$HUB_GRPC_PORT" HUB_TOKEN_URL="http://127.0.0.1:$HUB_HTTP_PORT/connect/token"
export HUB_ADMIN_CLIENT_SECRET="bench-admin-$(date +%s%N)"
export Logging__LogLevel__Default=Warning
dotnet src/Hub/bin/Release/net10.0/Hub.dll >"$work/hub.log" 2>&1 &
hub_pid=$!
trap 'kill -TERM "$hub_pid" 2>/dev/null; wait "$hub_pid" 2>/dev/null; rm -rf "$work"' EXIT

hubctl() { dotnet src/Hub.Cli/bin/Release/net10.0/hubctl.dll "$@"; }
hubctl health --wait 60 >/dev/null
registered=$(hubctl --client-id hub-admin --client-secret "$HUB_ADMIN_CLIENT_SECRET" agency register --name "Bench Office" --kind WELFARE)
client_id=$(sed -n 's/^client id: *\([^ ]*\).*/\1/p' <<<"$registered")
client_secret=$(sed -n 's/^client secret: *\([^ ]*\).*/\1/p' <<<"$registered")

printf 'grant_type=client_credentials&client_id=%s&client_secret=%s' "$client_id" "$client_secret" >"$work/form"
h2load --h1 -c "$connections" -D "$duration" --warm-up-time 3 -d "$work/form" \
  -H 'content-type: application/x-www-form-urlencoded' "$HUB_TOKEN_URL" >"$work/h2load.txt"
grep -E '^(finished in|requests:|status codes:)' "$work/h2load.txt"
grep -E '^time for request:' "$work/h2load.txt"
ok=$(sed -n 's/^status codes: \([0-9]*\) 2xx.*/\1/p' "$work/h2load.txt")
[ "${ok:-0}" -gt 0 ] || { echo "error: no token was issued" >&2; exit 1; }
