#!/usr/bin/env bash
# ./run.sh        installs what is missing, builds, and runs the hub in the foreground
# ./run.sh demo   plays the story against a fresh hub and prints it
set -euo pipefail
cd "$(dirname "$0")"
source scripts/prerequisites.sh

ensure_dotnet
ensure_postgres

echo "==> building"
dotnet build Hub.sln -c Release -nologo -v quiet

hub_dll=src/Hub/bin/Release/net10.0/Hub.dll
hubctl_dll=src/Hub.Cli/bin/Release/net10.0/hubctl.dll

# PostgreSQL won't run as root, so as root the embedded cluster runs as the postgres user, which
# must be able to reach the data directory; a checkout under /root (0700) can't give it that.
default_data_dir() {
  if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$PWD" 2>/dev/null; then
    echo "/var/lib/interop-hub/$(basename "$PWD")"
  else
    echo "$PWD/.hub"
  fi
}

case "${1:-}" in
  "")
    export HUB_DATA_DIR="${HUB_DATA_DIR:-$(default_data_dir)}"
    echo "==> starting the hub: gRPC on 127.0.0.1:${HUB_GRPC_PORT:-5100}, HTTP on 127.0.0.1:${HUB_HTTP_PORT:-5101}, data in $HUB_DATA_DIR"
    exec dotnet "$hub_dll"
    ;;
  demo)
    exec scripts/demo.sh "$hub_dll" "$hubctl_dll"
    ;;
  *)
    echo "usage: ./run.sh [demo]" >&2
    exit 2
    ;;
esac
