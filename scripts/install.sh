#!/usr/bin/env bash
# install.sh — build and install GridDuty on a system without Debian's package tools
# (on Debian use the package: scripts/build-deb.sh): gridd, gridctl and gridd-notify, the
# systemd units (gridd.service and the delivery, gridd-notify.service),
# the sysusers.d and tmpfiles.d snippets, gridctl's shell completions, the shared schedules
# (roles, policy, catalog, calendars) as the configuration in /etc/gridduty, and the example
# branch, the integrity table and notify.yaml as documentation in
# $PREFIX/share/doc/gridduty/examples: like the package, it configures no branch, so nothing
# is raised for invented people, and no receiver, so nothing is delivered.
#
#   scripts/install.sh                      build (release, static Swift stdlib) and install
#   PREFIX=/usr scripts/install.sh          the package's paths: /usr/bin, /usr/lib/systemd/system
#   DESTDIR=/tmp/stage scripts/install.sh   stage into a directory tree (packaging, tests)
#
# Environment:
#   PREFIX        binaries go to $PREFIX/bin (default /usr/local); the units' ExecStart= follow
#   DESTDIR       staging root prepended to every installed path (default: none). With a
#                 DESTDIR nothing is run against the live system.
#   GRIDD_BIN, GRIDCTL_BIN, GRIDD_NOTIFY_BIN
#                 install these prebuilt binaries instead of building
#   SWIFT_BUILD_FLAGS
#                 extra flags for `swift build` (e.g. "--scratch-path .build-release")
#   STATIC_STDLIB=0   link the Swift runtime dynamically (the target then needs the toolchain)
#   STRIP=1       strip the installed binaries
#   UNITDIR, SYSUSERSDIR, TMPFILESDIR, CONFDIR, DOCDIR, COMPLETIONS=0
#                 default /etc/systemd/system (/usr/lib/systemd/system when PREFIX=/usr),
#                 /usr/lib/sysusers.d, /usr/lib/tmpfiles.d, /etc/gridduty,
#                 $PREFIX/share/doc/gridduty; COMPLETIONS=0 skips the shell completions
#
# Configuration files an operator has edited are never overwritten: a shipped file that
# differs from the installed one is written next to it as NAME.dist instead.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PREFIX=${PREFIX:-/usr/local}
DESTDIR=${DESTDIR:-}
BINDIR=${BINDIR:-$PREFIX/bin}
if [ "$PREFIX" = /usr ]; then UNITDIR=${UNITDIR:-/usr/lib/systemd/system}; else UNITDIR=${UNITDIR:-/etc/systemd/system}; fi
SYSUSERSDIR=${SYSUSERSDIR:-/usr/lib/sysusers.d}
TMPFILESDIR=${TMPFILESDIR:-/usr/lib/tmpfiles.d}
CONFDIR=${CONFDIR:-/etc/gridduty}
DOCDIR=${DOCDIR:-$PREFIX/share/doc/gridduty}
GRIDD_BIN=${GRIDD_BIN:-}
GRIDCTL_BIN=${GRIDCTL_BIN:-}
GRIDD_NOTIFY_BIN=${GRIDD_NOTIFY_BIN:-}

say() { printf 'install: %s\n' "$*"; }
die() { printf 'install: error: %s\n' "$*" >&2; exit 1; }

# ---- build ------------------------------------------------------------------------------------
if [ -z "$GRIDD_BIN" ] || [ -z "$GRIDCTL_BIN" ] || [ -z "$GRIDD_NOTIFY_BIN" ]; then
    command -v swift >/dev/null ||
        die "swift not found; install a toolchain or pass GRIDD_BIN, GRIDCTL_BIN and GRIDD_NOTIFY_BIN"
    flags=(-c release)
    [ "${STATIC_STDLIB:-1}" = 1 ] && flags+=(--static-swift-stdlib)
    # shellcheck disable=SC2206  # SWIFT_BUILD_FLAGS is a list of words on purpose
    flags+=(${SWIFT_BUILD_FLAGS:-})
    for product in gridd gridctl gridd-notify; do
        say "swift build ${flags[*]} --product $product"
        (cd "$REPO" && swift build "${flags[@]}" --product "$product") || die "build of $product failed"
    done
    bin=$(cd "$REPO" && swift build "${flags[@]}" --show-bin-path)
    GRIDD_BIN=${GRIDD_BIN:-$bin/gridd}
    GRIDCTL_BIN=${GRIDCTL_BIN:-$bin/gridctl}
    GRIDD_NOTIFY_BIN=${GRIDD_NOTIFY_BIN:-$bin/gridd-notify}
fi
for b in "$GRIDD_BIN" "$GRIDCTL_BIN" "$GRIDD_NOTIFY_BIN"; do
    [ -f "$b" ] && [ -x "$b" ] || die "not an executable file: $b"
done

# ---- binaries ---------------------------------------------------------------------------------
strip_flag=()
[ "${STRIP:-0}" = 1 ] && strip_flag=(-s)
install -d -m 0755 "$DESTDIR$BINDIR"
install -m 0755 "${strip_flag[@]}" "$GRIDD_BIN" "$DESTDIR$BINDIR/gridd"
install -m 0755 "${strip_flag[@]}" "$GRIDCTL_BIN" "$DESTDIR$BINDIR/gridctl"
install -m 0755 "${strip_flag[@]}" "$GRIDD_NOTIFY_BIN" "$DESTDIR$BINDIR/gridd-notify"
say "binaries -> $DESTDIR$BINDIR/{gridd,gridctl,gridd-notify}"

# ---- systemd files ----------------------------------------------------------------------------
install -d -m 0755 "$DESTDIR$UNITDIR" "$DESTDIR$SYSUSERSDIR" "$DESTDIR$TMPFILESDIR"
# The units name /usr/local/bin/gridd(-notify) and /etc/gridduty; follow PREFIX/BINDIR and CONFDIR.
unit_tmp=$(mktemp)
trap 'rm -f "$unit_tmp"' EXIT
for unit in gridd gridd-notify; do
    sed -e "s#/usr/local/bin/gridd#$BINDIR/gridd#g" -e "s#--config /etc/gridduty#--config $CONFDIR#g" \
        "$REPO/systemd/$unit.service" > "$unit_tmp"
    install -m 0644 "$unit_tmp" "$DESTDIR$UNITDIR/$unit.service"
done
install -m 0644 "$REPO/systemd/gridd.sysusers" "$DESTDIR$SYSUSERSDIR/gridduty.conf"
install -m 0644 "$REPO/systemd/gridd.tmpfiles" "$DESTDIR$TMPFILESDIR/gridduty.conf"
say "units -> $DESTDIR$UNITDIR/{gridd,gridd-notify}.service; sysusers.d and tmpfiles.d: gridduty.conf"

# ---- configuration (never clobber an operator's edits) ----------------------------------------
install -d -m 0755 "$DESTDIR$CONFDIR"
new=0 kept=0 dist=0
while IFS= read -r -d '' rel; do
    src="$REPO/schedules/$rel"
    dst="$DESTDIR$CONFDIR/$rel"
    install -d -m 0755 "$(dirname "$dst")"
    if [ ! -e "$dst" ]; then
        install -m 0644 "$src" "$dst"; new=$((new + 1))
    elif cmp -s "$src" "$dst"; then
        kept=$((kept + 1))
    else
        install -m 0644 "$src" "$dst.dist"; dist=$((dist + 1))
        say "kept your $CONFDIR/$rel; the shipped version is $CONFDIR/$rel.dist"
    fi
done < <(cd "$REPO/schedules" && find . -type f ! -path './branches/*' ! -name integrity.yaml ! -name '*.dist' ! -name '.*' -printf '%P\0' | sort -z)
# Catalog directories may be empty in the repository; the loader expects them.
install -d -m 0755 "$DESTDIR$CONFDIR/catalog" "$DESTDIR$CONFDIR/branches" "$DESTDIR$CONFDIR/calendars"
say "configuration -> $DESTDIR$CONFDIR ($new new, $kept unchanged, $dist shipped as .dist)"
install -d -m 0755 "$DESTDIR$DOCDIR/examples"
install -m 0644 "$REPO"/schedules/branches/*.yaml "$REPO"/schedules/integrity.yaml \
    "$REPO"/examples/notify/notify.yaml "$DESTDIR$DOCDIR/examples/"
say "example branch, integrity table and notify.yaml -> $DESTDIR$DOCDIR/examples (copy them into $CONFDIR and edit them)"

# ---- shell completions of gridctl -------------------------------------------------------------
if [ "${COMPLETIONS:-1}" = 1 ]; then
    install -d -m 0755 "$DESTDIR$PREFIX/share/bash-completion/completions" \
        "$DESTDIR$PREFIX/share/zsh/vendor-completions" "$DESTDIR$PREFIX/share/fish/vendor_completions.d"
    "$GRIDCTL_BIN" --generate-completion-script bash | sed '1{/^#!/d}' > "$DESTDIR$PREFIX/share/bash-completion/completions/gridctl"
    "$GRIDCTL_BIN" --generate-completion-script zsh > "$DESTDIR$PREFIX/share/zsh/vendor-completions/_gridctl"
    "$GRIDCTL_BIN" --generate-completion-script fish > "$DESTDIR$PREFIX/share/fish/vendor_completions.d/gridctl.fish"
    say "completions -> $DESTDIR$PREFIX/share/{bash-completion,zsh,fish}"
fi

# ---- activate on the live system --------------------------------------------------------------
if [ -n "$DESTDIR" ]; then
    say "staged under $DESTDIR; on the target run: systemd-sysusers; systemd-tmpfiles --create; systemctl daemon-reload"
    exit 0
fi
if command -v systemd-sysusers >/dev/null; then
    systemd-sysusers "$SYSUSERSDIR/gridduty.conf"
    say "users gridduty and gridduty-notify, group gridduty ensured (systemd-sysusers)"
fi
if command -v systemd-tmpfiles >/dev/null; then
    systemd-tmpfiles --create "$TMPFILESDIR/gridduty.conf"
    say "state directory ensured (systemd-tmpfiles)"
fi
# As the package does: gridctl setgid to the service group, the only way operators (not in
# the group) reach the database; it drops the group for a --db or --config of their own.
if getent group gridduty >/dev/null; then
    chown root:gridduty "$BINDIR/gridctl"
    chmod 2755 "$BINDIR/gridctl"
    say "$BINDIR/gridctl: root:gridduty 2755 (setgid)"
fi
if [ -d /run/systemd/system ]; then
    systemctl daemon-reload
    say "systemctl daemon-reload done"
    if systemctl -q is-active gridd.service; then
        say "gridd is running the old binary: systemctl restart gridd gridd-notify"
    else
        say "configure a branch (cp $DOCDIR/examples/example.yaml $CONFDIR/branches/, edit it, gridctl validate), then: systemctl enable --now gridd gridd-notify"
    fi
else
    say "systemd is not running here; units take effect at next boot"
fi
say "operators: map each one's login in the branch file (unix-user: LOGIN), then gridctl overdue (no --db: that drops the group)"
