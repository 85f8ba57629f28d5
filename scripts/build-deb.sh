#!/usr/bin/env bash
# build-deb.sh — build GridDuty's Debian package, gridduty_<version>_amd64.deb.
#
#   scripts/build-deb.sh                 build (release, static Swift runtime) and package
#   scripts/build-deb.sh --out DIR       write the package into DIR (default: the repository root)
#
# What the package holds:
#   /usr/bin/gridd, /usr/bin/gridctl, /usr/bin/gridd-notify    the products only (no developer tools)
#   /usr/lib/systemd/system/gridd.service            ExecStart=/usr/bin/gridd, Documentation=man:gridd(8)
#   /usr/lib/systemd/system/gridd-notify.service     ExecStart=/usr/bin/gridd-notify (delivery)
#   /usr/lib/sysusers.d/gridduty.conf, /usr/lib/tmpfiles.d/gridduty.conf
#   /etc/gridduty/{roles,policy}.yaml, catalog/, calendars/    conffiles; branches/ left empty
#   /usr/share/doc/gridduty/examples/example.yaml    the example branch, never live configuration
#   /usr/share/doc/gridduty/examples/{integrity,notify}.yaml    examples, never live configuration
#   /usr/share/man/man1/gridctl.1.gz, man8/gridd.8.gz, man8/gridd-notify.8.gz
#   bash, zsh and fish completions of gridctl in their vendor folders
#   /usr/share/doc/gridduty/{copyright,changelog.Debian.gz,README.md.gz,operations.md.gz}
# Maintainer scripts (packaging/debian/): postinst creates the users and the state directory
# and enables both units, starting them once a branch is configured; prerm stops them on
# removal; postrm purges the state directory.
#
# The version is gridctl's own (`gridctl --version`, written once in GridConfig's
# ProductVersion) followed by the Debian revision of packaging/debian/changelog's top entry;
# the two must agree. The man pages come from swift-argument-parser's generate-manual plugin
# (run on the debug build, whose help is the same as the release build's).
#
# Environment:
#   GRIDD_BIN, GRIDCTL_BIN, GRIDD_NOTIFY_BIN
#                            package these prebuilt binaries (release, --static-swift-stdlib)
#                            instead of building
#   SOURCE_DATE_EPOCH        timestamps of the package's files and man pages (default: the
#                            changelog's top entry), so the same tree gives the same package
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PKG=$REPO/packaging/debian
OUT=$REPO
GRIDD_BIN=${GRIDD_BIN:-}
GRIDCTL_BIN=${GRIDCTL_BIN:-}
GRIDD_NOTIFY_BIN=${GRIDD_NOTIFY_BIN:-}

say() { printf 'build-deb: %s\n' "$*"; }
die() { printf 'build-deb: error: %s\n' "$*" >&2; exit 1; }

while [ $# -gt 0 ]; do
    case "$1" in
        --out) [ $# -ge 2 ] || die "--out needs a directory"; OUT=$2; shift 2 ;;
        --out=*) OUT=${1#--out=}; shift ;;
        -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument '$1' (usage: $0 [--out DIR])" ;;
    esac
done
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
for tool in dpkg-deb dpkg-shlibdeps gzip strip; do
    command -v "$tool" >/dev/null || die "$tool not found (apt-get install dpkg-dev binutils)"
done

# ---- binaries: release, the Swift runtime linked in -------------------------------------------
if [ -z "$GRIDD_BIN" ] || [ -z "$GRIDCTL_BIN" ] || [ -z "$GRIDD_NOTIFY_BIN" ]; then
    # -z now: full RELRO (bind now), as Debian's hardening flags ask; it changes only the link.
    flags=(-c release --static-swift-stdlib -Xlinker -z -Xlinker now)
    for product in gridd gridctl gridd-notify; do
        say "swift build ${flags[*]} --product $product"
        (cd "$REPO" && swift build "${flags[@]}" --product "$product") || die "build of $product failed"
    done
    bin=$(cd "$REPO" && swift build "${flags[@]}" --show-bin-path)
    GRIDD_BIN=$bin/gridd
    GRIDCTL_BIN=$bin/gridctl
    GRIDD_NOTIFY_BIN=$bin/gridd-notify
fi
for b in "$GRIDD_BIN" "$GRIDCTL_BIN" "$GRIDD_NOTIFY_BIN"; do
    [ -f "$b" ] && [ -x "$b" ] || die "not an executable file: $b"
    if ldd "$b" 2>/dev/null | grep -q 'libswift\|libFoundation\|libdispatch'; then
        die "$b links the Swift runtime dynamically; build with --static-swift-stdlib"
    fi
done

# ---- version ------------------------------------------------------------------------------------
upstream=$("$GRIDCTL_BIN" --version)
VERSION=$(sed -n '1s/^gridduty (\([^)]*\)).*/\1/p' "$PKG/changelog")
[ -n "$VERSION" ] || die "cannot read the version from the first line of $PKG/changelog"
[ "${VERSION%-*}" = "$upstream" ] ||
    die "gridctl --version says $upstream but $PKG/changelog's top entry is $VERSION: add an entry"
changelog_date=$(sed -n 's/^ -- .*>  //p' "$PKG/changelog" | head -n1)
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(date -d "$changelog_date" +%s)}
DEB=$OUT/gridduty_${VERSION}_amd64.deb
say "version $VERSION (gridctl $upstream)"

STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
ROOT=$STAGE/root
DOC=$ROOT/usr/share/doc/gridduty

# ---- files ----------------------------------------------------------------------------------------
install -d -m 0755 "$ROOT/usr/bin" "$ROOT/usr/lib/systemd/system" "$ROOT/usr/lib/sysusers.d" \
    "$ROOT/usr/lib/tmpfiles.d" "$ROOT/etc/gridduty/branches" "$DOC/examples" \
    "$ROOT/usr/share/man/man1" "$ROOT/usr/share/man/man8" "$ROOT/usr/share/bash-completion/completions" \
    "$ROOT/usr/share/zsh/vendor-completions" "$ROOT/usr/share/fish/vendor_completions.d"
# Stripped as dh_strip does: a static Swift runtime makes the symbols most of the size.
for name in gridd gridctl gridd-notify; do
    case $name in gridd) src=$GRIDD_BIN ;; gridctl) src=$GRIDCTL_BIN ;; gridd-notify) src=$GRIDD_NOTIFY_BIN ;; esac
    install -m 0755 "$src" "$ROOT/usr/bin/$name"
    strip --strip-unneeded --remove-section=.comment --remove-section=.note "$ROOT/usr/bin/$name"
done

for unit in gridd gridd-notify; do
    sed -e "s#^ExecStart=/usr/local/bin/$unit #ExecStart=/usr/bin/$unit #" "$REPO/systemd/$unit.service" \
        > "$ROOT/usr/lib/systemd/system/$unit.service"
    grep -q "^ExecStart=/usr/bin/$unit " "$ROOT/usr/lib/systemd/system/$unit.service" ||
        die "systemd/$unit.service: ExecStart= is not /usr/local/bin/$unit, cannot point it at /usr/bin"
    grep -q "^Documentation=man:$unit(8)" "$ROOT/usr/lib/systemd/system/$unit.service" ||
        die "systemd/$unit.service has no Documentation=man:$unit(8)"
    chmod 0644 "$ROOT/usr/lib/systemd/system/$unit.service"
done
install -m 0644 "$REPO/systemd/gridd.sysusers" "$ROOT/usr/lib/sysusers.d/gridduty.conf"
install -m 0644 "$REPO/systemd/gridd.tmpfiles" "$ROOT/usr/lib/tmpfiles.d/gridduty.conf"

# The shared schedules are configuration an operator edits: conffiles. The example branch
# is documentation: an installed package raises nothing for invented people.
(cd "$REPO/schedules" && find roles.yaml policy.yaml catalog calendars -type f -name '*.yaml' | sort) |
    while IFS= read -r rel; do
        install -D -m 0644 "$REPO/schedules/$rel" "$ROOT/etc/gridduty/$rel"
    done
for example in "$REPO"/schedules/branches/*.yaml; do
    install -m 0644 "$example" "$DOC/examples/"
done
# The integrity table is a bank's own decision: shipped as an example, so an installed
# package scores nobody on invented points until the operator copies it to /etc/gridduty.
install -m 0644 "$REPO/schedules/integrity.yaml" "$DOC/examples/"
# So are the receivers: an installed package delivers nowhere until the operator writes
# /etc/gridduty/notify.yaml (gridd-notify idles without it).
install -m 0644 "$REPO/examples/notify/notify.yaml" "$DOC/examples/"

# Man pages: swift-argument-parser's generate-manual plugin, gridctl in section 1 and the
# daemons gridd and gridd-notify in section 8. The plugin writes every page for each section asked.
man_date=$(date -u -d "@$SOURCE_DATE_EPOCH" +%F)
for section in 1 8; do
    say "man pages: swift package plugin generate-manual --section $section"
    (cd "$REPO" && swift package plugin generate-manual --configuration debug --section "$section" \
        --date "$man_date" --authors "GridDuty maintainers" >"$STAGE/manual-$section.log" 2>&1) ||
        { tail -n 20 "$STAGE/manual-$section.log"; die "generate-manual failed"; }
    case $section in 1) products=gridctl ;; 8) products="gridd gridd-notify" ;; esac
    for product in $products; do
        page=$REPO/.build/plugins/GenerateManual/outputs/$product/$product.$section
        [ -s "$page" ] || die "generate-manual wrote no $page"
        # The daemons have no subcommands, but the plugin lists argument-parser's implicit
        # `help` one and puts `subcommand` in the synopsis: both are taken out of their pages.
        if [ "$section" = 8 ]; then
            sed -i -e '/^\.Sh SYNOPSIS$/,/^\.Sh /{/^\.Ar subcommand$/d}' -e '/^\.It Em help$/,/^\.El$/d' "$page"
            ! grep -q '^\.Ar subcommand$' "$page" || die "$product.8 still names a subcommand"
        fi
        gzip -9n < "$page" > "$ROOT/usr/share/man/man$section/$product.$section.gz"
    done
done

# bash-completion sources its files: no #! line.
"$GRIDCTL_BIN" --generate-completion-script bash | sed '1{/^#!/d}' > "$ROOT/usr/share/bash-completion/completions/gridctl"
"$GRIDCTL_BIN" --generate-completion-script zsh > "$ROOT/usr/share/zsh/vendor-completions/_gridctl"
"$GRIDCTL_BIN" --generate-completion-script fish > "$ROOT/usr/share/fish/vendor_completions.d/gridctl.fish"

install -m 0644 "$PKG/copyright" "$DOC/copyright"
install -D -m 0644 "$PKG/lintian-overrides" "$ROOT/usr/share/lintian/overrides/gridduty"
gzip -9n < "$PKG/changelog" > "$DOC/changelog.Debian.gz"
gzip -9n < "$REPO/README.md" > "$DOC/README.md.gz"
gzip -9n < "$REPO/docs/operations.md" > "$DOC/operations.md.gz"
chmod 0644 "$DOC"/*.gz "$ROOT/usr/share/lintian/overrides/gridduty" "$ROOT"/usr/share/man/man*/*.gz "$ROOT"/usr/share/*/*completion*/*
find "$ROOT" -type d -exec chmod 0755 {} +

# ---- control ----------------------------------------------------------------------------------------
install -d -m 0755 "$ROOT/DEBIAN" "$STAGE/debian"
# dpkg-shlibdeps reads the package's name from a debian/control; it prints libc6, libsqlite3-0
# and the C++ runtime the static Swift runtime needs, with their minimum versions.
printf 'Source: gridduty\n\nPackage: gridduty\nArchitecture: amd64\n' > "$STAGE/debian/control"
depends=$(cd "$STAGE" && dpkg-shlibdeps -O -xgridduty root/usr/bin/gridd root/usr/bin/gridctl root/usr/bin/gridd-notify 2>/dev/null |
    sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || die "dpkg-shlibdeps found no dependencies"
size=$(du -sk --apparent-size --exclude=DEBIAN "$ROOT" | cut -f1)
sed -e "s/@VERSION@/$VERSION/" -e "s/@INSTALLED_SIZE@/$size/" -e "s/@DEPENDS@/$depends/" \
    "$PKG/control.in" > "$ROOT/DEBIAN/control"
(cd "$ROOT" && find etc -type f | sort | sed 's#^#/#') > "$ROOT/DEBIAN/conffiles"
for script in postinst prerm postrm; do
    install -m 0755 "$PKG/$script" "$ROOT/DEBIAN/$script"
done
(cd "$ROOT" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) \
    > "$ROOT/DEBIAN/md5sums"
chmod 0644 "$ROOT/DEBIAN/control" "$ROOT/DEBIAN/conffiles" "$ROOT/DEBIAN/md5sums"

find "$ROOT" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
dpkg-deb --root-owner-group -Zxz --build "$ROOT" "$DEB" >/dev/null
say "wrote $DEB ($(du -h "$DEB" | cut -f1); installed $size KiB; Depends: $depends, systemd)"
