#!/usr/bin/env bash
# Builds the release archive a user downloads and unpacks on a cluster:
#   dist/zenodo-tui-VERSION-linux-ARCH.tar.gz
# with bin/zenodo-tui (Swift runtime linked in), the man page, completions for bash, zsh and
# fish, README.md, LICENSE, LICENSE.libyaml (linked in) and SHA256SUMS (of every file in it), plus the archive's own
# checksum beside it (dist/zenodo-tui-VERSION-linux-ARCH.tar.gz.sha256).
#
#   scripts/package.sh [--binary FILE]   (default: builds with scripts/build-release.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

BINARY=""
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) BINARY="$2"; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "package.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$BINARY" ] || BINARY="$(scripts/build-release.sh)"

VERSION=$("$BINARY" --version | cut -d' ' -f1)
NAME="zenodo-tui-$VERSION-linux-$(uname -m)"
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
scripts/install.sh --prefix "$STAGE/$NAME" --binary "$BINARY" >&2
rm -rf "$STAGE/$NAME/share/zenodo-tui"   # the installer's own record, not part of the archive
cp README.md LICENSE "$STAGE/$NAME/"
cp Sources/CLibYAML/LICENSE "$STAGE/$NAME/LICENSE.libyaml"   # LibYAML is linked in (MIT)
(cd "$STAGE/$NAME" && find . -type f ! -name SHA256SUMS | sort | sed 's|^\./||' | xargs sha256sum > SHA256SUMS)
mkdir -p dist
tar -C "$STAGE" --owner=0 --group=0 --numeric-owner -czf "dist/$NAME.tar.gz" "$NAME"
(cd dist && sha256sum "$NAME.tar.gz" > "$NAME.tar.gz.sha256")
echo "dist/$NAME.tar.gz"
