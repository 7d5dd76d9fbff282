#!/usr/bin/env bash
# Wire-protocol benchmark: unary hub.v1.EchoService/Echo under h2load against three servers, one
# after the other, with the same proto, payload and load:
#   protocol  Hub.Protocol (bench/EchoServers --mode protocol)
#   bare      a routed Kestrel POST endpoint that drains the request and writes a fixed framed
#             reply (bench/EchoServers --mode bare): the ceiling of the stack
#   python    Python grpcio (tests/Hub.Interop.Tests/peers/echo_server.py)
# Prints requests/s, latency, server CPU and (.NET) allocations per request for each, and the ratios.
# Exits non-zero when a server fails to start or to answer correctly, or when h2load sees errors.
#
# Settings (environment): CONNECTIONS=16 STREAMS=32 DURATION=15 WARMUP=5 H2LOAD_WARMUP=3
# LATENCY_DURATION=5 PAYLOAD_SIZE=64 PYTHON_WORKERS=4 SERVERS="protocol bare python bare protocol"
# HOSTING_DIAGNOSTICS=on (off: both .NET servers drop ASP.NET Core's per-request Activity and log scope)
# (protocol and bare run twice, in mirrored order, so that drift in the machine's load falls on both
# alike; a server listed more than once is reported as the mean of its runs).
set -euo pipefail

CONNECTIONS=${CONNECTIONS:-16}
STREAMS=${STREAMS:-32}
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-5}
H2LOAD_WARMUP=${H2LOAD_WARMUP:-3}
LATENCY_DURATION=${LATENCY_DURATION:-5}
PAYLOAD_SIZE=${PAYLOAD_SIZE:-64}
PYTHON_WORKERS=${PYTHON_WORKERS:-4}
SERVERS=${SERVERS:-protocol bare python bare protocol}
HOSTING_DIAGNOSTICS=${HOSTING_DIAGNOSTICS:-on}
[[ $HOSTING_DIAGNOSTICS == on || $HOSTING_DIAGNOSTICS == off ]] || { echo "HOSTING_DIAGNOSTICS must be on or off" >&2; exit 2; }

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PYTHON=/usr/bin/python3
WIRETOOL="$ROOT/bench/wire/wiretool.py"
ECHO_SERVERS="$ROOT/bench/EchoServers/bin/Release/net10.0/EchoServers.dll"
PATH_RPC=/hub.v1.EchoService/Echo
CLK_TCK=$(getconf CLK_TCK)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/wire-bench.XXXXXX")
# h2load writes one line per request to --log-file; on a disk that can cost it most of its speed,
# so the per-request log goes to memory when /dev/shm is there.
if [[ -d /dev/shm && -w /dev/shm ]]; then
  REQUEST_LOGS=$(mktemp -d /dev/shm/wire-bench.XXXXXX)
else
  REQUEST_LOGS=$WORK
fi
SERVER_PID=
PY_STDIN_OPEN=

log() { printf '== %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

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
"$protoc" --descriptor_set_out="$WORK/echo.pb" --include_imports -I "$ROOT/protos" "$ROOT/protos/hub/v1/echo.proto"

# The request every stream sends: one gRPC frame holding EchoRequest{payload}.
"$PYTHON" "$WIRETOOL" frame --size "$PAYLOAD_SIZE" --out "$WORK/request.bin"

# ---------------------------------------------------------------- helpers
cpu_ticks() { # utime + stime of a process, in clock ticks
  sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'
}

machine_busy_ticks() { # all CPUs, busy (non-idle, non-iowait) ticks
  awk '/^cpu /{print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat
}

children_ticks() { # CPU of reaped children (h2load) so far, in clock ticks
  # `times` runs in this shell (a command substitution would be a fresh process with no children).
  times >"$WORK/times"
  awk -v hz="$CLK_TCK" 'NR == 2 {
    total = 0
    for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); total += a[1] * 60 + a[2] }
    printf "%d\n", total * hz }' "$WORK/times"
}

to_ms() { # h2load duration ("812us", "3.41ms", "1.02s") in milliseconds
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.2f", v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.2f", v }
    else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.2f", v * 1000 }
    else printf "nan" }'
}

h2load_run() { # h2load_run PORT OUTPUT [extra h2load arguments...]
  local port=$1 output=$2
  shift 2
  timeout $((DURATION + WARMUP + H2LOAD_WARMUP + 60)) \
    h2load -c "$CONNECTIONS" -m "$STREAMS" -d "$WORK/request.bin" \
      -H 'content-type: application/grpc' -H 'te: trailers' "$@" \
      "http://127.0.0.1:$port$PATH_RPC" >"$output" 2>&1
}

start_server() { # start_server NAME; sets SERVER_PID and PORT
  local name=$1 out="$WORK/$1.server.log"
  case $name in
    protocol | bare)
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

field() { # field FILE REGEX AWK-PROGRAM: applies the program to the first line matching REGEX
  awk "/$2/ { $3; exit }" "$1"
}

# ---------------------------------------------------------------- the runs
# One row per measured run: server req/s mean sd max p50 p99 cpu_us other% lat_run_rps h2load_cpu%
RESULTS="$WORK/results.tsv"
: >"$RESULTS"

measure() {
  local name=$1 run=$2
  local main="$WORK/$name.$run.h2load" lat="$WORK/$name.$run.latency.h2load"
  log "$name: starting"
  start_server "$name"
  log "$name: listening on 127.0.0.1:$PORT, Echo answers grpc-status 0; warming up ${WARMUP}s"
  h2load_run "$PORT" "$WORK/$name.warmup.h2load" -D "$WARMUP" \
    || { cat "$WORK/$name.warmup.h2load" >&2; die "$name: warm-up h2load run failed"; }

  log "$name: measuring ${DURATION}s (after ${H2LOAD_WARMUP}s h2load warm-up), -c $CONNECTIONS -m $STREAMS"
  # h2load runs as a direct child (bounded by -D) so that its CPU can be read while it runs and,
  # once reaped, from this shell's children times.
  children_ticks >"$WORK/children.before"
  h2load -c "$CONNECTIONS" -m "$STREAMS" -d "$WORK/request.bin" \
    -H 'content-type: application/grpc' -H 'te: trailers' -D "$DURATION" --warm-up-time "$H2LOAD_WARMUP" \
    "http://127.0.0.1:$PORT$PATH_RPC" >"$main" 2>&1 &
  local h2load_pid=$!
  # The CPU counters cover h2load's measuring window: from the end of its warm-up to its exit.
  sleep "$H2LOAD_WARMUP"
  local server0 machine0 h2load0
  server0=$(cpu_ticks "$SERVER_PID")
  machine0=$(machine_busy_ticks)
  h2load0=$(cpu_ticks "$h2load_pid" 2>/dev/null || echo 0)
  wait "$h2load_pid" || { cat "$main" >&2; die "$name: h2load failed"; }
  local server1 machine1
  server1=$(cpu_ticks "$SERVER_PID")
  machine1=$(machine_busy_ticks)
  children_ticks >"$WORK/children.after"
  local h2load_ticks=$(($(<"$WORK/children.after") - $(<"$WORK/children.before") - h2load0))

  local total succeeded failed errored timeouts ok2xx
  read -r total succeeded failed errored timeouts < <(field "$main" '^requests:' \
    'print $2, $8, $10, $12, $14')
  ok2xx=$(field "$main" '^status codes:' 'print $3')
  if [[ -z $total || $total -eq 0 || $failed -ne 0 || $errored -ne 0 || $timeouts -ne 0 || $ok2xx -ne $total ]]; then
    cat "$main" >&2
    die "$name: h2load reports unsuccessful requests"
  fi
  local rps mean sd max cpu_us other client
  rps=$(field "$main" '^finished in' 'print $4')
  read -r mean sd max < <(field "$main" '^time for request:' 'print $6, $7, $5')
  cpu_us=$(awk -v t=$((server1 - server0)) -v hz="$CLK_TCK" -v n="$total" 'BEGIN { printf "%.2f", t / hz * 1e6 / n }')
  # Busy CPU of everything that is neither this server nor h2load, as a share of the whole machine.
  other=$(awk -v m=$((machine1 - machine0)) -v s=$((server1 - server0)) -v c="$h2load_ticks" \
    -v hz="$CLK_TCK" -v d="$DURATION" -v cpus="$(nproc)" \
    'BEGIN { o = (m - s - c) / (hz * d * cpus) * 100; printf "%.0f", (o < 0 ? 0 : o) }')
  # h2load's CPU in the window, as a share of one core: near 100% the client is the bottleneck.
  client=$(awk -v c="$h2load_ticks" -v hz="$CLK_TCK" -v d="$DURATION" 'BEGIN { printf "%.0f", c / (hz * d) * 100 }')

  log "$name: $rps req/s, ${cpu_us} us CPU/request; latency run ${LATENCY_DURATION}s with --log-file"
  local requests_log="$REQUEST_LOGS/$name.requests.log"
  h2load_run "$PORT" "$lat" -D "$LATENCY_DURATION" --log-file "$requests_log" \
    || { cat "$lat" >&2; die "$name: latency h2load run failed"; }
  local lat_rps count p50_us p99_us non2xx
  lat_rps=$(field "$lat" '^finished in' 'print $4')
  read -r count p50_us p99_us non2xx < <("$PYTHON" "$WIRETOOL" latency "$requests_log")
  [[ $non2xx -eq 0 ]] || die "$name: $non2xx non-2xx responses in the latency run"
  rm -f "$requests_log"

  "$PYTHON" "$WIRETOOL" check --port "$PORT" --size "$PAYLOAD_SIZE" --timeout 10 >"$WORK/$name.check" 2>&1 \
    || { cat "$WORK/$name.check" >&2; die "$name: Echo no longer answers correctly after the load"; }
  stop_server
  rm -f "$WORK/python.stdin"

  # The .NET servers print what they allocated while serving when they stop: per request, over
  # every request of the three h2load runs (the two checks are noise next to millions). h2load
  # leaves the measured run's own warm-up out of its counts; those are taken at the measured rate.
  local allocated served alloc=-
  allocated=$(sed -n 's/^ALLOCATED \([0-9]*\)$/\1/p' "$WORK/$name.server.log")
  if [[ -n $allocated ]]; then
    served=$(cat "$WORK/$name.warmup.h2load" "$main" "$lat" \
      | awk -v rps="$rps" -v warmup="$H2LOAD_WARMUP" '/^requests:/ { n += $8 } END { printf "%.0f", n + rps * warmup }')
    alloc=$(awk -v a="$allocated" -v n="$served" 'BEGIN { printf "%.0f", a / n }')
  fi

  printf '%s %s %s %s %s %s %s %s %s %s %s %s\n' "$name" "$rps" "$(to_ms "$mean")" "$(to_ms "$sd")" "$(to_ms "$max")" \
    "$(awk -v v="$p50_us" 'BEGIN { printf "%.2f", v / 1000 }')" \
    "$(awk -v v="$p99_us" 'BEGIN { printf "%.2f", v / 1000 }')" "$cpu_us" "$other" "$lat_rps" "$client" "$alloc" >>"$RESULTS"
}

run=0
for server in $SERVERS; do
  run=$((run + 1))
  measure "$server" "$run"
done

# ---------------------------------------------------------------- report
header() {
  printf '%-9s %9s %8s %7s %7s %7s %7s %10s %6s %7s %11s %12s\n' \
    server req/s mean_ms sd_ms max_ms p50_ms p99_ms cpu_us/req other h2load lat_run_rps alloc_B/req
}
row_format='%-9s %9.0f %8.2f %7.2f %7.2f %7.2f %7.2f %10.2f %5.0f%% %6.0f%% %11.0f %12s\n'

echo
echo "Unary hub.v1.EchoService/Echo, ${PAYLOAD_SIZE}-byte payload, h2load -c $CONNECTIONS -m $STREAMS," \
  "${DURATION}s measured after ${WARMUP}s + ${H2LOAD_WARMUP}s warm-up; $(nproc) CPUs shared by h2load and the server;" \
  ".NET hosting diagnostics $HOSTING_DIAGNOSTICS"
if [[ $(wc -l <"$RESULTS") -gt $(tr ' ' '\n' <<<"$SERVERS" | sort -u | grep -c .) ]]; then
  echo
  echo "Runs, in order:"
  header
  awk -v f="$row_format" '{ printf f, $1, $2, $3, $4, $5, $6, $7, $8, $9, $11, $10, $12 }' "$RESULTS"
  echo
  echo "Mean per server:"
fi
header
# Servers measured more than once (SERVERS="protocol bare python bare protocol") are averaged.
awk -v f="$row_format" '
  !($1 in n) { order[++k] = $1 }
  { n[$1]++; for (i = 2; i <= 12; i++) sum[$1, i] += $i; if ($12 == "-") noalloc[$1] = 1 }
  END {
    for (j = 1; j <= k; j++) {
      s = order[j]
      printf f, s, sum[s, 2] / n[s], sum[s, 3] / n[s], sum[s, 4] / n[s], sum[s, 5] / n[s], sum[s, 6] / n[s],
        sum[s, 7] / n[s], sum[s, 8] / n[s], sum[s, 9] / n[s], sum[s, 11] / n[s], sum[s, 10] / n[s],
        (s in noalloc ? "-" : sprintf("%.0f", sum[s, 12] / n[s]))
    }
  }' "$RESULTS" | tee "$WORK/means.txt"
echo "(req/s, mean/sd/max: h2load's summary of the measured run. p50/p99: a separate ${LATENCY_DURATION}s run" \
  "with --log-file, whose per-request writes slow h2load, at lat_run_rps. cpu_us/req: server user+sys CPU" \
  "per request over the measured run. other: CPU used by other processes, share of the machine." \
  "h2load: the client's CPU, share of one core; near 100% the client is the bottleneck." \
  "alloc_B/req: managed bytes the .NET server allocated per request, over all its h2load runs.)"

busy_runs=$(awk '$9 > 10 { printf "%s%s (%d%%)", (n++ ? ", " : ""), $1, $9 }' "$RESULTS")
if [[ -n $busy_runs ]]; then
  echo
  echo "WARNING: other processes took more than 10% of the machine during: $busy_runs." \
    "Those numbers measure the contention as much as the servers; rerun on a quiet machine."
fi

mean_of() { awk -v s="$1" -v c="$2" '$1 == s { print $c }' "$WORK/means.txt"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() {
  awk -v r="$1" -v t="$2" -v busy="$busy_runs" \
    'BEGIN { printf "%s%s\n", (r >= t ? "met" : "NOT met"), (busy != "" ? ", unreliable: see WARNING" : "") }'
}
echo
if [[ -n $(mean_of protocol 2) && -n $(mean_of bare 2) ]]; then
  r=$(ratio "$(mean_of protocol 2)" "$(mean_of bare 2)")
  echo "protocol/bare   req/s: ${r}x (target >= 0.9x: $(verdict "$r" 0.9));" \
    "CPU per request, bare/protocol: $(ratio "$(mean_of bare 8)" "$(mean_of protocol 8)")x"
fi
if [[ -n $(mean_of protocol 2) && -n $(mean_of python 2) ]]; then
  r=$(ratio "$(mean_of protocol 2)" "$(mean_of python 2)")
  echo "protocol/python req/s: ${r}x (target >= 20x: $(verdict "$r" 20));" \
    "CPU per request, python/protocol: $(ratio "$(mean_of python 8)" "$(mean_of protocol 8)")x"
fi
