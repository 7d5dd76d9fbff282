# h2load runs with CPU accounting and their report, shared by bench/wire/run.sh and bench/hub/run.sh.
# Sourced, not run. The load comes from the environment (defaults below). The caller calls
# bench_workspace first, sets H2LOAD_HEADERS (an array of h2load -H arguments for every request) and
# PYTHON (a python3 for bench/wire/wiretool.py), and defines server_cpu_ticks: the user+sys CPU, in
# clock ticks, of everything that serves the requests (the server; for the hub also its PostgreSQL).
# A caller whose server reports what it allocated fills the alloc_B/req column with set_alloc; it
# stays "-" otherwise.

CONNECTIONS=${CONNECTIONS:-16}
STREAMS=${STREAMS:-32}
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-5}
H2LOAD_WARMUP=${H2LOAD_WARMUP:-3}
LATENCY_DURATION=${LATENCY_DURATION:-5}

BENCH_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WIRETOOL="$BENCH_LIB/../wire/wiretool.py"
CLK_TCK=$(getconf CLK_TCK)

bench_workspace() { # bench_workspace NAME: sets WORK (scratch), REQUEST_LOGS and RESULTS; the caller removes them
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
  # h2load writes one line per request to --log-file; on a disk that can cost it most of its speed,
  # so the per-request log goes to memory when /dev/shm is there.
  if [[ -d /dev/shm && -w /dev/shm ]]; then
    REQUEST_LOGS=$(mktemp -d "/dev/shm/$1.XXXXXX")
  else
    REQUEST_LOGS=$WORK
  fi
  # One row per measured run: name req/s mean sd max p50 p99 cpu_us other% lat_run_rps h2load_cpu%
  # alloc_B/req ("-" unless set_alloc fills it)
  RESULTS="$WORK/results.tsv"
  : >"$RESULTS"
}

log() { printf '== %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

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

field() { # field FILE REGEX AWK-PROGRAM: applies the program to the first line matching REGEX
  awk "/$2/ { $3; exit }" "$1"
}

h2load_run() { # h2load_run URL BODY OUTPUT [extra h2load arguments...]: a bounded run, e.g. a warm-up
  local url=$1 body=$2 output=$3
  shift 3
  timeout $((DURATION + WARMUP + H2LOAD_WARMUP + 60)) \
    h2load -c "$CONNECTIONS" -m "$STREAMS" -d "$body" "${H2LOAD_HEADERS[@]}" "$@" "$url" >"$output" 2>&1
}

# measure_run NAME RUN URL BODY: warm-up, the measured run and the latency run of one server or RPC
# (RUN numbers its files); appends its row to $RESULTS and sets RUN_SERVED, the requests served over
# its three h2load runs. Dies when h2load sees any request that failed or was not 2xx.
measure_run() {
  local name=$1 run=$2 url=$3 body=$4
  local main="$WORK/$name.$run.h2load" lat="$WORK/$name.$run.latency.h2load"
  log "$name: warming up ${WARMUP}s"
  h2load_run "$url" "$body" "$WORK/$name.warmup.h2load" -D "$WARMUP" \
    || { cat "$WORK/$name.warmup.h2load" >&2; die "$name: warm-up h2load run failed"; }

  log "$name: measuring ${DURATION}s (after ${H2LOAD_WARMUP}s h2load warm-up), -c $CONNECTIONS -m $STREAMS"
  # h2load runs as a direct child (bounded by -D) so that its CPU can be read while it runs and,
  # once reaped, from this shell's children times.
  children_ticks >"$WORK/children.before"
  h2load -c "$CONNECTIONS" -m "$STREAMS" -d "$body" "${H2LOAD_HEADERS[@]}" -D "$DURATION" \
    --warm-up-time "$H2LOAD_WARMUP" "$url" >"$main" 2>&1 &
  local h2load_pid=$!
  # The CPU counters cover h2load's measuring window: from the end of its warm-up to its exit.
  sleep "$H2LOAD_WARMUP"
  local server0 machine0 h2load0
  server0=$(server_cpu_ticks)
  machine0=$(machine_busy_ticks)
  h2load0=$(cpu_ticks "$h2load_pid" 2>/dev/null || echo 0)
  wait "$h2load_pid" || { cat "$main" >&2; die "$name: h2load failed"; }
  local server1 machine1
  server1=$(server_cpu_ticks)
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
  # Busy CPU of everything that is neither the server nor h2load, as a share of the whole machine.
  other=$(awk -v m=$((machine1 - machine0)) -v s=$((server1 - server0)) -v c="$h2load_ticks" \
    -v hz="$CLK_TCK" -v d="$DURATION" -v cpus="$(nproc)" \
    'BEGIN { o = (m - s - c) / (hz * d * cpus) * 100; printf "%.0f", (o < 0 ? 0 : o) }')
  # h2load's CPU in the window, as a share of one core: near 100% the client is the bottleneck.
  client=$(awk -v c="$h2load_ticks" -v hz="$CLK_TCK" -v d="$DURATION" 'BEGIN { printf "%.0f", c / (hz * d) * 100 }')

  log "$name: $rps req/s, ${cpu_us} us CPU/request; latency run ${LATENCY_DURATION}s with --log-file"
  local requests_log="$REQUEST_LOGS/$name.requests.log"
  h2load_run "$url" "$body" "$lat" -D "$LATENCY_DURATION" --log-file "$requests_log" \
    || { cat "$lat" >&2; die "$name: latency h2load run failed"; }
  local lat_rps count p50_us p99_us non2xx
  lat_rps=$(field "$lat" '^finished in' 'print $4')
  read -r count p50_us p99_us non2xx < <("$PYTHON" "$WIRETOOL" latency "$requests_log")
  [[ $non2xx -eq 0 ]] || die "$name: $non2xx non-2xx responses in the latency run"
  rm -f "$requests_log"

  # h2load leaves the measured run's own warm-up out of its counts; those are taken at the measured rate.
  RUN_SERVED=$(cat "$WORK/$name.warmup.h2load" "$main" "$lat" \
    | awk -v rps="$rps" -v warmup="$H2LOAD_WARMUP" '/^requests:/ { n += $8 } END { printf "%.0f", n + rps * warmup }')

  printf '%s %s %s %s %s %s %s %s %s %s %s -\n' "$name" "$rps" "$(to_ms "$mean")" "$(to_ms "$sd")" "$(to_ms "$max")" \
    "$(awk -v v="$p50_us" 'BEGIN { printf "%.2f", v / 1000 }')" \
    "$(awk -v v="$p99_us" 'BEGIN { printf "%.2f", v / 1000 }')" "$cpu_us" "$other" "$lat_rps" "$client" >>"$RESULTS"
}

# set_alloc BYTES: the alloc_B/req of the last measure_run, BYTES allocated over its RUN_SERVED
# requests (the server's checks before and after are noise next to those).
set_alloc() {
  local alloc
  alloc=$(awk -v a="$1" -v n="$RUN_SERVED" 'BEGIN { printf "%.0f", a / n }')
  sed -i "\$s/ [^ ]*\$/ $alloc/" "$RESULTS"
}

results_header() { # results_header LABEL
  printf '%-12s %9s %8s %7s %7s %7s %7s %10s %6s %7s %11s %12s\n' \
    "$1" req/s mean_ms sd_ms max_ms p50_ms p99_ms cpu_us/req other h2load lat_run_rps alloc_B/req
}

# print_results LABEL: the table of runs (when a name ran more than once) and the mean per name,
# in first-run order; the means also go to $WORK/means.txt for mean_of (columns: 1 name, 2 req/s,
# 8 cpu_us/req, 12 alloc_B/req, "-" when any of the name's runs has none). Sets BUSY_RUNS and warns
# when other processes took much of the machine.
print_results() {
  local label=$1
  local row_format='%-12s %9.0f %8.2f %7.2f %7.2f %7.2f %7.2f %10.2f %5.0f%% %6.0f%% %11.0f %12s\n'
  if [[ $(wc -l <"$RESULTS") -gt $(cut -d ' ' -f 1 "$RESULTS" | sort -u | grep -c .) ]]; then
    echo
    echo "Runs, in order:"
    results_header "$label"
    awk -v f="$row_format" '{ printf f, $1, $2, $3, $4, $5, $6, $7, $8, $9, $11, $10, $12 }' "$RESULTS"
    echo
    echo "Mean per $label:"
  fi
  results_header "$label"
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
    "with --log-file, whose per-request writes slow h2load, at lat_run_rps. cpu_us/req: user+sys CPU of the" \
    "serving processes per request over the measured run. other: CPU used by other processes, share of the machine." \
    "h2load: the client's CPU, share of one core; near 100% the client is the bottleneck." \
    "alloc_B/req: managed bytes the server allocated per request, over all its h2load runs; - when it does not report them.)"

  BUSY_RUNS=$(awk '$9 > 10 { printf "%s%s (%d%%)", (n++ ? ", " : ""), $1, $9 }' "$RESULTS")
  if [[ -n $BUSY_RUNS ]]; then
    echo
    echo "WARNING: other processes took more than 10% of the machine during: $BUSY_RUNS." \
      "Those numbers measure the contention as much as the servers; rerun on a quiet machine."
  fi
}

mean_of() { awk -v s="$1" -v c="$2" '$1 == s { print $c }' "$WORK/means.txt"; } # mean_of NAME COLUMN
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
