#!/usr/bin/env bash
# The person's page under load: a fresh hub on its embedded PostgreSQL, a person with RECORDS access
# records, SESSIONS signed-in sessions loading the access log at once for SECONDS (bench/HubScenario
# page-load). Prints time to first byte and to the whole page, p50/p99, for the newest page of the log
# and one from its middle.
# Settings (environment): RECORDS=10000 SESSIONS=32 SECONDS=20
set -euo pipefail

RECORDS=${RECORDS:-10000}
SESSIONS=${SESSIONS:-32}
SECONDS_OF_LOAD=${SECONDS:-20}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
source scripts/prerequisites.sh
ensure_dotnet
ensure_postgres

WORK=$(mktemp -d "${TMPDIR:-/tmp}/person-page-bench.XXXXXX")
# As root the hub runs its PostgreSQL as the postgres user, which must reach the data directory.
chmod 755 "$WORK"
HUB_PID=
cleanup() {
  if [[ -n $HUB_PID ]]; then
    kill -TERM "$HUB_PID" 2>/dev/null || true
    wait "$HUB_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== building (Release)" >&2
dotnet build Hub.sln -c Release -nologo -v quiet >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; exit 1; }
dotnet build bench/HubScenario -c Release -nologo -v quiet >>"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; exit 1; }

read -r HUB_GRPC_PORT HUB_HTTP_PORT < <(python3 -c '
import socket
held = [socket.socket() for _ in range(2)]
for s in held: s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in held))')
export HUB_DATA_DIR="$WORK/data" HUB_GRPC_PORT HUB_HTTP_PORT
address="http://127.0.0.1:$HUB_GRPC_PORT"
token_url="http://127.0.0.1:$HUB_HTTP_PORT/connect/token"

echo "== starting the hub: HTTP port $HUB_HTTP_PORT, data in $HUB_DATA_DIR" >&2
# All the sessions sign in from loopback: the per-address limit on sign-in attempts is raised for them.
env -u HUB_ADMIN_CLIENT_SECRET dotnet src/Hub/bin/Release/net10.0/Hub.dll --Hub:PersonPage:SignInAttemptsPerAddress=100000 </dev/null >"$WORK/hub.log" 2>&1 &
HUB_PID=$!
HUB_ADDRESS=$address dotnet src/Hub.Cli/bin/Release/net10.0/hubctl.dll health --wait 60 >/dev/null || { cat "$WORK/hub.log" >&2; exit 1; }

dotnet bench/HubScenario/bin/Release/net10.0/HubScenario.dll page-load --address "$address" --token-url "$token_url" --out "$WORK/scenario" \
  --admin-secret-file "$HUB_DATA_DIR/hub-admin.secret" --records "$RECORDS" --sessions "$SESSIONS" --seconds "$SECONDS_OF_LOAD" \
  || { grep -E "fail|warn" "$WORK/hub.log" | tail -n 20 >&2; exit 1; }
