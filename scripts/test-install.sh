#!/usr/bin/env bash
# Proves the installed binary needs no Swift toolchain: installs into a temporary prefix, checks
# with ldd that it links only what a stock Debian/Ubuntu/RHEL machine has, then runs it with the
# toolchain hidden (env -i, a PATH without Swift, no toolchain library path) through --version,
# --help, `list` against LocalZenodo (served by the installed binary) and `demo` in tmux; loads
# the bash completions, renders the man page, packages an archive and checks its SHA256SUMS,
# and uninstalls, leaving the prefix empty. Prints the size and start-up figures.
#
#   scripts/test-install.sh            (builds with scripts/build-release.sh: ~11 min from clean)
#   BINARY=path scripts/test-install.sh (an already built stripped binary)
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)

CHECK=test-install
source scripts/lib/install-checks.sh
source scripts/lib/glibc-floor.sh

BINARY=${BINARY:-$(scripts/build-release.sh)}
PREFIX="$WORK/prefix"
scripts/install.sh --prefix "$PREFIX" --binary "$BINARY" >&2
ZT="$PREFIX/bin/zenodo-tui"
[ -x "$ZT" ] || fail "no $ZT"

# 1. Linked libraries: only the C library, libm, libstdc++/libgcc, zlib and ncursesw/tinfo.
ALLOWED='^(linux-vdso|ld-linux[-a-z0-9_.]*|libc|libm|libdl|libpthread|librt|libutil|libstdc\+\+|libgcc_s|libz|libncursesw|libtinfo)\.so'
ldd "$ZT" > "$WORK/ldd.txt"
while read -r name _; do
  base=$(basename "$name")
  [[ "$base" =~ $ALLOWED ]] || fail "links $name (ldd: $(grep -F "$name" "$WORK/ldd.txt"))"
done < "$WORK/ldd.txt"
grep -qiE 'swift|Foundation|/opt/' "$WORK/ldd.txt" && fail "a toolchain library is linked: $(cat "$WORK/ldd.txt")"
pass "links only: $(awk '{print $1}' "$WORK/ldd.txt" | xargs -n1 basename | sort | tr '\n' ' ')"

# 2. The toolchain hidden (HIDDEN: a PATH of a few system tools only, no LD_LIBRARY_PATH, empty HOME).
"${HIDDEN[@]}" sh -c 'command -v swift' >/dev/null 2>&1 && fail "swift is still on the hidden PATH"
VERSION=$("${HIDDEN[@]}" "$ZT" --version) || fail "--version"
pass "--version: $VERSION"
# Captured first: `cmd | grep -q` under pipefail fails when grep leaves early and the command
# meets a closed pipe (SIGPIPE), which a long help text written in pieces can.
HELP=$("${HIDDEN[@]}" "$ZT" --help) || fail "--help exited $?"
grep -q "USAGE: zenodo-tui" <<< "$HELP" || fail "--help"
pass "--help"

serve_demo "$ZT" install-test
"${HIDDEN[@]}" ZENODO_SERVER="$API" ZENODO_TOKEN=install-test "$ZT" list > "$WORK/list.txt" || fail "list: $(cat "$WORK/list.txt")"
grep -q "Alpine glacier" "$WORK/list.txt" || fail "list shows no demo record: $(cat "$WORK/list.txt")"
pass "list against LocalZenodo ($(wc -l < "$WORK/list.txt") lines)"

FIRST=$(demo_first_frame install "$ZT")
pass "demo in tmux: first frame after ${FIRST} ms"

# 3. Completions load, the man page renders.
bash -c "source '$PREFIX/share/bash-completion/completions/zenodo-tui' && complete -p zenodo-tui" | grep -q zenodo-tui \
  || fail "bash completion does not load"
pass "bash completion: $(bash -c "source '$PREFIX/share/bash-completion/completions/zenodo-tui' && complete -p zenodo-tui")"
MAN=$(MANWIDTH=80 man -l "$PREFIX/share/man/man1/zenodo-tui.1" 2>/dev/null) || fail "man -l exited $?"
grep -q "Publish research datasets" <<< "$MAN" || fail "man page does not render"
pass "man -l renders the man page"

# 4. Figures.
SIZE=$(stat -c %s "$ZT")
T0=$(date +%s%N); for _ in 1 2 3 4 5; do "$ZT" --version > /dev/null; done
VERSION_MS=$(( ($(date +%s%N) - T0) / 5000000 ))
pass "binary $((SIZE / 1024 / 1024)) MiB stripped; --version in ${VERSION_MS} ms (mean of 5); demo's first frame in ${FIRST} ms"
# By section (issue 34's figures): code, read-only data, unwind tables, and the dynamic symbol
# tables a Swift executable exports for testable imports.
SECTIONS=$(size -A "$ZT" | awk '$1 ~ /^\./ && $2 >= 524288 { printf "%s %.1f MiB, ", $1, $2 / 1048576 } $1 == "Total" { printf "all %.1f MiB", $2 / 1048576 }')
pass "by section: $SECTIONS"
# Full Foundation links CoreFoundation and ICU (36 MiB of locale data, whose table of contents
# names itself icudt): the shipped modules use FoundationEssentials only (ARCHITECTURE.md).
if grep -q -a -m1 'icudt[0-9]' "$ZT"; then fail "ICU's data is in the binary: a shipped module uses full Foundation"; fi
LIMIT=$((45 * 1024 * 1024))
[ "$SIZE" -le "$LIMIT" ] || fail "the binary is $((SIZE / 1024 / 1024)) MiB stripped, over the 45 MiB limit"
pass "no ICU data; $((SIZE / 1024 / 1024)) MiB, within 45 MiB"
# The glibc it needs: the newest symbol version it references (the wheel's manylinux tag says the
# same). At most 2.34, so that RHEL 9 and its rebuilds can run it (Sources/CGlibcFloor).
GLIBC_NEWEST=$(glibc_newest "$ZT")
GLIBC_WHY=$(glibc_symbols_at "$ZT" "$GLIBC_NEWEST")
[ "$GLIBC_NEWEST" -le 34 ] || fail "the binary needs glibc 2.$GLIBC_NEWEST (for $GLIBC_WHY), over the 2.34 floor"
pass "needs glibc 2.$GLIBC_NEWEST (newest symbols: $GLIBC_WHY...)"

# 5. The archive: its files and their checksums.
ARCHIVE=$(scripts/package.sh --binary "$BINARY")
mkdir -p "$WORK/unpacked"
tar -C "$WORK/unpacked" -xzf "$ARCHIVE"
DIR="$WORK/unpacked/$(basename "$ARCHIVE" .tar.gz)"
for f in bin/zenodo-tui share/man/man1/zenodo-tui.1 share/bash-completion/completions/zenodo-tui \
         share/zsh/site-functions/_zenodo-tui share/fish/vendor_completions.d/zenodo-tui.fish README.md LICENSE LICENSE.libyaml SHA256SUMS; do
  [ -f "$DIR/$f" ] || fail "the archive lacks $f"
done
(cd "$DIR" && sha256sum --quiet -c SHA256SUMS) || fail "SHA256SUMS does not match"
(cd "$(dirname "$ARCHIVE")" && sha256sum --quiet -c "$(basename "$ARCHIVE").sha256") || fail "the archive's checksum"
pass "archive $(basename "$ARCHIVE") ($(( $(stat -c %s "$ARCHIVE") / 1024 / 1024 )) MiB), SHA256SUMS verified"
rm -f "$ARCHIVE" "$ARCHIVE.sha256"; rmdir "$REPO/dist" 2>/dev/null || true

# 6. Uninstall removes exactly what was installed.
scripts/install.sh --prefix "$PREFIX" --uninstall >&2
LEFT=$(find "$PREFIX" -mindepth 1 | head -5)
[ -z "$LEFT" ] || fail "left behind after --uninstall: $LEFT"
pass "--uninstall left $PREFIX empty"
echo "test-install: all passed"
