#!/usr/bin/env bash
# systemd-e2e.sh — GridDuty under a REAL systemd (Debian bookworm, systemd 252) booted
# with systemd-nspawn, on a host whose PID 1 need not be systemd. Needs root.
#
#   (a) rootfs: mmdebstrap -> cached tarball -> cached pristine dir (once per machine)
#   (b) per-run overlayfs over the pristine dir; the Debian package copied into it (or,
#       GRIDDUTY_E2E_INSTALL=script, scripts/install.sh with DESTDIR into it)
#   (c) boot; `dpkg -i` (or install.sh on the live system): the user, the state directory,
#       the unit enabled but not started, the man page and completions; gridd started with
#       no branch runs and says so at PRIORITY=4; a test branch whose items are already
#       overdue copied from the example into /etc/gridduty/branches; then check:
#       start reaches active after READY=1; overdue alerts in the journal at PRIORITY=4;
#       gridctl (setgid gridduty) lets an operator outside the group read the daemon's
#       database, and drops the group for a --db of one's own; writes act as the login's
#       person (forged --by, a teller's waiver, an unmapped login and --now are refused);
#       a two-person check the teller recorded waits, overdue, for the deputy's confirmation,
#       and her own confirmation is refused;
#       the journal carries the audit head, audit verify matches it, and root's UPDATE of a
#       completion with sqlite3 (trigger dropped) makes audit verify exit 1 naming the entry;
#       reload applies a changed catalog with the same MainPID; a broken catalog
#       on reload is logged with file:line and the daemon keeps running; the watchdog is
#       fed; delivery: gridd-notify.service runs idle without notify.yaml, then, given a
#       mail receiver, msmtp (msmtp-mta's sendmail) and its relay password as a systemd
#       credential, mails `gridctl notify test`'s message to an SMTP server that requires AUTH
#       (aiosmtpd, run from the host in the container's network namespace), exactly once, with
#       the password in no journal entry;
#       stop ends with Result=success ExecMainStatus=0; `dpkg -i` again starts it (a
#       branch is configured now); `dpkg --purge` stops it and removes the
#       state directory and the unit's enablement
#   (d) teardown: poweroff, umount, remove the run dir and cgroups (also on failure)
# Prints per-step timings. Exit 0 = all checks passed.
#
# The package is built beforehand, its binaries with the Swift runtime linked statically,
# so the container needs no toolchain:
#   scripts/build-deb.sh && scripts/systemd-e2e.sh
# or, for install.sh:
#   swift build -c release --static-swift-stdlib --product gridd
#   swift build -c release --static-swift-stdlib --product gridctl
#   swift build -c release --static-swift-stdlib --product gridd-notify
#   GRIDDUTY_E2E_INSTALL=script GRIDD_BIN=.build/release/gridd GRIDCTL_BIN=.build/release/gridctl \
#       GRIDD_NOTIFY_BIN=.build/release/gridd-notify scripts/systemd-e2e.sh
#
# Env knobs:
#   GRIDDUTY_E2E_INSTALL     deb (default): install the package with dpkg -i; script: install.sh
#   GRIDDUTY_E2E_DEB         the package (default: the newest gridduty_*_amd64.deb in the repository)
#   GRIDD_BIN, GRIDCTL_BIN   the binaries for install.sh (default .build/release/{gridd,gridctl})
#   GRIDDUTY_E2E_CACHE       cache dir (default /var/cache/gridduty-e2e): tarball, pristine
#                            rootfs, and the per-run dirs
#   GRIDDUTY_E2E_MIRROR      optional mmdebstrap MIRROR argument
#   GRIDDUTY_E2E_SINCE_DAYS  the branch's since: is this many days ago (default 75)
#   GRIDDUTY_E2E_WATCHDOG    WatchdogSec= for the test run, via a drop-in (default 4); the
#                            run lasts at least 1.5 times as long, so a daemon that does not
#                            send WATCHDOG=1 in time is killed and the check fails. 0: keep
#                            the unit's own WatchdogSec= and skip that check
#   GRIDDUTY_E2E_KEEP=1      leave the container running (debug; clean up by hand)
#   GRIDD_NOTIFY_BIN         gridd-notify for install.sh (default .build/release/gridd-notify)
#
# `scripts/systemd-e2e.sh --prepare` only builds the cached rootfs (no binaries needed).
set -euo pipefail

PREPARE=0
case "${1:-}" in
    --prepare) PREPARE=1 ;;
    "") ;;
    *) echo "usage: $0 [--prepare]" >&2; exit 2 ;;
esac

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SUITE=bookworm
PACKAGES=systemd,dbus,procps,libsqlite3-0,libxml2,tzdata,msmtp-mta
BASE=${GRIDDUTY_E2E_CACHE:-/var/cache/gridduty-e2e}
KEY=$(printf '%s %s v1' "$SUITE" "$PACKAGES" | sha256sum | cut -c1-10)
CACHE=$BASE/$SUITE-gridduty-$KEY.tar.zst
PRISTINE=$BASE/pristine-$KEY
NAME=gridd-e2e$$
RUNDIR=$BASE/run-$NAME
ROOT=$RUNDIR/root
UNIT=gridd.service
INSTALL=${GRIDDUTY_E2E_INSTALL:-deb}
DEB_FILE=${GRIDDUTY_E2E_DEB:-$(ls -t "$REPO"/gridduty_*_amd64.deb 2>/dev/null | head -n1 || true)}
GRIDD_BIN=${GRIDD_BIN:-$REPO/.build/release/gridd}
GRIDCTL_BIN=${GRIDCTL_BIN:-$REPO/.build/release/gridctl}
GRIDD_NOTIFY_BIN=${GRIDD_NOTIFY_BIN:-$REPO/.build/release/gridd-notify}
# Where the binaries are installed: the package's /usr/bin, install.sh's default /usr/local/bin.
case "$INSTALL" in
    deb) BINDIR=/usr/bin ;;
    script) BINDIR=/usr/local/bin ;;
    *) echo "GRIDDUTY_E2E_INSTALL: expected deb or script, got '$INSTALL'" >&2; exit 2 ;;
esac
SINCE_DAYS=${GRIDDUTY_E2E_SINCE_DAYS:-75}
WATCHDOG=${GRIDDUTY_E2E_WATCHDOG:-4}
CONF=/etc/gridduty
DB=/var/lib/gridduty/gridduty.sqlite
# Journal messages that are alerts about duties. Escalations are logged at error level, so
# error-level lines other than these count as failures.
ALERT_RE='^duty '
NSPID="" LEADER="" CGDIRS=() SMTPPID=""

t0=$(date +%s.%N)
now() { date +%s.%N; }
el()  { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.2f", b-a}'; }
log() { printf '[e2e %6ss] %s\n' "$(el "$t0")" "$*"; }
inc() { nsenter -t "$LEADER" -a "$@"; }   # run inside the container
indent() { sed 's/^/    | /'; }
# The first $1 lines, indented; reads all its input, so no SIGPIPE trips pipefail.
first() { sed -n "1,${1}p" | indent; }
die() {
    log "FAIL: $*"
    if [ -n "$LEADER" ] && kill -0 "$LEADER" 2>/dev/null; then
        echo "---- systemctl status $UNIT"
        inc systemctl status --no-pager -n 0 "$UNIT" 2>&1 | indent || true
        echo "---- journalctl -u $UNIT (last 15)"
        inc journalctl -q -u "$UNIT" --no-pager -n 15 2>&1 | indent || true
    fi
    exit 1
}
# Unit properties as "K=V K=V", sorted.
props() { inc systemctl show "$UNIT" "${@/#/-p}" | sort | paste -sd' '; }
prop() { inc systemctl show "$UNIT" -p "$1" --value; }
# Journal entries of the unit as JSON lines (PRIORITY and MESSAGE only).
journal_json() { inc journalctl -q -u "$UNIT" -o json --output-fields=PRIORITY,MESSAGE "$@"; }
# Wait up to $1 tenths of a second for command "${@:2}" to succeed.
wait_for() {
    local n=$1; shift
    for _ in $(seq "$n"); do "$@" && return 0; sleep 0.1; done
    "$@"
}

teardown() {
    local rc=$?
    if [ "${GRIDDUTY_E2E_KEEP:-0}" = 1 ]; then
        log "GRIDDUTY_E2E_KEEP=1: $NAME left running (nspawn $NSPID, leader $LEADER, root $ROOT)"
        log "enter with: nsenter -t $LEADER -a bash"; exit $rc
    fi
    if [ -n "$SMTPPID" ] && kill -0 "$SMTPPID" 2>/dev/null; then kill "$SMTPPID"; wait "$SMTPPID" 2>/dev/null || true; fi
    if [ -n "$NSPID" ] && kill -0 "$NSPID" 2>/dev/null; then
        [ -n "$LEADER" ] && kill -s RTMIN+4 "$LEADER" 2>/dev/null || true   # = poweroff
        for _ in $(seq 100); do kill -0 "$NSPID" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$NSPID" 2>/dev/null && { log "nspawn $NSPID still alive, SIGKILL"; kill -9 "$NSPID" || true; }
        wait "$NSPID" 2>/dev/null || true
    fi
    mountpoint -q "$ROOT" 2>/dev/null && umount "$ROOT"
    rm -rf --one-file-system "$RUNDIR"
    rm -rf "/run/systemd/nspawn/propagate/$NAME"   # nspawn can't when /run is not tmpfs
    local d
    for d in "${CGDIRS[@]}"; do   # nspawn leaves payload/ supervisor/ behind: remove bottom-up
        [ -d "$d" ] && find "$d" -depth -type d -exec rmdir {} + 2>/dev/null || true
    done
    exit $rc
}
trap teardown EXIT
trap 'exit 130' INT TERM

[ "$(id -u)" = 0 ] || die "needs root (systemd-nspawn, overlayfs)"

# ---- the package or the binaries ---------------------------------------------------------------
if [ "$PREPARE" = 0 ] && [ "$INSTALL" = deb ]; then
    [ -n "$DEB_FILE" ] && [ -f "$DEB_FILE" ] ||
        die "no package (${DEB_FILE:-none found}); build it with scripts/build-deb.sh or set GRIDDUTY_E2E_DEB"
    log "package: $DEB_FILE ($(dpkg-deb -f "$DEB_FILE" Version), Depends: $(dpkg-deb -f "$DEB_FILE" Depends))"
fi
[ "$PREPARE" = 1 ] || [ "$INSTALL" = deb ] ||
for b in "$GRIDD_BIN" "$GRIDCTL_BIN" "$GRIDD_NOTIFY_BIN"; do
    [ -f "$b" ] && [ -x "$b" ] || die "no executable $b; build first (see the header) or set GRIDD_BIN/GRIDCTL_BIN/GRIDD_NOTIFY_BIN"
    if ldd "$b" 2>/dev/null | grep -q 'libswift\|libFoundation\|libdispatch'; then
        die "$b links the Swift runtime dynamically; build with --static-swift-stdlib"
    fi
done
[ "$PREPARE" = 1 ] || [ "$INSTALL" = deb ] ||
log "binaries: $GRIDD_BIN, $GRIDCTL_BIN; shared libraries: $(ldd "$GRIDD_BIN" 2>/dev/null | awk '/=>/{print $1}' | paste -sd' ')"

# ---- host tools ----------------------------------------------------------------------------------
need=()
command -v systemd-nspawn >/dev/null || need+=(systemd-container)
command -v mmdebstrap     >/dev/null || need+=(mmdebstrap)
command -v zstd           >/dev/null || need+=(zstd)
command -v eatmydata      >/dev/null || need+=(eatmydata)   # makes mmdebstrap ~1/3 faster
command -v jq             >/dev/null || need+=(jq)
command -v sqlite3        >/dev/null || need+=(sqlite3)   # root tampering with the database, for audit verify
command -v python3        >/dev/null || need+=(python3)   # the SMTP server gridd-notify's mail reaches
if [ ${#need[@]} -gt 0 ]; then
    ts=$(now)
    [ -n "$(find /var/lib/apt/lists -name '*Packages*' -print -quit 2>/dev/null)" ] ||
        apt-get -o DPkg::Lock::Timeout=300 update -qq
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
        --no-install-recommends "${need[@]}" >/dev/null
    log "host packages installed (${need[*]}) in $(el "$ts")s"
fi
# aiosmtpd (PyPI): an SMTP server that requires AUTH, for gridd-notify's mail.
if [ "$PREPARE" = 0 ] && ! python3 -c 'import aiosmtpd' 2>/dev/null; then
    ts=$(now)
    python3 -m pip install --quiet --disable-pip-version-check aiosmtpd || die "pip install aiosmtpd failed"
    log "aiosmtpd installed in $(el "$ts")s"
fi

# ---- (a) rootfs: tarball (portable cache) -> pristine dir (local cache) -----------------------------
mkdir -p "$BASE" "$RUNDIR"
if [ ! -s "$CACHE" ]; then
    ts=$(now)
    slim=$BASE/dpkg-slim.cfg
    printf '%s\n' 'path-exclude=/usr/share/doc/*' 'path-include=/usr/share/doc/*/copyright' \
        'path-exclude=/usr/share/man/*' 'path-exclude=/usr/share/locale/*' \
        'path-exclude=/usr/share/info/*' > "$slim"
    # merged-usr hook: installs usr-is-merged instead of usrmerge (which drags in perl);
    # procps ships /bin/kill for ExecReload=; libsqlite3-0 is GRDB's runtime dependency; libxml2
    # FoundationXML's, which reads the ledger's .xlsx workbooks.
    mmdebstrap --variant=minbase --include="$PACKAGES" \
        --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
        --hook-dir=/usr/share/mmdebstrap/hooks/eatmydata --dpkgopt="$slim" \
        "$SUITE" "$CACHE.part.tar.zst" ${GRIDDUTY_E2E_MIRROR:+"$GRIDDUTY_E2E_MIRROR"} \
        >"$BASE/mmdebstrap.log" 2>&1 \
        || { tail -n 30 "$BASE/mmdebstrap.log"; die "mmdebstrap failed"; }
    mv "$CACHE.part.tar.zst" "$CACHE"
    log "mmdebstrap built $CACHE ($(du -h "$CACHE" | cut -f1)) in $(el "$ts")s"
fi
stamp="$(stat -c '%s %Y' "$CACHE")"
if [ "$(cat "$PRISTINE.stamp" 2>/dev/null)" != "$stamp" ]; then
    ts=$(now)
    rm -rf --one-file-system "$PRISTINE" "$PRISTINE.stamp"
    mkdir -p "$PRISTINE"
    tar -C "$PRISTINE" --zstd --numeric-owner -xpf "$CACHE"
    echo "$stamp" > "$PRISTINE.stamp"
    log "pristine rootfs extracted ($(du -sh "$PRISTINE" | cut -f1)) in $(el "$ts")s"
else
    log "reusing pristine rootfs $PRISTINE"
fi
[ "$PREPARE" = 1 ] && { log "rootfs ready (--prepare)"; exit 0; }

# ---- (b) per-run overlay root, GridDuty installed into it ---------------------------------------------
ts=$(now)
mkdir -p "$RUNDIR/upper" "$RUNDIR/work" "$ROOT"
mount -t overlay "e2e-$NAME" -o "lowerdir=$PRISTINE,upperdir=$RUNDIR/upper,workdir=$RUNDIR/work" "$ROOT"
echo "$NAME" > "$ROOT/etc/hostname"

# Before boot: the package copied in, with the rootfs's dpkg path-excludes (no man pages, no
# docs) lifted so that it installs whole; or install.sh staged with DESTDIR, plus a copy of
# the sources to run it again on the live system (the binaries hard links to the staged ones).
stage_install() {
    if [ "$INSTALL" = deb ]; then
        rm -f "$ROOT/etc/dpkg/dpkg.cfg.d/99mmdebstrap"
        cp "$DEB_FILE" "$ROOT/root/gridduty.deb"
        return
    fi
    DESTDIR=$ROOT PREFIX=/usr/local GRIDD_BIN=$GRIDD_BIN GRIDCTL_BIN=$GRIDCTL_BIN GRIDD_NOTIFY_BIN=$GRIDD_NOTIFY_BIN \
        bash "$REPO/scripts/install.sh" | indent || die "install.sh failed"
    local src=$ROOT/root/gridduty-src
    mkdir -p "$src/scripts" "$src/bin"
    mkdir -p "$src/examples"
    cp -r "$REPO/systemd" "$REPO/schedules" "$src/"
    cp -r "$REPO/examples/notify" "$src/examples/"
    cp "$REPO/scripts/install.sh" "$src/scripts/"
    ln "$ROOT/usr/local/bin/gridd" "$ROOT/usr/local/bin/gridctl" "$ROOT/usr/local/bin/gridd-notify" "$src/bin/"
    # An operator's edit of a configuration file, which the live install.sh must keep.
    echo "# edited by the operator" >> "$ROOT$CONF/policy.yaml"
}
stage_install
# WatchdogSec= shortened so that the run outlasts it.
if [ "$WATCHDOG" != 0 ]; then
    mkdir -p "$ROOT/etc/systemd/system/$UNIT.d"
    printf '[Service]\nWatchdogSec=%s\n' "$WATCHDOG" > "$ROOT/etc/systemd/system/$UNIT.d/e2e.conf"
fi
log "$INSTALL staged in the overlay, WatchdogSec=$WATCHDOG; $(el "$ts")s"

# ---- (c) boot ----------------------------------------------------------------------------------------
# Own cgroup per run (else nspawn puts the container in /payload of the host's root cgroup).
for h in /sys/fs/cgroup/systemd /sys/fs/cgroup/unified /sys/fs/cgroup; do
    if [ "$(stat -fc %T "$h" 2>/dev/null)" = cgroup2fs ] || [ -f "$h/release_agent" ]; then
        mkdir -p "$h/$NAME" && CGDIRS+=("$h/$NAME")
        [ "$h" = /sys/fs/cgroup/unified ] && break   # hybrid: name=systemd + unified done
    fi
done
ts=$(now)
# --register=no --keep-unit: there is no host systemd/machined/system bus to talk to.
# --private-network: the container sees only its own loopback.
(
    for d in "${CGDIRS[@]}"; do echo "$BASHPID" > "$d/cgroup.procs"; done
    exec systemd-nspawn --quiet -D "$ROOT" -M "$NAME" -b --register=no --keep-unit \
        --private-network --console=read-only
) </dev/null >"$RUNDIR/console.log" 2>&1 &
NSPID=$!
for _ in $(seq 200); do
    c=$(ps -o pid= --ppid "$NSPID" 2>/dev/null | head -n1 | tr -d ' ' || true)
    if [ -n "$c" ] && [ "$(cat "/proc/$c/comm" 2>/dev/null)" = systemd ]; then LEADER=$c; break; fi
    kill -0 "$NSPID" 2>/dev/null || { cat "$RUNDIR/console.log"; die "nspawn exited during boot"; }
    sleep 0.05
done
[ -n "$LEADER" ] || die "no systemd leader under nspawn $NSPID"
state=""
for _ in $(seq 100); do   # systemctl needs /run/systemd/private, which appears a few ms in
    state=$(inc timeout 30 systemctl is-system-running --wait 2>/dev/null) && break
    case "$state" in running|degraded) break;; esac
    sleep 0.1
done
log "booted: nspawn=$NSPID leader=$LEADER state=$state in $(el "$ts")s ($(inc systemd-analyze time | sed -n 1p))"
[ "$state" = running ] || { inc systemctl --failed --no-pager || true; die "system state '$state'"; }

# The SMTP server of the delivery section (started now: Python takes seconds to start under
# load, and the checks between overlap it). The host's Python (aiosmtpd) in the container's
# network namespace, nspawn's --private-network: it requires AUTH and writes each message to
# a file on the host.
smtp_port=2525
smtp_user=gridduty-e2e
smtp_password=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
mail_dir=$RUNDIR/mail
mkdir -p "$mail_dir"
printf '%s\n' "$smtp_password" > "$RUNDIR/smtp-password"
cat > "$RUNDIR/smtp-server.py" <<'EOF'
# An SMTP server that requires AUTH (PLAIN or LOGIN, without TLS: loopback only) and
# writes each message as N.eml with its envelope and login in N.json.
import json, sys, threading
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

folder, port, user = sys.argv[1], int(sys.argv[2]), sys.argv[3]
password = open(sys.argv[4]).read().strip()

def authenticate(server, session, envelope, mechanism, data):
    ok = isinstance(data, LoginPassword) and data.login.decode() == user and data.password.decode() == password
    return AuthResult(success=ok, handled=False, auth_data=data.login.decode() if ok else None)

class Keep:
    count = 0
    async def handle_DATA(self, server, session, envelope):
        Keep.count += 1
        with open(f"{folder}/{Keep.count}.eml", "wb") as f:
            f.write(envelope.original_content)
        with open(f"{folder}/{Keep.count}.json", "w") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                       "authenticated": bool(session.authenticated), "login": session.auth_data}, f)
        return "250 OK"

server = Controller(Keep(), hostname="127.0.0.1", port=port, authenticator=authenticate,
                    auth_require_tls=False, auth_required=True)
server.start()
print("READY", flush=True)
threading.Event().wait()
EOF
nsenter -t "$LEADER" -n python3 -W ignore "$RUNDIR/smtp-server.py" "$mail_dir" "$smtp_port" "$smtp_user" \
    "$RUNDIR/smtp-password" >"$RUNDIR/smtp-server.log" 2>&1 &
SMTPPID=$!

# On the live system: `dpkg -i` (twice: its maintainer scripts are idempotent), or install.sh.
live_install() {
    if [ "$INSTALL" = deb ]; then
        local round
        for round in 1 2; do
            inc dpkg -i /root/gridduty.deb 2>&1 | indent || die "dpkg -i (round $round) failed"
        done
        [ "$(inc dpkg-query -W -f '${Status}' gridduty)" = "install ok installed" ] || die "gridduty not installed"
        inc test -x /usr/bin/gridd -a -x /usr/bin/gridctl || die "no /usr/bin/gridd or /usr/bin/gridctl"
        local programs; programs=$(inc dpkg -L gridduty | grep '^/usr/bin/.' | sort | paste -sd' ')
        [ "$programs" = "/usr/bin/gridctl /usr/bin/gridd /usr/bin/gridd-notify" ] || die "the package installs programs: $programs"
        inc grep -q 'bench-query\|generate --branches' /usr/share/bash-completion/completions/gridctl &&
            die "the installed completion offers a developer command"
        inc test -f /usr/lib/systemd/system/$UNIT || die "no /usr/lib/systemd/system/$UNIT"
        [ "$(inc systemctl is-enabled "$UNIT" 2>&1)" = enabled ] || die "$UNIT not enabled by the postinst"
        inc systemctl -q is-active "$UNIT" && die "$UNIT started although no branch is configured"
        [ "$(inc systemctl is-enabled gridd-notify.service 2>&1)" = enabled ] || die "gridd-notify.service not enabled by the postinst"
        inc systemctl -q is-active gridd-notify.service && die "gridd-notify.service started although no branch is configured"
        inc test -f /usr/share/doc/gridduty/examples/notify.yaml || die "no example notify.yaml in the docs"
        inc test -e $CONF/notify.yaml && die "the package configured receivers ($CONF/notify.yaml)"
        [ -z "$(inc find $CONF/branches -type f)" ] || die "the package configured a branch"
        inc test -f /usr/share/doc/gridduty/examples/example.yaml || die "no example branch in the docs"
        inc sh -c 'zcat /usr/share/man/man1/gridctl.1.gz | grep -q "^\.Dt GRIDCTL 1"' || die "no man page gridctl(1)"
        inc sh -c 'zcat /usr/share/man/man8/gridd.8.gz | grep -q "^\.Dt GRIDD 8"' || die "no man page gridd(8)"
        inc sh -c 'zcat /usr/share/man/man8/gridd-notify.8.gz | grep -q "^\.Dt GRIDD-NOTIFY 8"' || die "no man page gridd-notify(8)"
        inc test -s /usr/share/bash-completion/completions/gridctl || die "no bash completion"
        inc dpkg-query -W -f '${Conffiles}\n' gridduty | grep -q "$CONF/catalog/" || die "the catalog is not conffiles"
        log "dpkg -i twice: gridd, gridctl and gridd-notify only; both units enabled, not started (no branch); man pages, completions, conffiles in place"
    else
        inc env GRIDD_BIN=/root/gridduty-src/bin/gridd GRIDCTL_BIN=/root/gridduty-src/bin/gridctl \
            GRIDD_NOTIFY_BIN=/root/gridduty-src/bin/gridd-notify \
            bash /root/gridduty-src/scripts/install.sh | indent || die "install.sh on the live system failed"
        inc rm -rf /root/gridduty-src
        inc grep -q "edited by the operator" "$CONF/policy.yaml" || die "install.sh overwrote the edited policy.yaml"
        inc test -f "$CONF/policy.yaml.dist" || die "install.sh did not leave policy.yaml.dist"
        log "install.sh on the live system: edited policy.yaml kept, .dist beside it"
    fi
    inc getent passwd gridduty >/dev/null || die "no user gridduty after installing"
    [ "$(inc id -gn gridduty-notify 2>&1)" = gridduty ] || die "user gridduty-notify: primary group $(inc id -gn gridduty-notify 2>&1), not gridduty"
    [ "$(inc stat -c '%a %U:%G' /var/lib/gridduty)" = "2770 gridduty:gridduty" ] ||
        die "state directory: $(inc stat -c '%a %U:%G' /var/lib/gridduty)"
    [ "$(inc stat -c '%a %U:%G' $BINDIR/gridctl)" = "2755 root:gridduty" ] ||
        die "gridctl is not setgid gridduty: $(inc stat -c '%a %U:%G' $BINDIR/gridctl)"
}
ts=$(now)
live_install
missing=$(inc ldd $BINDIR/gridd $BINDIR/gridctl 2>&1 | grep 'not found' || true)
[ -z "$missing" ] || die "shared libraries missing in the container: $missing"
log "installed ($INSTALL): user gridduty, state directory 2770, gridctl 2755 root:gridduty; $(el "$ts")s"

# With no branch configured gridd runs, says so at warning priority, and stops cleanly.
ts=$(now)
inc timeout 60 systemctl start "$UNIT" || die "systemctl start (no branch) rc=$?"
no_branch() { journal_json -p warning..warning | jq -r '.MESSAGE | strings' | grep -q '^no branch is configured'; }
wait_for 150 no_branch || die "no 'no branch is configured' line at PRIORITY=4 within 15 s"
[ "$(props ActiveState SubState)" = "ActiveState=active SubState=running" ] || die "not running with no branch"
inc systemctl stop "$UNIT" || die "systemctl stop (no branch) rc=$?"
[ "$(props Result ExecMainStatus)" = "ExecMainStatus=0 Result=success" ] || die "no-branch stop: $(props Result ExecMainStatus)"
log "no branch: gridd active, '$(journal_json -p warning..warning | jq -r '.MESSAGE | strings' | grep -m1 '^no branch' | cut -c1-60)...', stopped; $(el "$ts")s"

# The test branch: the example, tracked from SINCE_DAYS ago, so that items are overdue at
# the container's (the host's) current time.
since=$(date -d "-$SINCE_DAYS days" +%F)
example=$(inc sh -c 'ls /usr/share/doc/gridduty/examples/*.yaml /usr/local/share/doc/gridduty/examples/*.yaml 2>/dev/null | head -n1')
[ -n "$example" ] || die "no example branch installed"
branch_file=$CONF/branches/$(basename "$example")
inc cp "$example" "$branch_file"
grep -Eq '^[[:space:]]+since:' "$ROOT$branch_file" || die "no since: in $branch_file"
sed -i -E "s/^([[:space:]]+since:).*/\1 $since/" "$ROOT$branch_file"
# Logins for the identity checks: a teller (何静) and the back-office deputy (周敏), who leads
# the teller's grid, mapped in the branch file; nobody1 mapped to nobody. A mapped login must
# exist before the file validates.
# Like every operator they are not in group gridduty: they reach the database through gridctl.
for u in teller1 deputy1 nobody1; do inc useradd -m "$u" || die "useradd $u rc=$?"; done
sed -i -E -e 's/^([[:space:]]+name: 何静)$/\1\n    unix-user: teller1/' \
    -e 's/^([[:space:]]+name: 周敏)$/\1\n    unix-user: deputy1/' "$ROOT$branch_file"
[ "$(grep -Ec '^[[:space:]]+unix-user:' "$ROOT$branch_file")" = 2 ] || die "the logins were not mapped in $branch_file"
# A two-person check (双人) the teller records herself, her cash box counted weekly, and the
# back-office deputy confirms: the shipped catalog's two-person checks are the deputy's own.
cat > "$ROOT$CONF/catalog/95-e2e-cash-box.yaml" <<'EOF'
line:
  id: e2e-counter
  title: E2E counter line
  owner: operations-deputy
duties:
  - id: e2e.cash-box-count
    title: 柜员尾箱双人清点
    owner: self
    cadence: weekly
    scope: staff
    confirm: second-person
    confirm-roles: [operations-deputy]
EOF
nd=$(cat "$ROOT$CONF"/catalog/*.yaml 2>/dev/null | grep -Ec '^[[:space:]]*-[[:space:]]+id:' || true)
[ "$nd" -gt 0 ] || die "the shipped catalog ($CONF/catalog) has no duties: nothing can be overdue"
inc runuser -u gridduty -- $BINDIR/gridctl validate --config "$CONF" | indent || die "gridctl validate of $CONF failed"
log "test branch $branch_file since $since, $nd catalog duties"
ts=$(now)
inc useradd -m alice || die "useradd alice rc=$?"      # an operator: not in group gridduty either
inc useradd -m mallory || die "useradd mallory rc=$?"  # an outsider with a database of her own choosing
# --man=no: the minimal container has no man(1); the pages' presence is checked above.
verify=$(inc systemd-analyze verify --man=no "$UNIT" 2>&1 || echo "(exit status $?)")
[ -z "$verify" ] || die "systemd-analyze verify $UNIT: $verify"
log "users alice and mallory, neither in group gridduty; systemd-analyze verify clean; $(el "$ts")s"
log "exposure in the container: $(inc systemd-analyze security "$UNIT" 2>/dev/null | tail -n1 | sed 's/^→ //')"

# ---- start: READY=1 makes `systemctl start` return ------------------------------------------------------
ts=$(now)
inc timeout 60 systemctl start "$UNIT" || die "systemctl start rc=$?"
tstart=$(now)
log "start rc=0 in $(el "$ts")s ($(props ActiveState SubState MainPID))"
[ "$(props ActiveState SubState)" = "ActiveState=active SubState=running" ] || die "not active/running after start"
status=$(prop StatusText)
[ -n "$status" ] || die "no STATUS= text from the daemon"
log "StatusText: $status"
mainpid=$(prop MainPID)
running() { [ "$(props ActiveState SubState)" = "ActiveState=active SubState=running" ]; }
# Dies with the reason if the daemon was restarted since the start (watchdog, crash).
same_process() {
    local p; p=$(props MainPID NRestarts Result)
    [ "$p" = "MainPID=$mainpid NRestarts=0 Result=success" ] ||
        die "the daemon is not the one started (was MainPID=$mainpid): $p"
}
[ "$(prop User)" = gridduty ] || die "unit does not run as gridduty"

# ---- alerts at the priority of their kind ---------------------------------------------------------------
# An overdue alert is a warning (4), an escalation or a repeat an error (3), a reminder a notice
# (5). Which kinds a first pass raises depends on the hour: before the branch opens, yesterday's
# items are overdue; after, they are escalated. So every alert line must sit at its kind's
# priority, and some alert at warning or above must say the item is overdue.
ts=$(now)
count_warnings() { journal_json -p warning..warning | jq -s 'length'; }
count_alerts() { journal_json -p warning | jq -r '.MESSAGE | strings' | grep -Ec "$ALERT_RE" || true; }
has_alerts() { [ "$(count_alerts)" -gt 0 ]; }
wait_for 150 has_alerts || die "no alert lines at warning or above in the journal within 15 s"
nw=$(count_warnings)
inc journalctl -q -u "$UNIT" -p warning..warning --no-pager -o short | first 3
all=$(journal_json)
bad=$(jq -r 'select((.MESSAGE | type) == "string" and (.MESSAGE | test("^<[0-7]>"))) | .MESSAGE' <<<"$all")
[ -z "$bad" ] || die "a <N> prefix was not parsed by journald: $(head -n1 <<<"$bad")"
errs=$(jq -r 'select((.PRIORITY | tonumber) <= 3) | .MESSAGE | strings' <<<"$all" | grep -Ev "$ALERT_RE" || true)
[ -z "$errs" ] || die "error-level lines other than alerts during a normal start: $(head -n3 <<<"$errs")"
misfiled=$(jq -r 'select((.MESSAGE | type) == "string")
    | select(((.MESSAGE | startswith("duty overdue ")) and .PRIORITY != "4")
        or (((.MESSAGE | startswith("duty overdue, escalated ")) or (.MESSAGE | startswith("duty still overdue ")))
            and .PRIORITY != "3")
        or ((.MESSAGE | startswith("duty due ")) and .PRIORITY != "5"))
    | "\(.PRIORITY) \(.MESSAGE)"' <<<"$all")
[ -z "$misfiled" ] || die "an alert line at another priority than its kind's: $(head -n1 <<<"$misfiled")"
nalerts=$(jq -r 'select((.PRIORITY | tonumber) <= 4) | .MESSAGE | strings' <<<"$all" | grep -Ec "$ALERT_RE" || true)
overdue=$(jq -r 'select((.PRIORITY | tonumber) <= 4) | .MESSAGE | strings' <<<"$all" | grep -E "$ALERT_RE" | grep -c 'overdue' || true)
[ "$overdue" -gt 0 ] || die "no alert line at warning or above says 'overdue'"
log "journal: $nw lines at PRIORITY=4, $nalerts alert lines at warning or above ($overdue overdue), each at its kind's priority, no <N> left unparsed, no other errors; $(el "$ts")s"
# Entries come through journald's native protocol, a field per value: OWNER_ID= matches exactly.
ts=$(now)
# Collected first: a reader that stops at the first match would end the writer with SIGPIPE.
alert_lines=$(jq -r 'select((.PRIORITY | tonumber) <= 4) | .MESSAGE | strings' <<<"$all" | grep -E "$ALERT_RE" || true)
owner=$(grep -m1 -o 'owner\.id=[^ ]*' <<<"$alert_lines" | cut -d= -f2 || true)
[ -n "$owner" ] || die "no owner.id= in the alert lines"
exact=$(inc journalctl -q -a -u "$UNIT" "OWNER_ID=$owner" -o json --output-fields=PRIORITY,MESSAGE,OWNER_ID,ALERT_ID)
nexact=$(jq -s 'length' <<<"$exact")
[ "$nexact" -gt 0 ] || die "journalctl OWNER_ID=$owner found nothing: no native fields"
wrong=$(jq -r --arg o "$owner" 'select(.OWNER_ID != $o or .ALERT_ID == null
    or (.MESSAGE | strings | contains("owner.id=" + $o + " ") | not)) | .MESSAGE' <<<"$exact")
[ -z "$wrong" ] || die "an entry matched by OWNER_ID=$owner is not that owner's alert: $(head -n1 <<<"$wrong")"
log "native protocol: journalctl OWNER_ID=$owner gives $nexact alert entries, each with its ALERT_ID; $(el "$ts")s"

# ---- gridctl as an operator (alice, not in the group) and with a --db of one's own (mallory) ---------------------
same_process
ts=$(now)
inc stat -c '%A %U:%G %n' /var/lib/gridduty "$DB" $BINDIR/gridctl | indent
# No --config or --db: the installed /etc/gridduty and /var/lib/gridduty, through gridctl's group.
out=$(inc runuser -u alice -- $BINDIR/gridctl overdue 2>&1) || die "gridctl as alice failed: $out"
[ -n "$out" ] || die "gridctl overdue printed nothing although items are overdue"
first 5 <<<"$out"
log "gridctl overdue as alice (setgid gridctl, default paths): rc=0, $(wc -l <<<"$out") lines; $(el "$ts")s"
# Naming the database (or a configuration) drops the group: the shared file is out of reach.
if out=$(inc runuser -u mallory -- $BINDIR/gridctl overdue --config "$CONF" --db "$DB" 2>&1); then
    die "gridctl --db as a user outside group gridduty could read the database: $out"
fi
log "gridctl --config --db as mallory refused (the group dropped): $(head -n1 <<<"$out")"

# ---- identity: writes act as the person the real login maps to ------------------------------------------------
ts=$(now)
as() { local u=$1; shift; inc runuser -u "$u" -- $BINDIR/gridctl "$@"; }
items=$(as deputy1 due --person zhou.min --format json) || die "due as deputy1 failed: $items"
mine=$(jq -r '[.[] | select(.owner == "zhou.min")][0].id // empty' <<<"$items")
other=$(jq -r '[.[] | select(.owner == "zhou.min")][1].id // empty' <<<"$items")
[ -n "$mine" ] && [ -n "$other" ] || die "the deputy owes fewer than two open items"
completions() { as deputy1 show "$1" --format json | jq '.completions | length'; }
# The teller recording the deputy's item, naming the deputy, is refused and writes nothing.
if out=$(as teller1 done "$other" --by zhou.min --note forged 2>&1); then die "a forged --by was accepted: $out"; fi
grep -q "refused: teller1 (he.jing) may not complete #$other" <<<"$out" || die "forged --by: unexpected refusal: $out"
[ "$(completions "$other")" = 0 ] || die "the refused completion of #$other was written"
# Nor may she waive anything.
if out=$(as teller1 waive "$other" --reason "not needed" 2>&1); then die "the teller waived #$other: $out"; fi
grep -q "refused: teller1 (he.jing) may not waive #$other" <<<"$out" || die "waive: unexpected refusal: $out"
# Nor may she open the database file for writing by any other way than gridctl.
if inc runuser -u teller1 -- sh -c ": >>'$DB'" 2>/dev/null; then die "the teller opened $DB for writing"; fi
if out=$(as teller1 done "$other" --by zhou.min --note forged --config "$CONF" --db "$DB" 2>&1); then
    die "the teller reached $DB with --db: $out"
fi
# A login mapped to nobody reads, but does not write.
as nobody1 overdue >/dev/null || die "nobody1 could not read"
if out=$(as nobody1 done "$mine" 2>&1); then die "an unmapped login wrote: $out"; fi
grep -q 'refused: nobody1 (mapped to nobody) may not complete' <<<"$out" && grep -q 'add "unix-user: nobody1"' <<<"$out" ||
    die "unmapped login: unexpected refusal: $out"
# --now is refused on the real database, reads included.
if out=$(as deputy1 due --now "$(date +%F)T10:00" 2>&1); then die "--now was accepted on the real database"; fi
# The deputy records her own item as herself, without --by.
out=$(as deputy1 done "$mine" --note "counted with the vault keeper" 2>&1) ||
    die "the deputy could not record her own item #$mine: $out"
grep -q "recorded by 周敏" <<<"$out" || die "the deputy's completion names someone else: $out"
[ "$(completions "$mine")" = 1 ] || die "the deputy's completion of #$mine was not kept"
log "identity: forged --by, a teller's waiver, her direct open of the file, an unmapped login's write and --now refused; the deputy recorded #$mine; $(el "$ts")s"

# ---- two-person checks (双人): the teller records her cash box, the deputy confirms it ----------------------
ts=$(now)
box=$(as teller1 overdue --person he.jing --duty e2e.cash-box-count --format json | jq -r '.[0].id // empty')
[ -n "$box" ] || die "the teller owes no overdue cash-box count"
out=$(as teller1 done "$box" --note "尾箱清点" 2>&1) || die "the teller could not record her cash box #$box: $out"
grep -q "awaiting confirmation" <<<"$out" || die "the two-person check #$box did not wait for a second person: $out"
status() { as deputy1 show "$1" --format json | jq -r '.occurrence.status'; }
[ "$(status "$box")" = overdue ] || die "#$box awaiting confirmation past its deadline is not overdue: $(status "$box")"
if out=$(as teller1 confirm "$box" 2>&1); then die "the teller confirmed her own check #$box: $out"; fi
grep -q "refused: teller1 (he.jing) may not confirm #$box: 'he.jing' recorded this check" <<<"$out" ||
    die "self-confirmation: unexpected refusal: $out"
[ "$(status "$box")" = overdue ] || die "the refused confirmation of #$box changed it: $(status "$box")"
out=$(as deputy1 confirm "$box" --note "复核无误" 2>&1) || die "the deputy could not confirm #$box: $out"
grep -q "recorded by 何静, confirmed by 周敏" <<<"$out" || die "the confirmation names someone else: $out"
[ "$(status "$box")" = done-late ] || die "#$box confirmed past its deadline is not done-late: $(status "$box")"
login=$(as deputy1 show "$box" --format json | jq -r '.confirmation.confirmed[0].login')
[ "$login" = deputy1 ] || die "show names login '$login' for the confirmation of #$box, not deputy1"
log "two-person check #$box: the teller recorded it (overdue while awaiting), her own confirmation refused, the deputy's closed it (done-late, from login deputy1); $(el "$ts")s"

# ---- the record: the journal holds the chain's head; root's UPDATE with sqlite3 is named by audit verify -------
ts=$(now)
head_line=$(inc journalctl -q -u "$UNIT" -g 'audit head' -o cat --no-pager | tail -n1)
[[ $head_line =~ seq\ ([0-9]+)\ hash\ ([0-9a-f]{64}) ]] || die "no 'audit head: seq N hash H' line in gridd's journal: '$head_line'"
expect="${BASH_REMATCH[1]}:${BASH_REMATCH[2]}"
out=$(inc runuser -u alice -- $BINDIR/gridctl audit verify --expect "$expect" 2>&1) ||
    die "audit verify failed on the untouched database (expecting the journal's $expect): $out"
log "audit verify as alice: $out (the journal's head $expect matches)"
out=$(inc runuser -u alice -- $BINDIR/gridctl audit verify --from "$expect" 2>&1) ||
    die "audit verify --from the journal's head $expect failed: $out"
log "audit verify --from the journal's head: $out"
entry=$(inc runuser -u alice -- $BINDIR/gridctl audit log --format json |
    jq -r --argjson o "$mine" '[.[] | select(.kind == "completion" and .occurrence == $o)][-1].seq // empty')
[ -n "$entry" ] || die "audit log has no completion entry for #$mine"
# As root, on the file itself (the host's sqlite3 on the container's file): the trigger
# refuses the UPDATE; dropped, the UPDATE lands, and verify names the entry.
tamper="UPDATE completion SET performed_at = performed_at - 86400 WHERE occurrence_id = $mine"
if out=$(sqlite3 "$ROOT$DB" "$tamper" 2>&1); then die "the append-only trigger let root's UPDATE through"; fi
grep -q 'append-only' <<<"$out" || die "root's UPDATE refused with an unexpected message: $out"
sqlite3 "$ROOT$DB" "DROP TRIGGER completion_no_update; $tamper" || die "root's UPDATE after dropping the trigger failed"
if out=$(inc runuser -u alice -- $BINDIR/gridctl audit verify 2>&1); then die "audit verify missed root's UPDATE: $out"; fi
grep -q "entry $entry does not match its hash" <<<"$out" || die "audit verify did not name entry $entry: $out"
if [ "$entry" -gt "${expect%%:*}" ]; then
    if out=$(inc runuser -u alice -- $BINDIR/gridctl audit verify --from "$expect" 2>&1); then
        die "audit verify --from $expect missed root's UPDATE of entry $entry: $out"
    fi
fi
log "root's UPDATE of #$mine's completion with sqlite3: refused by the trigger; with the trigger dropped, audit verify exits 1: $(head -n1 <<<"$out"); $(el "$ts")s"

# ---- hostile values: one entry per line gridd wrote, at the priority gridd chose -------------------------------
# journald cuts a stdout line at LineMax= (48 KiB) and reads a <N> at the start of each piece
# as its priority: before values were capped, this made two entries at PRIORITY=0 beginning
# "FORGED". No entry of a unit may be at 0-2 (gridd logs critical only when it refuses to
# start), hold a piece of the value at its start, be longer than gridd's line cap, or keep an
# unparsed <N>. `-a`: journalctl prints fields over 4 KiB as null without it.
hostile="$(printf '<0>%.0s' $(seq 20000))FORGED"
check_no_forgery() {
    local entries bad
    entries=$(inc journalctl -q -a -u "$1" -o json --output-fields=PRIORITY,MESSAGE)
    [ -n "$entries" ] || die "$1: no journal entries"
    bad=$(jq -r 'select((.PRIORITY | tonumber) <= 2) | "<\(.PRIORITY)> \(.MESSAGE | tostring | .[0:100])"' <<<"$entries")
    [ -z "$bad" ] || die "$1: an entry at a priority gridd does not use: $(head -n3 <<<"$bad")"
    bad=$(jq -r 'select((.MESSAGE | type) != "string" or (.MESSAGE | test("FORGED|^<[0-7]>"))
        or (.MESSAGE | utf8bytelength) > 8192) | .MESSAGE | tostring | .[0:100]' <<<"$entries")
    [ -z "$bad" ] || die "$1: an entry gridd did not write: $(head -n3 <<<"$bad")"
    jq -s 'length' <<<"$entries"
}

# The check itself: an uncapped line of the value, as gridd wrote before values were capped,
# does make a forged entry, and check_no_forgery sees it.
inc systemd-run --quiet --wait --unit=e2e-forger /bin/bash -c 'printf "<4>duty overdue duty.title=%s\n" "$1"' _ \
    "$hostile" || die "systemd-run e2e-forger failed"
if forged=$(check_no_forgery e2e-forger 2>&1); then
    die "check_no_forgery missed the entries an uncapped 60 KB line makes"
fi
log "an uncapped 60 KB line does make a forged entry, and is caught: ${forged##*FAIL: }" | cut -c1-200

# A case raised by an operator with a 60 KB description, then a pass of gridd (in a transient
# unit, so its stdout is a journal stream) that raises the case's alert on another database.
# --log-format journal: stdout lines, which journald cuts at LineMax= and parses for <N> (what
# gridd falls back to when journald's socket refuses an entry); the daemon below logs natively.
same_process
ts=$(now)
hdb=/var/lib/gridduty/e2e-hostile.sqlite
raised_on=$(date -d "-3 days" +%F)
later=$(date -d "+14 days" +%F)
# It plays other instants (--now) and another person (--by): a simulation database.
# Made by the service user: an operator's --db drops the group, so none can write in the state directory.
out=$(inc runuser -u gridduty -- $BINDIR/gridctl migrate --simulation --db "$hdb" 2>&1) ||
    die "gridctl migrate --simulation failed: $out"
out=$(inc runuser -u gridduty -- $BINDIR/gridctl raise ops.premises-risk-report --subject "$hostile" \
    --by lin.zhenhua --config "$CONF" --db "$hdb" --now "${raised_on}T10:00" 2>&1) ||
    die "gridctl raise with a 60 KB description failed: $(head -c 300 <<<"$out")"
inc systemd-run --quiet --wait --unit=gridd-hostile -p User=gridduty -p Group=gridduty \
    $BINDIR/gridd --config "$CONF" --db "$hdb" --once --now "${later}T18:00" --log-format journal ||
    die "gridd --once on the hostile case failed: $(inc journalctl -q -u gridd-hostile --no-pager | tail -n3)"
n=$(check_no_forgery gridd-hostile)
case_lines=$(inc journalctl -q -a -u gridd-hostile -o json --output-fields=PRIORITY,MESSAGE |
    jq -r 'select(.MESSAGE | strings | test("duty.id=ops.premises-risk-report .*subject=\"<0><0><0>.*more bytes]")) | "<\(.PRIORITY)> \(.MESSAGE | .[0:160])…"')
[ -n "$case_lines" ] || die "no alert line about the case with the 60 KB description, cut"
first 1 <<<"$case_lines"
modes=$(inc stat -c '%a %U:%G' "$hdb" "$hdb.migrate-lock" | sort -u | paste -sd' ')
[ "$modes" = "660 gridduty:gridduty" ] || die "simulation database has $modes, expected 660 gridduty:gridduty"
log "60 KB case description, stdout lines: $n entries of gridd-hostile, none forged, the alert cut; database 660 gridduty:gridduty opened by gridd; $(el "$ts")s"

# ---- reload applies a changed catalog, same MainPID --------------------------------------------------------
same_process
ts=$(now)
# A monthly duty due on the first business day: its current occurrence is overdue (an
# alert) except on the first business day of a month before closing time. Either way
# the daemon's STATUS= open count grows by the new occurrence.
open_count() { prop StatusText | sed -nE 's/^([0-9]+) open.*/\1/p'; }
reloads() { journal_json -p notice..notice | jq -r '.MESSAGE | strings' | grep -c '^configuration reloaded' || true; }
probe_alert() { journal_json -p warning | jq -r '.MESSAGE | strings' | grep -q 'duty.id=e2e-reload-probe'; }
open0=$(open_count)
reloads0=$(reloads)
[ -n "$open0" ] || die "cannot read the open count from STATUS= '$(prop StatusText)'"
probe_alert && die "the probe duty appeared before the reload"
# Written after the counts are taken: the daemon also notices an edited file by itself
# (every 2 s with the shortened watchdog), before the reload.
cat > "$ROOT$CONF/catalog/zz-e2e-probe.yaml" <<'EOF'
line:
  id: e2e-probe
  title: E2E probe line
  owner: branch-head
duties:
  - id: e2e-reload-probe
    title: E2E reload probe
    cadence: monthly
    deadline: business-day 1
EOF
inc systemctl reload "$UNIT" || die "systemctl reload rc=$?"
applied() { [ "$(reloads)" -gt "$reloads0" ] && { probe_alert || [ "$(open_count)" -gt "$open0" ]; }; }
wait_for 200 applied ||
    die "added duty not applied within 20 s of reload (reload notices $reloads0 -> $(reloads), open $open0 -> $(open_count))"
wait_for 100 running || die "not back to active/running after reload ($(props ActiveState SubState)); READY=1 after RELOADING=1?"
[ "$(prop MainPID)" = "$mainpid" ] || die "MainPID changed on reload"
journal_json -p notice | jq -r 'select(.MESSAGE | strings | test("^configuration reloaded|duty.id=e2e-reload-probe")) | "<\(.PRIORITY)> \(.MESSAGE)"' |
    first 2
if probe_alert; then how="an overdue alert for it"; else how="no alert (not overdue yet)"; fi
log "reload: added duty applied (open $open0 -> $(open_count), $how), same MainPID $mainpid, active/running; $(el "$ts")s"

# ---- a broken catalog on reload: logged with file:line, daemon keeps running ---------------------------------
same_process
ts=$(now)
cat > "$ROOT$CONF/catalog/zz-e2e-broken.yaml" <<'EOF'
line:
  id: e2e-broken
  owner: branch-head
duties:
  - id: e2e-broken-duty
    title: A duty with a cadence that does not exist
    cadence: fortnightly
EOF
broken_seen() {
    journal_json -p warning | jq -r '.MESSAGE | strings' | grep -Eq 'zz-e2e-broken\.yaml(:| line=)[0-9]+'
}
inc systemctl reload "$UNIT" || die "systemctl reload (broken catalog) rc=$?"
wait_for 200 broken_seen || die "no warning/error line naming zz-e2e-broken.yaml and its line within 20 s"
wait_for 100 running || die "not active/running after a broken reload ($(props ActiveState SubState))"
[ "$(prop MainPID)" = "$mainpid" ] || die "MainPID changed on a broken reload"
journal_json -p warning | jq -r 'select(.MESSAGE | strings | test("zz-e2e-broken")) | "<\(.PRIORITY)> \(.MESSAGE)"' |
    first 3
log "broken reload: logged with file:line, still active, same MainPID; $(el "$ts")s"

# A catalog whose cadence is the longest hostile value a file may hold (4,000 characters,
# four times a logged value's cap), reloaded: the daemon names it in an error line, cut.
same_process
ts=$(now)
hostile_in_file="$(printf '<0>%.0s' $(seq 1300))FORGED"
printf 'line:\n  id: e2e-hostile\n  owner: branch-head\nduties:\n  - id: e2e-hostile-duty\n    title: Hostile\n    cadence: "%s"\n' \
    "$hostile_in_file" > "$ROOT$CONF/catalog/zz-e2e-hostile.yaml"
hostile_seen() { journal_json -a -p err | jq -r '.MESSAGE | strings' | grep -q 'zz-e2e-hostile\.yaml.*more bytes]'; }
inc systemctl reload "$UNIT" || die "systemctl reload (hostile catalog) rc=$?"
wait_for 200 hostile_seen || die "no error line naming zz-e2e-hostile.yaml, its value cut, within 20 s"
wait_for 100 running || die "not active/running after a hostile reload ($(props ActiveState SubState))"
[ "$(prop MainPID)" = "$mainpid" ] || die "MainPID changed on a hostile reload"
n=$(check_no_forgery "$UNIT")
journal_json -a -p err | jq -r 'select(.MESSAGE | strings | test("zz-e2e-hostile")) | "<\(.PRIORITY)> \(.MESSAGE | .[0:160])…"' |
    first 1
log "hostile reload, native protocol: the 4,000-character cadence logged cut, $n entries of $UNIT, none forged; $(el "$ts")s"

# ---- delivery: gridd-notify.service mails through msmtp with a systemd credential ---------------------------
# gridd keeps PrivateNetwork=yes and never delivers; gridd-notify, its own user in group
# gridduty, drains the outbox. The SMTP server started after boot requires AUTH. In the
# container, msmtp-mta's sendmail relays to it with the
# password it reads from $CREDENTIALS_DIRECTORY, which gridd-notify's child inherits; the
# password is a credential loaded by a drop-in, as docs/operations.md tells the operator.
same_process
ts=$(now)
NUNIT=gridd-notify.service
ndie() {
    echo "---- journalctl -u $NUNIT (last 15)"
    inc journalctl -q -u "$NUNIT" --no-pager -n 15 2>&1 | indent || true
    die "$*"
}
nprops() { inc systemctl show "$NUNIT" "${@/#/-p}" | sort | paste -sd' '; }
verify=$(inc systemd-analyze verify --man=no "$NUNIT" 2>&1 || echo "(exit status $?)")
[ -z "$verify" ] || die "systemd-analyze verify $NUNIT: $verify"
# No notify.yaml: it starts (READY=1), idles and delivers nowhere.
inc test -e "$CONF/notify.yaml" && die "$CONF/notify.yaml exists before the test wrote one"
inc timeout 60 systemctl start "$NUNIT" || ndie "systemctl start $NUNIT (no notify.yaml) rc=$?"
[ "$(nprops ActiveState SubState User Group)" = "ActiveState=active Group=gridduty SubState=running User=gridduty-notify" ] ||
    ndie "$NUNIT without notify.yaml: $(nprops ActiveState SubState User Group)"
log "$NUNIT without notify.yaml: active as gridduty-notify:gridduty, '$(inc systemctl show "$NUNIT" -p StatusText --value)'; $(el "$ts")s"

ts=$(now)
smtp_ready() { grep -q '^READY' "$RUNDIR/smtp-server.log"; }
wait_for 300 smtp_ready || { cat "$RUNDIR/smtp-server.log"; die "the SMTP server did not start within 30 s"; }
# The container's configuration, as an operator writes it: msmtp relaying with AUTH (no
# password in the file), the password root-only, a drop-in loading it, a mail receiver.
cat > "$ROOT/etc/msmtprc" <<EOF
account default
host 127.0.0.1
port $smtp_port
tls off
auth plain
user $smtp_user
passwordeval "cat \$CREDENTIALS_DIRECTORY/smtp-password"
from gridduty@branch.example.com
EOF
inc install -d -m 0700 "$CONF/credentials"
inc install -m 0600 /dev/null "$CONF/credentials/smtp-password"
cat "$RUNDIR/smtp-password" > "$ROOT$CONF/credentials/smtp-password"
mkdir -p "$ROOT/etc/systemd/system/$NUNIT.d"
printf '[Service]\nLoadCredential=smtp-password:%s\n' "$CONF/credentials/smtp-password" \
    > "$ROOT/etc/systemd/system/$NUNIT.d/credentials.conf"
# Only the test message: no route sends alerts to the mail receiver.
cat > "$ROOT$CONF/notify.yaml" <<'EOF'
receivers:
  - { id: mail, kind: mail, from: gridduty@branch.example.com }
route:
  receivers: []
EOF
inc systemctl daemon-reload
inc timeout 60 systemctl restart "$NUNIT" || ndie "systemctl restart $NUNIT rc=$?"
[ "$(inc systemctl show "$NUNIT" -p LoadCredential --value)" != "" ] || ndie "the drop-in's LoadCredential= is not applied"
out=$(inc timeout 90 $BINDIR/gridctl notify test mail --wait 60 2>&1) || ndie "gridctl notify test mail: $out"
grep -q '^sent' <<<"$out" || ndie "gridctl notify test mail did not say sent: $out"
sent_in=$(el "$ts")
subject="【测试】GridDuty 通知测试"
received=$(python3 - "$mail_dir" "$subject" <<'EOF'
import email, email.header, email.policy, glob, json, sys
folder, subject = sys.argv[1], sys.argv[2]
for path in sorted(glob.glob(folder + "/*.eml")):
    message = email.message_from_bytes(open(path, "rb").read(), policy=email.policy.default)
    if str(message["subject"]) == subject:
        envelope = json.load(open(path[:-4] + ".json"))
        print(json.dumps({"to": envelope["rcpt_tos"], "authenticated": envelope["authenticated"],
                          "login": envelope["login"], "message_id": str(message["message-id"])}))
EOF
)
n=$(grep -c . <<<"$received" || true)
[ "$n" = 1 ] || ndie "the SMTP server holds $n messages with the subject '$subject' (expected 1): $(ls "$mail_dir")"
jq -e --arg u "$smtp_user" '.authenticated and .login == $u' <<<"$received" >/dev/null ||
    ndie "the test mail did not arrive with AUTH as $smtp_user: $received"
# The relay password is in no journal entry, gridd-notify's or any other.
# (grep -c reads to the end: a grep -q stopping at a match would end journalctl with SIGPIPE.)
leaks=$(inc journalctl -q -a -o export --no-pager | grep -acF "$smtp_password" || true)
[ "$leaks" = 0 ] || ndie "the relay password is in $leaks journal entries"
inc journalctl -q -u "$NUNIT" -o cat --no-pager | first 4
log "delivery: '$out' in ${sent_in}s; the SMTP server holds 1 message '$subject', AUTH as $smtp_user, $(jq -r '"to \(.to | join(",")), Message-ID \(.message_id)"' <<<"$received"); no journal entry holds the password"
log "exposure in the container: $NUNIT $(inc systemd-analyze security "$NUNIT" 2>/dev/null | tail -n1 | sed 's/^→ Overall exposure level for [^:]*: //'), $UNIT $(inc systemd-analyze security "$UNIT" 2>/dev/null | tail -n1 | sed 's/^→ Overall exposure level for [^:]*: //')"
inc systemctl stop "$NUNIT" || ndie "systemctl stop $NUNIT rc=$?"
[ "$(nprops Result ExecMainStatus)" = "ExecMainStatus=0 Result=success" ] || ndie "$NUNIT stop: $(nprops Result ExecMainStatus)"
kill "$SMTPPID" && wait "$SMTPPID" 2>/dev/null || true
SMTPPID=""
log "delivery section: $(el "$ts")s"

# ---- the watchdog is fed -----------------------------------------------------------------------------------
if [ "$WATCHDOG" = 0 ]; then
    log "watchdog: check skipped (GRIDDUTY_E2E_WATCHDOG=0), WatchdogUSec=$(prop WatchdogUSec)"
else
    need_s=$(awk -v w="$WATCHDOG" 'BEGIN{printf "%.1f", w * 1.5}')
    left=$(awk -v n="$need_s" -v e="$(el "$tstart")" 'BEGIN{d = n - e; if (d < 0) d = 0; printf "%.1f", d}')
    sleep "$left"
    [ "$(props WatchdogUSec)" = "WatchdogUSec=${WATCHDOG}s" ] || die "drop-in not applied: $(props WatchdogUSec)"
    [ "$(prop MainPID)" = "$mainpid" ] && [ "$(prop NRestarts)" = 0 ] && running ||
        die "the daemon did not survive WatchdogSec=$WATCHDOG ($(props MainPID NRestarts Result))"
    log "watchdog: alive after $(el "$tstart")s with WatchdogSec=${WATCHDOG}s, NRestarts=0 (waited ${left}s)"
fi

# ---- stop: SIGTERM -> exit 0 --------------------------------------------------------------------------------
same_process
ts=$(now)
inc systemctl stop "$UNIT" || die "systemctl stop rc=$?"
res=$(props Result ExecMainStatus ActiveState)
[ "$res" = "ActiveState=inactive ExecMainStatus=0 Result=success" ] || die "after stop: $res"
log "stop rc=0 in $(el "$ts")s ($res)"

# ---- upgrade and removal: with a branch configured the postinst (re)starts gridd; prerm stops
# it; dpkg --purge takes the state directory and the unit's enablement -----------------------------------------
purge_package() {
    [ "$INSTALL" = deb ] || return 0
    local ts; ts=$(now)
    inc rm -f "$CONF/catalog/zz-e2e-broken.yaml"   # the broken reload's file: gridd would refuse to start
    inc dpkg -i /root/gridduty.deb 2>&1 | indent || die "dpkg -i over the installed package failed"
    wait_for 100 running || die "dpkg -i with a branch configured did not start gridd ($(props ActiveState SubState))"
    inc systemctl -q is-active gridd-notify.service || die "dpkg -i with a branch configured did not start gridd-notify"
    log "dpkg -i again with a branch configured: gridd and gridd-notify started by the postinst ($(props MainPID)); $(el "$ts")s"
    ts=$(now)
    inc dpkg --purge gridduty 2>&1 | indent || die "dpkg --purge failed"
    inc pgrep -x gridd >/dev/null && die "gridd still running after purge"
    inc pgrep -x gridd-notify >/dev/null && die "gridd-notify still running after purge"
    inc test -e /etc/systemd/system/multi-user.target.wants/gridd-notify.service && die "purge left gridd-notify.service enabled"
    inc test -e /var/lib/gridduty && die "purge left /var/lib/gridduty"
    inc test -e /usr/bin/gridd && die "purge left /usr/bin/gridd"
    inc test -e /etc/systemd/system/multi-user.target.wants/$UNIT && die "purge left $UNIT enabled"
    log "dpkg --purge: binaries, state directory and the unit's enablement removed; $(el "$ts")s"
}
purge_package

# ---- (d) teardown --------------------------------------------------------------------------------------------
[ "${GRIDDUTY_E2E_KEEP:-0}" = 1 ] && exit 0
ts=$(now)
kill -s RTMIN+4 "$LEADER"     # SIGRTMIN+4 to systemd = poweroff
nsrc=0; wait "$NSPID" || nsrc=$?
NSPID=""
LEADER=""
[ "$nsrc" -eq 0 ] || { cat "$RUNDIR/console.log"; die "nspawn exit $nsrc"; }
log "powered off (nspawn rc=0, overlay upper $(du -sh "$RUNDIR/upper" | cut -f1)) in $(el "$ts")s"
log "ALL CHECKS PASSED, total $(el "$t0")s (cleanup follows in the EXIT trap)"
