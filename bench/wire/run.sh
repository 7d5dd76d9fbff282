#!/usr/bin/env bash
# Wire-protocol benchmark: unary hub.v1.EchoService/Echo under h2load against three servers, one
# after the other, with the same proto, payload and load:
#   grpc      the hub's gRPC server, grpc-dotnet as the hub configures it (bench/EchoServers --mode grpc)
#   bare      a routed Kestrel POST endpoint that drains the request and writes a fixed framed
#             reply (bench/EchoServers --mode bare): the ceiling of the stack
#   python    Python grpcio (tests/Hub.Interop.Tests/peers/echo_server.py)
# Prints requests/s, latency, server CPU and (.NET) allocations per request for each, and the ratios.
# Exits non-zero when a server fails to start or to answer correctly, or when h2load sees errors.
#
# Settings (environment): CONNECTIONS=16 STREAMS=32 DURATION=15 WARMUP=5 H2LOAD_WARMUP=3
# LATENCY_DURATION=5 PAYLOAD_SIZE=64 PYTHON_WORKERS=4 SERVERS="grpc bare python bare grpc"
# HOSTING_DIAGNOSTICS=on (off: both .NET servers drop ASP.NET Core's per-request Activity and log scope)
# (grpc and bare run twice, in mirrored order, so that drift in the machine's load falls on both
# alike; a server listed more than once is reported as the mean of its runs).
set -euo pipefail

PAYLOAD_SIZE=${PAYLOAD_SIZE:-64}
PYTHON_WORKERS=${PYTHON_WORKERS:-4}
SERVERS=${SERVERS:-grpc bare python bare grpc}
HOSTING_DIAGNOSTICS=${HOSTING_DIAGNOSTICS:-on}
[[ $HOSTING_DIAGNOSTICS == on || $HOSTING_DIAGNOSTICS == off ]] || { echo "HOSTING_DIAGNOSTICS must be on or off" >&2; exit 2; }

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
source "$ROOT/bench/lib/h2load.sh"
PYTHON=/usr/bin/python3
ECHO_SERVERS="$ROOT/bench/EchoServers/bin/Release/net10.0/EchoServers.dll"
PATH_RPC=/hub.v1.EchoService/Echo
H2LOAD_HEADERS=(-H 'content-type: application/grpc' -H 'te: trailers')

bench_workspace wire-bench
SERVER_PID=
PY_STDIN_OPEN=
server_cpu_ticks() { cpu_ticks "$SERVER_PID"; }

stop_server() {
  if [[ -n $SERVER_PID ]]; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    # Bounded: a server that ignores SIGTERM for 10 s is killed.
    for _ in $(seq 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
  fi
  if [[ -n $PY_STDIN_OPEN ]]; then
    exec 3>&-
    PY_STDIN_OPEN=
  fi
}

cleanup() {
  stop_server
  rm -rf "$WORK" "$REQUEST_LOGS"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- prerequisites
apt_updated=
apt_install() {
  if [[ -z $apt_updated ]]; then
    apt-get update -qq >&2
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}
command -v h2load >/dev/null || { log "installing h2load (nghttp2-client)"; apt_install nghttp2-client; }
"$PYTHON" -c 'import grpc' 2>/dev/null || { log "installing python3-grpcio"; apt_install python3-grpcio python3-protobuf; }

log "building EchoServers (Release)"
dotnet build "$ROOT/bench/EchoServers/EchoServers.csproj" -c Release -nologo -v quiet >"$WORK/build.log" 2>&1 \
  || { cat "$WORK/build.log" >&2; die "build failed"; }

# The FileDescriptorSet the Python server builds its message classes from, made with the protoc
# of the Grpc.Tools package the solution restores.
nuget_root=$(dotnet nuget locals global-packages -l | sed -n 's/^global-packages: *//p')
grpc_tools_version=$(sed -n 's/.*Include="Grpc.Tools" Version="\([^"]*\)".*/\1/p' "$ROOT/Directory.Packages.props")
case $(uname -m) in
  x86_64) protoc_arch=linux_x64 ;;
  aarch64) protoc_arch=linux_arm64 ;;
  *) protoc_arch=linux_x86 ;;
esac
protoc="${nuget_root%/}/grpc.tools/$grpc_tools_version/tools/$protoc_arch/protoc"
[[ -x $protoc ]] || die "protoc not found at $protoc (restore the solution first: dotnet restore Hub.sln)"
"$protoc" --descriptor_set_out="$WORK/echo.pb" --include_imports -I "$ROOT/protos" \
  -I "${nuget_root%/}/grpc.tools/$grpc_tools_version/build/native/include" "$ROOT/protos/hub/v1/echo.proto"

# The request every stream sends: one gRPC frame holding EchoRequest{payload}.
"$PYTHON" "$WIRETOOL" frame --size "$PAYLOAD_SIZE" --out "$WORK/request.bin"

# ---------------------------------------------------------------- helpers
start_server() { # start_server NAME; sets SERVER_PID and PORT
  local name=$1 out="$WORK/$1.server.log"
  case $name in
    grpc | bare)
      dotnet "$ECHO_SERVERS" --mode "$name" --port 0 --payload-size "$PAYLOAD_SIZE" \
        --hosting-diagnostics "$HOSTING_DIAGNOSTICS" </dev/null >"$out" 2>&1 &
      SERVER_PID=$!
      ;;
    python)
      # echo_server.py stops when its stdin closes: hold a fifo open on fd 3 while it runs.
      mkfifo "$WORK/python.stdin"
      "$PYTHON" "$ROOT/tests/Hub.Interop.Tests/peers/echo_server.py" --descriptor-set "$WORK/echo.pb" \
        --port 0 --workers "$PYTHON_WORKERS" <"$WORK/python.stdin" >"$out" 2>&1 &
      SERVER_PID=$!
      exec 3>"$WORK/python.stdin"
      PY_STDIN_OPEN=1
      ;;
    *) die "unknown server '$name'" ;;
  esac

  PORT=
  for _ in $(seq 300); do
    PORT=$(sed -n 's/^LISTENING \([0-9]*\)$/\1/p' "$out" | head -n 1)
    [[ -n $PORT ]] && break
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  if [[ -z $PORT ]]; then
    cat "$out" >&2
    die "$name server did not start (no 'LISTENING <port>' within 30 s)"
  fi
  # Answers, with grpc-status 0 and the payload echoed (h2load only sees HTTP statuses).
  "$PYTHON" "$WIRETOOL" check --port "$PORT" --size "$PAYLOAD_SIZE" --timeout 30 >"$WORK/$name.check" 2>&1 \
    || { cat "$out" "$WORK/$name.check" >&2; die "$name server does not answer Echo correctly"; }
}

# ---------------------------------------------------------------- the runs
measure() {
  local name=$1 run=$2
  log "$name: starting"
  start_server "$name"
  log "$name: listening on 127.0.0.1:$PORT, Echo answers grpc-status 0"
  measure_run "$name" "$run" "http://127.0.0.1:$PORT$PATH_RPC" "$WORK/request.bin"
  "$PYTHON" "$WIRETOOL" check --port "$PORT" --size "$PAYLOAD_SIZE" --timeout 10 >"$WORK/$name.check" 2>&1 \
    || { cat "$WORK/$name.check" >&2; die "$name: Echo no longer answers correctly after the load"; }
  stop_server
  rm -f "$WORK/python.stdin"

  # The .NET servers print what they allocated while serving when they stop: alloc_B/req over
  # every request of the three h2load runs. Python prints nothing: its column stays "-".
  local allocated
  allocated=$(sed -n 's/^ALLOCATED \([0-9]*\)$/\1/p' "$WORK/$name.server.log")
  [[ -z $allocated ]] || set_alloc "$allocated"
}

run=0
for server in $SERVERS; do
  run=$((run + 1))
  measure "$server" "$run"
done

# ---------------------------------------------------------------- report
echo
echo "Unary hub.v1.EchoService/Echo, ${PAYLOAD_SIZE}-byte payload, h2load -c $CONNECTIONS -m $STREAMS," \
  "${DURATION}s measured after ${WARMUP}s + ${H2LOAD_WARMUP}s warm-up; $(nproc) CPUs shared by h2load and the server;" \
  ".NET hosting diagnostics $HOSTING_DIAGNOSTICS"
print_results server
echo
if [[ -n $(mean_of grpc 2) && -n $(mean_of bare 2) ]]; then
  echo "grpc/bare   req/s: $(ratio "$(mean_of grpc 2)" "$(mean_of bare 2)")x;" \
    "CPU per request, bare/grpc: $(ratio "$(mean_of bare 8)" "$(mean_of grpc 8)")x"
fi
if [[ -n $(mean_of grpc 2) && -n $(mean_of python 2) ]]; then
  echo "grpc/python req/s: $(ratio "$(mean_of grpc 2)" "$(mean_of python 2)")x;" \
    "CPU per request, python/grpc: $(ratio "$(mean_of python 8)" "$(mean_of grpc 8)")x"
fi
