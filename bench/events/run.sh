#!/usr/bin/env bash
# Event delivery between two hub nodes on this machine: node A with its embedded PostgreSQL, node B on
# the same database, one private RabbitMQ node between them (bench/EventDelivery measures):
#   - latency from RevokeConsent returning on node A to the event on a WatchEvents stream on node B,
#     p50/p99 over EVENTS revocations made one at a time;
#   - WATCHERS streams on node B while events go into the outbox at RATE/s for DURATION s: deliveries/s,
#     the outbox backlog, and how long after the last write every watcher had every event.
# Settings (environment): EVENTS=1000 WATCHERS=100 RATE=2000 DURATION=10 (seconds of load)
set -euo pipefail

EVENTS=${EVENTS:-1000}
WATCHERS=${WATCHERS:-100}
RATE=${RATE:-2000}
SECONDS_OF_LOAD=${DURATION:-10}

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
source scripts/prerequisites.sh
HUB_DLL=src/Hub/bin/Release/net10.0/Hub.dll
BENCH_DLL=bench/EventDelivery/bin/Release/net10.0/EventDelivery.dll
RABBIT_BIN=/usr/lib/rabbitmq/bin

log() { printf '[events] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

WORK=$(mktemp -d /tmp/hub-events-bench.XXXXXX)
# As root the hub runs its PostgreSQL as the postgres user, which must reach the data directory.
chmod 755 "$WORK"
PIDS=()
export RABBITMQ_NODENAME="hubbench$$@localhost" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 HOME_FOR_RABBIT="$WORK/rabbit"
rabbit() { # the private node's tools, with its environment
  HOME="$HOME_FOR_RABBIT" RABBITMQ_NODE_PORT="$RABBIT_PORT" RABBITMQ_DIST_PORT="$RABBIT_DIST_PORT" \
    RABBITMQ_MNESIA_BASE="$WORK/rabbit/mnesia" RABBITMQ_LOG_BASE="$WORK/rabbit/log" \
    RABBITMQ_CONFIG_FILE="$WORK/rabbit/rabbitmq" RABBITMQ_ENABLED_PLUGINS_FILE="$WORK/rabbit/enabled_plugins" "$RABBIT_BIN/$@"
}

cleanup() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  [[ -n ${RABBIT_PORT:-} ]] && rabbit rabbitmqctl -n "$RABBITMQ_NODENAME" stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ensure_dotnet
ensure_postgres
ensure_apt_packages rabbitmq-server

log "building Hub.sln (Release)"
dotnet build Hub.sln -c Release -nologo -v quiet >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; die "build failed"; }

free_ports() { # N free loopback ports, held open together so that they differ
  /usr/bin/python3 -c "
import socket, sys
held = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in held: s.bind(('127.0.0.1', 0))
print(*(s.getsockname()[1] for s in held))" "$1"
}
read -r RABBIT_PORT RABBIT_DIST_PORT A_GRPC A_HTTP B_GRPC B_HTTP < <(free_ports 6)

log "starting RabbitMQ ($RABBITMQ_NODENAME on 127.0.0.1:$RABBIT_PORT)"
mkdir -p "$WORK/rabbit" && echo '[].' >"$WORK/rabbit/enabled_plugins"
rabbit rabbitmq-server -detached
for _ in $(seq 120); do rabbit rabbitmqctl -n "$RABBITMQ_NODENAME" await_startup --timeout 60 >/dev/null 2>&1 && break; sleep 0.5; done
rabbit rabbitmqctl -n "$RABBITMQ_NODENAME" await_startup --timeout 5 >/dev/null || die "RabbitMQ did not start"

ADMIN_SECRET_FILE="$WORK/admin.secret"
head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$ADMIN_SECRET_FILE"
ISSUER="http://127.0.0.1:$A_HTTP"
start_node() { # name grpc-port http-port [more environment]
  local name=$1 grpc=$2 http=$3
  shift 3
  env HUB_ADMIN_CLIENT_SECRET="$(cat "$ADMIN_SECRET_FILE")" HUB_GRPC_PORT="$grpc" HUB_HTTP_PORT="$http" \
    Hub__Auth__Issuer="$ISSUER" Hub__RabbitMq__Host=127.0.0.1 Hub__RabbitMq__Port="$RABBIT_PORT" "$@" \
    dotnet "$HUB_DLL" </dev/null >"$WORK/$name.log" 2>&1 &
  PIDS+=($!)
  HUB_ADDRESS="http://127.0.0.1:$grpc" dotnet src/Hub.Cli/bin/Release/net10.0/hubctl.dll health --wait 60 >/dev/null \
    || { tail -n 40 "$WORK/$name.log" >&2; die "node $name did not become healthy"; }
}

log "starting node A (embedded PostgreSQL in $WORK/data) and node B on its database"
start_node a "$A_GRPC" "$A_HTTP" HUB_DATA_DIR="$WORK/data"
DATABASE="Host=$WORK/data/run;Port=5432;Username=hub;Database=hub"
start_node b "$B_GRPC" "$B_HTTP" ConnectionStrings__Hub="$DATABASE" HUB_DATA_DIR="$WORK/data-b"

log "measuring: $EVENTS revocations one at a time, then $WATCHERS watchers while $RATE events/s go into the outbox for ${SECONDS_OF_LOAD}s"
dotnet "$BENCH_DLL" --node-a "http://127.0.0.1:$A_GRPC" --node-b "http://127.0.0.1:$B_GRPC" --token-url "$ISSUER/connect/token" \
  --admin-secret-file "$ADMIN_SECRET_FILE" --database "$DATABASE" \
  --events "$EVENTS" --watchers "$WATCHERS" --rate "$RATE" --seconds "$SECONDS_OF_LOAD"
