# Shared by run.sh and test.sh: install what is missing, and nothing that is already there.
# Sourced, not run.

# Runs a command as root: directly when we are root (CI, these machines), else through sudo.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs the Debian packages that are not installed yet; `apt-get update` runs once, only if needed.
ensure_apt_packages() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "==> installing ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# The .NET SDK comes with the machine; say plainly what to do when it does not.
ensure_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "error: the .NET 10 SDK (dotnet) is not on PATH; install it, then run this again." >&2
    exit 1
  fi
}

# PostgreSQL's server binaries (initdb, pg_ctl) for the embedded database.
ensure_postgres() {
  ensure_apt_packages postgresql
}

# buf from npm, into the repository's own .tools/ folder (tests look for it there).
ensure_buf() {
  if [ ! -x .tools/node_modules/.bin/buf ]; then
    command -v npm >/dev/null 2>&1 || ensure_apt_packages npm
    echo "==> installing buf"
    mkdir -p .tools
    (cd .tools && npm install --no-audit --no-fund --silent @bufbuild/buf@1.75.0 >/dev/null)
  fi
}

# @grpc/grpc-js (Node), the second independent gRPC peer of the interop tests, into .tools/ as well.
ensure_grpc_js() {
  if [ ! -d .tools/node_modules/@grpc/grpc-js ] || [ ! -d .tools/node_modules/@grpc/proto-loader ]; then
    command -v npm >/dev/null 2>&1 || ensure_apt_packages npm
    echo "==> installing @grpc/grpc-js"
    mkdir -p .tools
    (cd .tools && npm install --no-audit --no-fund --silent @grpc/grpc-js@1.14.7 @grpc/proto-loader@0.7.15 >/dev/null)
  fi
}
