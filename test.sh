#!/usr/bin/env bash
# Installs what the tests need (PostgreSQL, RabbitMQ, Python grpcio and icalendar, buf, grpc-js,
# Debian's chromium with a Japanese font for the person's page) and runs every test.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/prerequisites.sh

ensure_dotnet
ensure_postgres
ensure_apt_packages python3-grpcio python3-grpc-tools python3-icalendar rabbitmq-server chromium fonts-ipafont-gothic
ensure_buf
ensure_grpc_js

echo "==> building"
dotnet build Hub.sln -c Release -nologo -v quiet

echo "==> testing"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test Hub.sln -c Release --no-build -nologo 2>&1 | tee "$log" || status=$?

# One closing line for the whole run, summed over the test assemblies.
awk '/^(Passed!|Failed!) +- Failed:/ {
       gsub(",", ""); failed += $4; passed += $6; skipped += $8
     }
     END {
       printf "Tests: %d passed, %d failed, %d skipped\n", passed, failed, skipped
       if (passed + failed == 0) { print "error: no test ran"; exit 1 }
     }' "$log" || status=1
exit "$status"
