#!/bin/sh
# pg-test-server.sh — a throwaway local PostgreSQL server for libclm's tests.
#
#   eval "$(scripts/pg-test-server.sh start)"   # exports CLM_TEST_PG
#   meson test -C build store_postgres store_postgres_concurrency
#   scripts/pg-test-server.sh stop
#
#   scripts/pg-test-server.sh run -- COMMAND [ARG...]
#       starts a private server, runs COMMAND with CLM_TEST_PG set, stops the
#       server and removes its directory whatever COMMAND did, and exits with
#       COMMAND's status. This is how `meson test` runs the PostgreSQL tests.
#       If CLM_TEST_PG is already set, COMMAND runs against that server and
#       no server is started. If no PostgreSQL server binaries are found,
#       COMMAND runs without CLM_TEST_PG (the tests then SKIP and say how to
#       run them), unless CLM_TEST_PG_REQUIRED=1, which makes that an error.
#
#       COMMAND also gets CLM_TEST_PG_STATE, the state file of that private
#       server, so that a test may stop and restart it (halt / resume below);
#       it is not set when CLM_TEST_PG names a server of the user's.
#
#   scripts/pg-test-server.sh halt [fast|immediate]   # stop, keep the data
#   scripts/pg-test-server.sh resume                  # start it again
#       stop the recorded server (pg_ctl stop -m MODE; default fast) and
#       start it again on the same port with the same data: for the tests
#       of a server outage. Set CLM_PG_STATE=$CLM_TEST_PG_STATE to act on the
#       private server of `run`.
#
#   scripts/pg-test-server.sh status    # 0 if the recorded server runs
#   scripts/pg-test-server.sh env       # prints the export line again
#
# What `start` does: initdb on a fresh directory from mktemp -d, a server
# listening only on 127.0.0.1 on a free port (its unix socket in that
# directory, never in /var/run), trust authentication (loopback only; the
# server holds nothing but test data), durability off (fsync=off: a crash
# loses a throwaway cluster, nothing else), then a database `clm_test`.
# Postgres refuses to run as root, so as root the server runs as the
# unprivileged system user $CLM_PG_OS_USER (default clm-pgtest), created
# with useradd if it does not exist.
#
# Idempotent: `start` with a live recorded server prints the same export line
# and starts nothing; a recorded but dead server is cleaned up and replaced.
# `stop` without a server is a no-op. The record is the state file
# $CLM_PG_STATE (default ${TMPDIR:-/tmp}/clm-pg-test-$(id -u).state), so two
# checkouts on one machine can share it or keep apart by setting it.
#
# Environment: PG_BINDIR (server binaries; default from pg_config --bindir,
# then /usr/lib/postgresql/*/bin), CLM_PG_OS_USER, CLM_PG_STATE.
# stdout carries only the export line; progress and errors go to stderr.
set -eu

PROG=${0##*/}
OS_USER=${CLM_PG_OS_USER:-clm-pgtest}
DB_USER=clm
DB_NAME=clm_test
STATE=${CLM_PG_STATE:-${TMPDIR:-/tmp}/clm-pg-test-$(id -u).state}

log() { printf '%s: %s\n' "$PROG" "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
    cat >&2 <<EOF
usage: $PROG start | stop | status | env | halt [fast|immediate] | resume | run -- COMMAND [ARG...]
EOF
    exit 2
}

# ---- locating the server binaries ------------------------------------------
find_bindir() {
    if [ -n "${PG_BINDIR:-}" ]; then
        [ -x "$PG_BINDIR/initdb" ] && [ -x "$PG_BINDIR/pg_ctl" ] && {
            echo "$PG_BINDIR"; return 0; }
        return 1
    fi
    # pg_config --bindir names the server's directory on Debian and upstream
    # builds; on Debian initdb is not on PATH.
    if command -v pg_config >/dev/null 2>&1; then
        d=$(pg_config --bindir 2>/dev/null || true)
        if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
            echo "$d"; return 0
        fi
    fi
    # shellcheck disable=SC2012 # fixed, well-formed Debian paths
    for d in /usr/lib/postgresql/15/bin $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV) \
             /usr/local/pgsql/bin; do
        if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
            echo "$d"; return 0
        fi
    done
    d=$(command -v initdb 2>/dev/null || true)
    if [ -n "$d" ]; then
        d=${d%/initdb}
        [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
    fi
    return 1
}

# ---- running as the server's user ----------------------------------------------
is_root() { [ "$(id -u)" -eq 0 ]; }

ensure_os_user() {
    is_root || return 0
    id -u "$OS_USER" >/dev/null 2>&1 && return 0
    command -v useradd >/dev/null 2>&1 ||
        die "running as root and user '$OS_USER' does not exist; useradd is missing (set CLM_PG_OS_USER to an existing unprivileged user)"
    log "creating the unprivileged system user '$OS_USER' for the test server"
    # Two concurrent starts may race to create it: accept "already exists".
    useradd --system --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin --user-group "$OS_USER" 2>/dev/null ||
        id -u "$OS_USER" >/dev/null 2>&1 ||
        die "useradd $OS_USER failed"
}

# as_server CMD ARGS...: runs CMD as the server's user (itself when not root).
as_server() {
    if is_root; then
        if command -v runuser >/dev/null 2>&1; then
            runuser -u "$OS_USER" -- "$@"
        else
            setpriv --reuid="$OS_USER" --regid="$OS_USER" --init-groups -- "$@"
        fi
    else
        "$@"
    fi
}

# ---- the state file -------------------------------------------------------------
# Lines: DIR=..., PORT=..., CONNINFO=... (values contain no quotes).
state_get() {
    [ -f "$STATE" ] || return 1
    sed -n "s/^$1=//p" "$STATE" | head -n 1
}

# server_alive DIR PORT: the recorded server exists and accepts connections
# (pg_ctl status alone trusts a pid that may be a zombie after a crash).
server_alive() {
    [ -n "$1" ] && [ -n "$2" ] && [ -f "$1/data/postmaster.pid" ] || return 1
    b=$(find_bindir) || return 1
    as_server "$b/pg_ctl" status -D "$1/data" >/dev/null 2>&1 || return 1
    "$b/pg_isready" -q -h 127.0.0.1 -p "$2" -t 5 >/dev/null 2>&1
}

print_export() { # conninfo
    printf "export CLM_TEST_PG='%s'\n" "$1"
}

free_port() {
    # Ask the kernel for a free port; the server may still lose a race for
    # it, which start_server answers by retrying on another port.
    if command -v python3 >/dev/null 2>&1; then
        python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' && return 0
    fi
    echo $(( 20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000 ))
}

# ---- start / stop -----------------------------------------------------------------
# start_server STATEFILE: starts a server recorded in STATEFILE and prints
# its export line. Used by `start` (the shared state file) and `run` (a
# private one).
start_server() {
    st=$1
    bindir=$(find_bindir) || die "no PostgreSQL server binaries (initdb, pg_ctl) found: install the server (Debian: apt-get install postgresql) or set PG_BINDIR"
    ensure_os_user

    dir=$(mktemp -d "${TMPDIR:-/tmp}/clm-pg.XXXXXX") || die "mktemp -d failed"
    # Record the directory before anything can fail so `stop` can clean up.
    printf 'DIR=%s\n' "$dir" > "$st"
    chmod 0755 "$dir"
    if is_root; then
        chown "$OS_USER" "$dir"
        as_server test -w "$dir" ||
            die "'$OS_USER' cannot write $dir (is ${TMPDIR:-/tmp} reachable by other users?)"
    fi

    log "initdb in $dir/data ($bindir)"
    if ! as_server "$bindir/initdb" -D "$dir/data" -U "$DB_USER" \
            --auth=trust --encoding=UTF8 --locale=C --no-sync \
            > "$dir/initdb.log" 2>&1; then
        cat "$dir/initdb.log" >&2
        die "initdb failed"
    fi
    cat >> "$dir/data/postgresql.conf" <<EOF

# pg-test-server.sh: a throwaway test cluster
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
max_connections = 30
shared_buffers = 16MB
fsync = off
synchronous_commit = off
full_page_writes = off
log_min_messages = warning
EOF

    tries=0
    while :; do
        tries=$((tries + 1))
        port=$(free_port)
        if as_server "$bindir/pg_ctl" start -w -t 60 -D "$dir/data" \
                -l "$dir/server.log" -o "-p $port" >/dev/null 2>&1; then
            break
        fi
        if [ "$tries" -ge 5 ]; then
            tail -n 20 "$dir/server.log" >&2 2>/dev/null || true
            die "the server did not start (log above, from $dir/server.log)"
        fi
        log "port $port: start failed, retrying on another port"
    done

    if ! "$bindir/psql" -X -q -h 127.0.0.1 -p "$port" -U "$DB_USER" -d postgres \
            -v ON_ERROR_STOP=1 -c "CREATE DATABASE $DB_NAME" >/dev/null 2>"$dir/createdb.log"; then
        cat "$dir/createdb.log" >&2
        die "CREATE DATABASE $DB_NAME failed"
    fi

    conninfo="host=127.0.0.1 port=$port dbname=$DB_NAME user=$DB_USER connect_timeout=10"
    {
        printf 'DIR=%s\n' "$dir"
        printf 'PORT=%s\n' "$port"
        printf 'CONNINFO=%s\n' "$conninfo"
    } > "$st"
    log "PostgreSQL running on 127.0.0.1:$port (data in $dir)"
    print_export "$conninfo"
}

# stop_server STATEFILE: stops the recorded server (if any), removes its
# directory and the state file. Never fails because there is nothing to do.
stop_server() {
    st=$1
    [ -f "$st" ] || return 0
    dir=$(sed -n 's/^DIR=//p' "$st" | head -n 1)
    case "$dir" in
        */clm-pg.*) ;;
        *) log "state file $st names no test directory; removing it only"
           rm -f "$st"; return 0 ;;
    esac
    if [ -f "$dir/data/postmaster.pid" ] && bindir=$(find_bindir); then
        as_server "$bindir/pg_ctl" stop -D "$dir/data" -m fast -w -t 60 >/dev/null 2>&1 ||
            as_server "$bindir/pg_ctl" stop -D "$dir/data" -m immediate -w -t 30 >/dev/null 2>&1 ||
            log "pg_ctl stop failed for $dir/data"
    fi
    rm -rf "$dir"
    rm -f "$st"
    log "stopped and removed $dir"
}

# halt_server STATEFILE MODE / resume_server STATEFILE: the outage tests.
halt_server() {
    dir=$(sed -n 's/^DIR=//p' "$1" | head -n 1)
    [ -n "$dir" ] && [ -f "$dir/data/postmaster.pid" ] || die "no recorded server to halt"
    bindir=$(find_bindir) || die "no PostgreSQL server binaries"
    as_server "$bindir/pg_ctl" stop -D "$dir/data" -m "$2" -w -t 60 >/dev/null ||
        die "pg_ctl stop -m $2 failed"
}

resume_server() {
    dir=$(sed -n 's/^DIR=//p' "$1" | head -n 1)
    port=$(sed -n 's/^PORT=//p' "$1" | head -n 1)
    [ -n "$dir" ] && [ -n "$port" ] || die "no recorded server to resume"
    bindir=$(find_bindir) || die "no PostgreSQL server binaries"
    as_server "$bindir/pg_ctl" start -w -t 60 -D "$dir/data" -l "$dir/server.log" \
        -o "-p $port" >/dev/null || die "pg_ctl start failed (see $dir/server.log)"
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
    start)
        [ $# -eq 0 ] || usage
        dir=$(state_get DIR || true)
        if [ -n "$dir" ] && server_alive "$dir" "$(state_get PORT || true)"; then
            conninfo=$(state_get CONNINFO || true)
            if [ -n "$conninfo" ]; then
                log "already running (data in $dir)"
                print_export "$conninfo"
                exit 0
            fi
        fi
        # A dead or half-made server from an earlier run: clean it up first.
        stop_server "$STATE"
        # A failed start leaves nothing behind.
        trap 'stop_server "$STATE" 2>/dev/null' EXIT
        start_server "$STATE"
        trap - EXIT
        ;;
    stop)
        [ $# -eq 0 ] || usage
        stop_server "$STATE"
        ;;
    status)
        dir=$(state_get DIR || true)
        if [ -n "$dir" ] && server_alive "$dir" "$(state_get PORT || true)"; then
            log "running: $(state_get CONNINFO)"
            exit 0
        fi
        log "not running"
        exit 1
        ;;
    env)
        dir=$(state_get DIR || true)
        if [ -z "$dir" ] || ! server_alive "$dir" "$(state_get PORT || true)"; then
            die "no test server running; use: $PROG start"
        fi
        print_export "$(state_get CONNINFO)"
        ;;
    halt)
        mode=${1:-fast}
        case "$mode" in fast|immediate|smart) ;; *) usage ;; esac
        halt_server "$STATE" "$mode"
        ;;
    resume)
        [ $# -eq 0 ] || usage
        resume_server "$STATE"
        ;;
    run)
        [ "${1:-}" = "--" ] && shift
        [ $# -gt 0 ] || usage
        if [ -n "${CLM_TEST_PG:-}" ]; then
            exec "$@"
        fi
        if ! find_bindir >/dev/null; then
            if [ "${CLM_TEST_PG_REQUIRED:-0}" = 1 ]; then
                die "CLM_TEST_PG_REQUIRED=1 but no PostgreSQL server binaries (initdb, pg_ctl) were found; install them (Debian: apt-get install postgresql) or set PG_BINDIR"
            fi
            log "no PostgreSQL server binaries found; running without a server"
            exec "$@"
        fi
        priv=$(mktemp "${TMPDIR:-/tmp}/clm-pg-run.XXXXXX") || die "mktemp failed"
        # Stop the server whatever happens to COMMAND (exit, error, signal).
        trap 'stop_server "$priv" 2>/dev/null; rm -f "$priv"' EXIT
        trap 'exit 130' INT
        trap 'exit 143' TERM
        line=$(start_server "$priv")
        conninfo=${line#export CLM_TEST_PG=\'}
        conninfo=${conninfo%\'}
        status=0
        CLM_TEST_PG=$conninfo CLM_TEST_PG_STATE=$priv "$@" || status=$?
        exit "$status"
        ;;
    *)
        usage
        ;;
esac
