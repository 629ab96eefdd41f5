#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests and CI; prints its URL on stdout (everything else goes to stderr):
#
#     export THREADLINE_TEST_PG=$(bash scripts/postgres.sh)
#
# Uses the server binaries already installed (/usr/lib/postgresql/*/bin or pg_config), installing
# Debian's postgresql package only when none is found and we are root with apt-get. The cluster lives
# in $THREADLINE_PG_DIR (default /tmp/threadline-pg), listens on localhost:$THREADLINE_PG_PORT
# (default 54329) and has a role and database threadline_test (password threadline_test), with the
# unaccent extension when it is available. It trades durability for speed (fsync off): test data only.
# Idempotent: a running cluster is reused, an existing role and database are kept. It stops nothing;
# stop it with: pg_ctl stop -D /tmp/threadline-pg (as the postgres user when run as root).
set -euo pipefail

data=${THREADLINE_PG_DIR:-/tmp/threadline-pg}
port=${THREADLINE_PG_PORT:-54329}
name=threadline_test

say() { echo "postgres.sh: $*" >&2; }

find_bindir() {
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n -r); do
        [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
    done
    if command -v pg_config >/dev/null 2>&1; then
        dir=$(pg_config --bindir)
        [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
    fi
    return 1
}

bindir=$(find_bindir) || {
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
        say "installing Debian's postgresql"
        log=$(mktemp)
        if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq \
                && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql; } >"$log" 2>&1; then
            cat "$log" >&2
            rm -f "$log"
            say "error: could not install postgresql"
            exit 1
        fi
        rm -f "$log"
    fi
    bindir=$(find_bindir) || { say "error: no PostgreSQL server binaries (initdb) found, and cannot install them here"; exit 1; }
}

# initdb refuses to run as root: the cluster then belongs to the postgres OS user.
if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || { say "error: running as root but there is no postgres OS user to own the cluster"; exit 1; }
    as_owner() { runuser -u postgres -- "$@"; }
else
    as_owner() { "$@"; }
fi

# One caller at a time sets the cluster up (parallel test runs may start together).
mkdir -p "$(dirname "$data")"
exec 9>"$data.lock"
flock 9

if [ ! -f "$data/PG_VERSION" ]; then
    say "creating a cluster in $data"
    mkdir -p "$data"
    [ "$(id -u)" = 0 ] && chown postgres: "$data"
    chmod 700 "$data"
    as_owner "$bindir/initdb" -D "$data" -U postgres -E UTF8 --no-locale --auth-local=trust \
        --auth-host=scram-sha-256 >/dev/null
    cat >>"$data/postgresql.conf" <<EOF
# threadline test server
listen_addresses = 'localhost'
port = $port
unix_socket_directories = '$data'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
EOF
fi

if ! as_owner "$bindir/pg_ctl" status -D "$data" >/dev/null 2>&1; then
    say "starting the server on localhost:$port"
    # 9>&-: the server must not inherit (and so hold forever) the set-up lock
    # -p: a cluster made earlier for another port still listens where this run asks
    as_owner "$bindir/pg_ctl" start -D "$data" -l "$data/server.log" -o "-p $port" -w -t 60 >/dev/null 9>&- || {
        tail -n 20 "$data/server.log" >&2 || true
        say "error: the server did not start (is port $port taken? set THREADLINE_PG_PORT)"
        exit 1
    }
fi

psql() { as_owner "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$data" -p "$port" -U postgres "$@"; }

if [ -z "$(psql -d postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$name'")" ]; then
    psql -d postgres -c "CREATE ROLE $name LOGIN CREATEDB PASSWORD '$name'"
fi
if [ -z "$(psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'")" ]; then
    psql -d postgres -c "CREATE DATABASE $name OWNER $name"
fi
# unaccent makes search accent-insensitive; the store falls back to plain 'simple' search without it.
psql -d "$name" -c "CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public" 2>/dev/null \
    || say "warning: the unaccent extension is not available; search will not ignore accents"

echo "postgresql://$name:$name@localhost:$port/$name"
