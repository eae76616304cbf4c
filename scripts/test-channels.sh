#!/usr/bin/env bash
# Installs zenodo-tui through the channels researchers use (issue 34) and runs it with the
# toolchain hidden (env -i, a PATH of a few system tools): the wheel with pip into a fresh venv,
# the wheel with pipx, and the .deb with apt. Each time: --version, `list` against LocalZenodo,
# the demo's first frame in tmux, the man page where the channel puts it; then the uninstall,
# which must leave nothing. lintian checks the .deb where it is installed. Prints the package
# sizes and each channel's install and first-run times.
#
#   scripts/test-channels.sh              (builds with scripts/build-release.sh: ~11 min from clean)
#   BINARY=path scripts/test-channels.sh  (an already built stripped binary)
set -euo pipefail
cd "$(dirname "$0")/.."

CHECK=test-channels
source scripts/lib/install-checks.sh
source scripts/lib/glibc-floor.sh
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

BINARY=${BINARY:-$(scripts/build-release.sh)}
PACKAGES=$(scripts/package-channels.sh --binary "$BINARY")
WHEEL=$(echo "$PACKAGES" | sed -n 1p)
DEB=$(echo "$PACKAGES" | sed -n 2p)
[ -f "$WHEEL" ] && [ -f "$DEB" ] || fail "no packages: $PACKAGES"
KIB() { echo $(( $(stat -c %s "$1") / 1024 )); }
pass "$(basename "$WHEEL") $(KIB "$WHEEL") KiB; $(basename "$DEB") $(KIB "$DEB") KiB"

# The tag is honest: no symbol of a glibc newer than the tag says.
TAG_GLIBC=$(basename "$WHEEL" | sed -n 's/.*manylinux_2_\([0-9]*\)_.*/\1/p')
NEWEST=$(glibc_newest "$BINARY")
[ "$TAG_GLIBC" = "$NEWEST" ] || fail "the wheel says glibc 2.$TAG_GLIBC, the binary needs 2.$NEWEST"
pass "manylinux_2_$TAG_GLIBC: the binary's newest glibc symbol is GLIBC_2.$NEWEST"

# LocalZenodo for the runs below, served by the packaged binary.
serve_demo "$BINARY" channel-test

# --version, list and the demo's first frame of the installed command `$2`, with the toolchain hidden.
run_installed() {
  local channel=$1 zt=$2
  local version first
  version=$("${HIDDEN[@]}" "$zt" --version) || fail "$channel: --version"
  "${HIDDEN[@]}" ZENODO_SERVER="$API" ZENODO_TOKEN=channel-test "$zt" list > "$WORK/list.txt" \
    || fail "$channel: list: $(cat "$WORK/list.txt")"
  grep -q "Alpine glacier" "$WORK/list.txt" || fail "$channel: list shows no demo record"
  first=$(demo_first_frame "$channel" "$zt") || exit 1
  echo "$version, list ok, demo's first frame in $first ms"
}

# 1. pip into a fresh venv (no index: only the wheel).
python3 -m venv "$WORK/venv"
START=$(date +%s%N)
"$WORK/venv/bin/pip" install --no-index --quiet "$WHEEL" || fail "pip install"
INSTALL_MS=$(ms_since "$START")
[ -x "$WORK/venv/bin/zenodo-tui" ] || fail "pip: no executable venv/bin/zenodo-tui"
[ -f "$WORK/venv/share/man/man1/zenodo-tui.1" ] || fail "pip: no man page under the venv's share/man"
[ -f "$WORK/venv/share/bash-completion/completions/zenodo-tui" ] || fail "pip: no bash completion"
cmp -s "$WORK/venv/bin/zenodo-tui" "$BINARY" || fail "pip: the installed binary is not the one packaged"
# (Each run into a variable first: a failure inside $(…) in an argument would not stop the script.)
RAN=$(run_installed pip "$WORK/venv/bin/zenodo-tui")
pass "pip install in ${INSTALL_MS} ms; $RAN"
"$WORK/venv/bin/pip" uninstall --yes --quiet zenodo-tui || fail "pip uninstall"
LEFT=$(find "$WORK/venv" \( -path '*zenodo*' -o -name '_zenodo-tui' \) | head -5)
[ -z "$LEFT" ] || fail "pip uninstall left: $LEFT"
pass "pip uninstall left nothing"

# 2. pipx (itself from PyPI into a venv of its own; its apps and man pages in private directories).
python3 -m venv "$WORK/pipx-tool"
"$WORK/pipx-tool/bin/pip" install --quiet pipx || fail "pip install pipx"
PIPX=(env PIPX_HOME="$WORK/pipx" PIPX_BIN_DIR="$WORK/pipx-bin" PIPX_MAN_DIR="$WORK/pipx-man" "$WORK/pipx-tool/bin/pipx")
START=$(date +%s%N)
"${PIPX[@]}" install "$WHEEL" > "$WORK/pipx.out" 2>&1 || fail "pipx install: $(cat "$WORK/pipx.out")"
INSTALL_MS=$(ms_since "$START")
[ -x "$WORK/pipx-bin/zenodo-tui" ] || fail "pipx: no zenodo-tui in PIPX_BIN_DIR: $(cat "$WORK/pipx.out")"
MAN=""
[ -e "$WORK/pipx-man/man1/zenodo-tui.1" ] && MAN="; its man page linked into PIPX_MAN_DIR"
RAN=$(run_installed pipx "$WORK/pipx-bin/zenodo-tui")
pass "pipx install in ${INSTALL_MS} ms$MAN; $RAN"
"${PIPX[@]}" uninstall zenodo-tui > "$WORK/pipx.out" 2>&1 || fail "pipx uninstall: $(cat "$WORK/pipx.out")"
# (pipx keeps its own lock file, venvs/.zenodo-tui.lock, for the next install of that name.)
LEFT=$(find "$WORK/pipx-bin" "$WORK/pipx-man" "$WORK/pipx/venvs" -name '*zenodo*' ! -name '.zenodo-tui.lock' 2>/dev/null | head -5)
[ -z "$LEFT" ] || fail "pipx uninstall left: $LEFT"
pass "pipx uninstall left nothing"

# 3. apt with the .deb (root only: it installs into /usr).
if [ "$(id -u)" != 0 ]; then
  echo "test-channels: skipped: apt needs root"
else
  INFO=$(dpkg-deb --info "$DEB")   # whole, not piped to grep -q (SIGPIPE under pipefail)
  grep -q "Depends: .*libc6" <<< "$INFO" || fail "the .deb has no computed Depends"
  if command -v lintian > /dev/null; then
    lintian --fail-on error "$DEB" > "$WORK/lintian.txt" 2>&1 || fail "lintian: $(cat "$WORK/lintian.txt")"
    pass "lintian: no errors ($(grep -c '^[WIN]:' "$WORK/lintian.txt" || true) other tags)"
  fi
  [ -e /usr/bin/zenodo-tui ] && fail "/usr/bin/zenodo-tui is already there"
  START=$(date +%s%N)
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$DEB" > "$WORK/apt.out" 2>&1 \
    || fail "apt-get install: $(cat "$WORK/apt.out")"
  INSTALL_MS=$(ms_since "$START")
  man -w zenodo-tui > /dev/null 2>&1 || fail "apt: man finds no zenodo-tui page"
  RAN=$(run_installed apt /usr/bin/zenodo-tui)
  pass "apt-get install in ${INSTALL_MS} ms ($(dpkg-query -W -f='${Depends}' zenodo-tui)); $RAN"
  DEBIAN_FRONTEND=noninteractive apt-get remove --purge -y -qq zenodo-tui > "$WORK/apt.out" 2>&1 \
    || fail "apt-get remove: $(cat "$WORK/apt.out")"
  [ -e /usr/bin/zenodo-tui ] && fail "apt-get remove left /usr/bin/zenodo-tui"
  dpkg -s zenodo-tui > /dev/null 2>&1 && fail "dpkg still knows zenodo-tui"
  pass "apt-get remove --purge left nothing"
fi
rm -f "$WHEEL" "$DEB"; rmdir dist 2>/dev/null || true
echo "test-channels: all passed"
