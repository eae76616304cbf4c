#!/usr/bin/env bash
# Packages zenodo-tui for the channels researchers install from (issue 34), beside the tarball of
# scripts/package.sh:
#   dist/zenodo_tui-VERSION-py3-none-manylinux_2_N_ARCH.whl   pip / pipx (the binary as a script
#       entry, the man page and completions as data; N is the newest glibc symbol version the
#       binary needs, read with objdump -T, not assumed)
#   dist/zenodo-tui_VERSION_DEBARCH.deb                       apt (Depends computed from what the
#       binary links, by dpkg-shlibdeps; Debian's paths; lintian-clean where lintian is installed)
# Prints the two paths.
#
#   scripts/package-channels.sh [--binary FILE]   (default: builds with scripts/build-release.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

BINARY=""
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) BINARY="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "package-channels.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$BINARY" ] || BINARY="$(scripts/build-release.sh)"
BINARY="$(cd "$(dirname "$BINARY")" && pwd)/$(basename "$BINARY")"

VERSION=$("$BINARY" --version | cut -d' ' -f1)
ARCH=$(uname -m)
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
scripts/install.sh --prefix "$STAGE/prefix" --binary "$BINARY" >&2
mkdir -p dist

# The wheel: manylinux_2_N from the newest GLIBC_2.N symbol version the binary references.
source scripts/lib/glibc-floor.sh
GLIBC=$(glibc_newest "$BINARY")
[ -n "$GLIBC" ] || { echo "package-channels.sh: no GLIBC symbol versions in $BINARY" >&2; exit 1; }
WHEEL=$(python3 scripts/make-wheel.py --prefix "$STAGE/prefix" --version "$VERSION" \
  --platform "manylinux_2_${GLIBC}_${ARCH}" --out dist)

# The Debian package, in Debian's paths.
DEBARCH=$(dpkg --print-architecture)
ROOT="$STAGE/deb"
P="$STAGE/prefix/share"
install -D -m 0755 "$BINARY" "$ROOT/usr/bin/zenodo-tui"
install -d "$ROOT/usr/share/man/man1"
gzip -9n < "$P/man/man1/zenodo-tui.1" > "$ROOT/usr/share/man/man1/zenodo-tui.1.gz"
chmod 0644 "$ROOT/usr/share/man/man1/zenodo-tui.1.gz"
install -D -m 0644 "$P/bash-completion/completions/zenodo-tui" "$ROOT/usr/share/bash-completion/completions/zenodo-tui"
install -D -m 0644 "$P/zsh/site-functions/_zenodo-tui" "$ROOT/usr/share/zsh/vendor-completions/_zenodo-tui"
install -D -m 0644 "$P/fish/vendor_completions.d/zenodo-tui.fish" \
  "$ROOT/usr/share/fish/vendor_completions.d/zenodo-tui.fish"
DOC="$ROOT/usr/share/doc/zenodo-tui"
install -d "$DOC"
{
  echo "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
  echo "Upstream-Name: zenodo-tui"
  echo ""
  echo "Files: *"
  echo "Copyright: 2024-2026 the zenodo-tui developers"
  echo "License: Apache-2.0"
  echo " On Debian systems the full text of the Apache License 2.0 is in"
  echo " /usr/share/common-licenses/Apache-2.0."
  echo ""
  echo "Files: Sources/CLibYAML/*"
  echo "Copyright: 2006-2016 Kirill Simonov, 2017-2020 Ingy döt Net"
  echo "License: Expat"
  sed -n '/^Permission is hereby granted/,$p' Sources/CLibYAML/LICENSE | sed 's/^$/./; s/^/ /'
} > "$DOC/copyright"
DATE=$(date -u -R -d "@$(git log -1 --format=%ct 2>/dev/null || date +%s)")
printf 'zenodo-tui (%s) unstable; urgency=medium\n\n  * Release %s.\n\n -- zenodo-tui developers <zenodo-tui@users.noreply.github.com>  %s\n' \
  "$VERSION" "$VERSION" "$DATE" | gzip -9n > "$DOC/changelog.gz"
chmod 0644 "$DOC/copyright" "$DOC/changelog.gz"
# What lintian would call errors and Debian's own Swift packaging would have too: Swift packages
# are linked statically, so LibYAML (Sources/CLibYAML, copied from Yams) and the static Swift runtime's zlib are in the
# binary, with nothing in the system's packages to link them from instead.
install -d "$ROOT/usr/share/lintian/overrides"
printf '%s\n' "zenodo-tui: embedded-library libyaml [usr/bin/zenodo-tui]" \
  "zenodo-tui: embedded-library zlib [usr/bin/zenodo-tui]" > "$ROOT/usr/share/lintian/overrides/zenodo-tui"
chmod 0644 "$ROOT/usr/share/lintian/overrides/zenodo-tui"

# Depends: what the binary links, as dpkg-shlibdeps maps each library to its package and version.
mkdir -p "$STAGE/shlibs/debian"
printf 'Source: zenodo-tui\n\nPackage: zenodo-tui\nArchitecture: any\n' > "$STAGE/shlibs/debian/control"
DEPENDS=$(cd "$STAGE/shlibs" && dpkg-shlibdeps -O "$ROOT/usr/bin/zenodo-tui" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$DEPENDS" ] || { echo "package-channels.sh: dpkg-shlibdeps computed no Depends" >&2; exit 1; }
install -d "$ROOT/DEBIAN"
cat > "$ROOT/DEBIAN/control" <<EOF
Package: zenodo-tui
Version: $VERSION
Architecture: $DEBARCH
Maintainer: zenodo-tui developers <zenodo-tui@users.noreply.github.com>
Installed-Size: $(du -sk --exclude=DEBIAN "$ROOT" | cut -f1)
Depends: $DEPENDS
Section: utils
Priority: optional
Description: publish research datasets on Zenodo from a terminal
 zenodo-tui browses, edits, uploads, downloads and publishes depositions on
 Zenodo and other InvenioRDM repositories, over SSH at 80x24, with verified
 transfers that a background agent carries on after the connection drops,
 scriptable subcommands with --json, and LocalZenodo, a Zenodo-compatible
 loopback server for tests.
EOF
DEB="dist/zenodo-tui_${VERSION}_${DEBARCH}.deb"
dpkg-deb --root-owner-group -Zxz --build "$ROOT" "$DEB" >&2
echo "$WHEEL"
echo "$DEB"
