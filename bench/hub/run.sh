#!/usr/bin/env bash
# End-to-end RPC benchmark of the running hub: a fresh hub with its embedded PostgreSQL, a scenario
# set up through the public API (bench/HubScenario), then each RPC under the same h2load load as
# bench/wire, authenticated as the scenario's recipient:
#   echo          hub.v1.EchoService/Echo, 64-byte payload: the stack without storage (the baseline)
#   check_access  hub.v1.ConsentService/CheckAccess: the employment centre asks about the person
#   get_case_summary  hub.v1.CaseService/GetCaseSummary: it reads the person's summaries (consent
#                 check, audit record committed, filtered answer)
#   schedule_meeting  hub.v1.MeetingService/ScheduleMeeting: the employment centre convenes MEETINGS
#                 meetings of its people (consent check, no-overlap constraint, two audit records, an
#                 outbox event). Sent by HubScenario, not h2load: h2load repeats one body, and M3
#                 refuses a second meeting of a person at the same time. List it before list_meetings.
#   list_meetings hub.v1.MeetingService/ListMeetings: the employment centre's first page of meetings,
#                 among the ones schedule_meeting made
# Prints requests/s, latency and CPU per request (the hub process and its PostgreSQL processes), and
# each RPC's ratio to echo. Exits non-zero when the hub does not start, a request is not answered
# correctly before or after the load, h2load sees a failure, or the hub logs a failed call.
#
# Settings (environment): CONNECTIONS=16 STREAMS=32 DURATION=15 WARMUP=5 H2LOAD_WARMUP=3
# LATENCY_DURATION=5 PEOPLE=300 MEETINGS=10000 RPCS="echo check_access get_case_summary get_case_summary check_access echo"
# HUB_ARGS="" (more hub configuration, e.g. "--Logging:LogLevel:Npgsql.Command=Warning")
# (each RPC runs twice, in mirrored order, so that drift in the machine's load falls on both alike;
# an RPC listed more than once is reported as the mean of its runs).
set -euo pipefail

PEOPLE=${PEOPLE:-300}
MEETINGS=${MEETINGS:-10000}
RPCS=${RPCS:-echo check_access get_case_summary get_case_summary check_access echo}
HUB_ARGS=${HUB_ARGS:-}

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
source scripts/prerequisites.sh
source bench/lib/h2load.sh
PYTHON=/usr/bin/python3
HUB_DLL=src/Hub/bin/Release/net10.0/Hub.dll
HUBCTL_DLL=src/Hub.Cli/bin/Release/net10.0/hubctl.dll
SCENARIO_DLL=bench/HubScenario/bin/Release/net10.0/HubScenario.dll

bench_workspace hub-bench
# As root the hub runs its PostgreSQL as the postgres user, which must reach the data directory.
chmod 755 "$WORK"
SCENARIO="$WORK/scenario"
HUB_LOG="$WORK/hub.log"
HUB_PID=

stop_hub() {
  [[ -n $HUB_PID ]] || return 0
  # The hub stops its PostgreSQL cluster on SIGTERM. Bounded: a hub that hangs for 30 s is killed,
  # and then its cluster is stopped here.
  kill -TERM "$HUB_PID" 2>/dev/null || true
  for _ in $(seq 300); do kill -0 "$HUB_PID" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$HUB_PID" 2>/dev/null; then
    kill -KILL "$HUB_PID" 2>/dev/null || true
    stop_cluster
  fi
  wait "$HUB_PID" 2>/dev/null || true
  HUB_PID=
}

stop_cluster() { # a fast shutdown (SIGINT to the postmaster), waited for up to 10 s
  local postmaster
  postmaster=$(head -n 1 "$HUB_DATA_DIR/pg/postmaster.pid" 2>/dev/null) || return 0
  kill -INT "$postmaster" 2>/dev/null || return 0
  for _ in $(seq 100); do kill -0 "$postmaster" 2>/dev/null || break; sleep 0.1; done
}

cleanup() {
  stop_hub
  rm -rf "$WORK" "$REQUEST_LOGS"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- prerequisites and build
ensure_dotnet
ensure_postgres
command -v h2load >/dev/null || ensure_apt_packages nghttp2-client

log "building Hub.sln (Release)"
dotnet build Hub.sln -c Release -nologo -v quiet >"$WORK/build.log" 2>&1 \
  || { cat "$WORK/build.log" >&2; die "build failed"; }

# ---------------------------------------------------------------- the hub and its CPU
cluster_pids() { # the embedded PostgreSQL's processes: every one runs in the cluster directory
  local proc
  for proc in /proc/[0-9]*; do
    [[ $(readlink "$proc/cwd" 2>/dev/null) == "$HUB_DATA_DIR/pg" ]] && echo "${proc#/proc/}"
  done
  return 0
}

tree_ticks() { # utime + stime of a process and of its children it has reaped, in clock ticks
  sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | awk '{print $12 + $13 + $14 + $15}'
}

server_cpu_ticks() { # the hub, and its PostgreSQL: backends, and those the postmaster reaped
  local pid total
  total=$(tree_ticks "$HUB_PID")
  for pid in $(cluster_pids); do
    total=$((total + $(tree_ticks "$pid" || echo 0)))
  done
  echo "$total"
}

# Two free loopback ports, held open together so that they differ.
read -r HUB_GRPC_PORT HUB_HTTP_PORT < <("$PYTHON" -c '
import socket
held = [socket.socket() for _ in range(2)]
for s in held: s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in held))')
export HUB_DATA_DIR="$WORK/data" HUB_GRPC_PORT HUB_HTTP_PORT
HUB_ADDRESS="http://127.0.0.1:$HUB_GRPC_PORT"
TOKEN_URL="http://127.0.0.1:$HUB_HTTP_PORT/connect/token"

log "starting the hub: gRPC $HUB_ADDRESS, data in $HUB_DATA_DIR${HUB_ARGS:+, $HUB_ARGS}"
# grpc-dotnet logs every call that does not end OK at Information (and nothing for those that do),
# one line each here, so that the log can prove what h2load can't: h2load counts a gRPC error, an
# HTTP 200, as a success.
# shellcheck disable=SC2086 # HUB_ARGS is a list of options
env -u HUB_ADMIN_CLIENT_SECRET dotnet "$HUB_DLL" --Logging:LogLevel:Grpc.AspNetCore.Server.ServerCallHandler=Information \
  --Logging:Console:FormatterName=simple --Logging:Console:FormatterOptions:SingleLine=true $HUB_ARGS \
  </dev/null >"$HUB_LOG" 2>&1 &
HUB_PID=$!
HUB_ADDRESS=$HUB_ADDRESS dotnet "$HUBCTL_DLL" health --wait 60 >"$WORK/health" 2>&1 \
  || { cat "$HUB_LOG" "$WORK/health" >&2; die "the hub did not become healthy"; }

scenario() { # scenario COMMAND [options]: HubScenario against this hub
  local command=$1
  shift
  dotnet "$SCENARIO_DLL" "$command" --address "$HUB_ADDRESS" --token-url "$TOKEN_URL" --out "$SCENARIO" "$@"
}

log "setting up the scenario: 3 agencies, the person and their consents, $PEOPLE more people"
scenario setup --admin-secret-file "$HUB_DATA_DIR/hub-admin.secret" --people "$PEOPLE" >&2 \
  || { tail -n 50 "$HUB_LOG" >&2; die "the scenario could not be set up or its requests are not answered correctly"; }

# ---------------------------------------------------------------- the runs
# Calls that did not end OK, logged after line $1 of the hub log: warnings and errors, and
# grpc-dotnet's and the authentication's refusals; not the calls h2load cancels when it stops.
failed_calls_since() {
  tail -n +"$(($1 + 1))" "$HUB_LOG" \
    | grep -E '^(warn|fail|crit): |^info: Grpc\.AspNetCore\.Server\.ServerCallHandler\[7\]|^[a-z]{4}: Hub\.Auth\.GrpcRefusals\[[0-9]+\]' \
    | grep -v "status code 'Cancelled'" || true
}

RUN_SECONDS=$((WARMUP + H2LOAD_WARMUP + DURATION + LATENCY_DURATION))

# driver_run NAME RUN: the schedule_meeting load, CONNECTIONS x STREAMS calls in flight, after a
# warm-up of 500 meetings; appends its row to $RESULTS like measure_run, latency from the same run
# and "other" and the client's CPU left at 0 (HubScenario is the client and is not measured).
driver_run() {
  local name=$1 run=$2 out="$WORK/$1.$2.load" in_flight=$((CONNECTIONS * STREAMS))
  log "$name: warming up with 500 meetings"
  scenario schedule-load --count 500 --in-flight "$in_flight" >/dev/null || die "$name: the warm-up load failed"
  log "$name: scheduling $MEETINGS meetings, $in_flight in flight (HubScenario schedule-load)"
  local server0 server1 total rps mean sd max p50 p99
  server0=$(server_cpu_ticks)
  scenario schedule-load --count "$MEETINGS" --in-flight "$in_flight" >"$out" || die "$name: the load failed"
  server1=$(server_cpu_ticks)
  read -r total rps mean sd max p50 p99 <"$out"
  local cpu_us
  cpu_us=$(awk -v t=$((server1 - server0)) -v hz="$CLK_TCK" -v n="$total" 'BEGIN { printf "%.2f", t / hz * 1e6 / n }')
  log "$name: $rps req/s, ${cpu_us} us CPU/request, p99 $p99 ms"
  printf '%s %s %s %s %s %s %s %s 0 %s 0 -\n' "$name" "$rps" "$mean" "$sd" "$max" "$p50" "$p99" "$cpu_us" "$rps" >>"$RESULTS"
}
run=0
for rpc in $RPCS; do
  run=$((run + 1))
  if [[ $rpc == schedule_meeting ]]; then
    scenario renew-token >&2
    log_mark=$(wc -l <"$HUB_LOG")
    driver_run "$rpc" "$run"
    failed=$(failed_calls_since "$log_mark")
    [[ -z $failed ]] || { head -n 20 <<<"$failed" >&2; die "$rpc: the hub logged $(wc -l <<<"$failed") failed calls during the load"; }
    continue
  fi
  [[ -f $SCENARIO/$rpc.bin ]] || die "unknown RPC '$rpc': HubScenario wrote no $SCENARIO/$rpc.bin"
  # A fresh token for this RPC's runs: the hub's tokens live minutes, less than the whole benchmark.
  scenario renew-token >&2
  token_left=$(($(<"$SCENARIO/token.expires") - $(date +%s)))
  [[ $token_left -gt $((RUN_SECONDS + 30)) ]] \
    || die "the token lives ${token_left}s, not enough for one RPC's ${RUN_SECONDS}s of runs; lower DURATION or raise" \
      "its lifetime (HUB_ARGS=--Hub:Auth:TokenLifetimeSeconds=N)"
  H2LOAD_HEADERS=(-H 'content-type: application/grpc' -H 'te: trailers' -H "authorization: Bearer $(<"$SCENARIO/token")")
  scenario check --rpc "$rpc" >&2 || die "$rpc is not answered correctly before the load"

  log_mark=$(wc -l <"$HUB_LOG")
  measure_run "$rpc" "$run" "$HUB_ADDRESS$(<"$SCENARIO/$rpc.path")" "$SCENARIO/$rpc.bin"
  scenario check --rpc "$rpc" >&2 || die "$rpc is no longer answered correctly after the load"
  failed=$(failed_calls_since "$log_mark")
  [[ -z $failed ]] || { head -n 20 <<<"$failed" >&2; die "$rpc: the hub logged $(wc -l <<<"$failed") failed calls during the load"; }
done

# ---------------------------------------------------------------- report
echo
echo "The hub end to end (auth, grpc-dotnet, handler, PostgreSQL), h2load -c $CONNECTIONS -m $STREAMS," \
  "${DURATION}s measured after ${WARMUP}s + ${H2LOAD_WARMUP}s warm-up; $PEOPLE background people;" \
  "$(nproc) CPUs shared by h2load, the hub and PostgreSQL${HUB_ARGS:+; hub options: $HUB_ARGS}"
print_results rpc
if [[ -n $(mean_of echo 2) ]]; then
  echo
  for rpc in $(printf '%s\n' $RPCS | awk '!seen[$0]++'); do
    [[ $rpc != echo && -n $(mean_of "$rpc" 2) ]] || continue
    echo "$rpc/echo req/s: $(ratio "$(mean_of "$rpc" 2)" "$(mean_of echo 2)")x;" \
      "CPU per request, $rpc/echo: $(ratio "$(mean_of "$rpc" 8)" "$(mean_of echo 8)")x"
  done
fi
