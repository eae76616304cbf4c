#!/usr/bin/env bash
# Builds the release binary for installing and packaging: the Swift standard library and
# Foundation linked in statically (--static-swift-stdlib), the git commit built in, stripped.
# Its own build directory (.build/static), so the development build is left alone. Prints the
# path of the stripped binary on standard output (the build's output goes to standard error).
set -euo pipefail
cd "$(dirname "$0")/.."

COMMIT=$(git rev-parse --short=12 HEAD 2>/dev/null || echo "")
if [ -n "$COMMIT" ] && [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then COMMIT="$COMMIT-modified"; fi
SCRATCH=.build/static
# hypot and hypotf took new symbol versions in glibc 2.35: wrapped (Sources/CGlibcFloor), the
# binary asks for the versions every glibc has, and needs glibc 2.34 (RHEL 9) instead of 2.35.
FLOOR=(-Xlinker --wrap=hypot -Xlinker --wrap=hypotf)
swift build -c release --product zenodo-tui --static-swift-stdlib --scratch-path "$SCRATCH" \
  -Xcc "-DZENODO_TUI_COMMIT=\"$COMMIT\"" -Xlinker --no-export-dynamic "${FLOOR[@]}" >&2
BIN="$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/zenodo-tui"
OUT="$SCRATCH/zenodo-tui.stripped"
strip -o "$OUT" "$BIN"
echo "$OUT"
