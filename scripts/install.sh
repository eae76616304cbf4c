#!/usr/bin/env bash
# Builds zenodo-tui as a binary that runs where Swift is not installed (the Swift standard library
# and Foundation linked in statically), and installs it with shell completions and a man page.
#
#   scripts/install.sh [--prefix DIR]        (default ~/.local; about 11 minutes from clean)
#   scripts/install.sh --prefix DIR --uninstall
#   scripts/install.sh --prefix DIR --binary FILE   (install an already built binary: package.sh)
#
# Installs bin/zenodo-tui, share/man/man1/zenodo-tui.1, completions for bash
# (share/bash-completion/completions), zsh (share/zsh/site-functions) and fish
# (share/fish/vendor_completions.d), and records what it installed in
# share/zenodo-tui/installed-files, which --uninstall removes exactly.
set -euo pipefail
cd "$(dirname "$0")/.."

PREFIX="$HOME/.local"
UNINSTALL=0
BINARY=""
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) PREFIX="$2"; shift 2 ;;
    --prefix=*) PREFIX="${1#--prefix=}"; shift ;;
    --uninstall) UNINSTALL=1; shift ;;
    --binary) BINARY="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
mkdir -p "$PREFIX"
PREFIX="$(cd "$PREFIX" && pwd)"
MANIFEST="$PREFIX/share/zenodo-tui/installed-files"

if [ "$UNINSTALL" = 1 ]; then
  [ -f "$MANIFEST" ] || { echo "install.sh: nothing installed under $PREFIX (no $MANIFEST)" >&2; exit 1; }
  while IFS= read -r path; do
    rm -f "$PREFIX/$path"
  done < "$MANIFEST"
  rm -f "$MANIFEST"
  # The directories this created, if they are empty now (never anything else).
  for dir in share/zenodo-tui share/fish/vendor_completions.d share/fish share/zsh/site-functions share/zsh \
             share/bash-completion/completions share/bash-completion share/man/man1 share/man share bin; do
    rmdir "$PREFIX/$dir" 2>/dev/null || true
  done
  echo "Removed zenodo-tui from $PREFIX"
  exit 0
fi

if [ -z "$BINARY" ]; then
  BINARY="$(scripts/build-release.sh)"
fi
[ -x "$BINARY" ] || { echo "install.sh: no binary at $BINARY" >&2; exit 1; }

# The man page and completions come from the command definitions, so they never drift.
GEN=$(mktemp -d)
trap 'rm -rf "$GEN"' EXIT
swift build --product generate-manual >&2
"$(swift build --show-bin-path)/generate-manual" "$BINARY" --output-directory "$GEN" \
  --date "$(git log -1 --format=%cs 2>/dev/null || date -u +%F)" >&2
for shell in bash zsh fish; do "$BINARY" --generate-completion-script "$shell" > "$GEN/completion.$shell"; done

install_file() {  # install_file MODE SOURCE RELATIVE-TARGET
  mkdir -p "$(dirname "$PREFIX/$3")"
  install -m "$1" "$2" "$PREFIX/$3"
  echo "$3" >> "$MANIFEST.new"
}
mkdir -p "$(dirname "$MANIFEST")"
: > "$MANIFEST.new"
install_file 755 "$BINARY" bin/zenodo-tui
install_file 644 "$GEN/zenodo-tui.1" share/man/man1/zenodo-tui.1
install_file 644 "$GEN/completion.bash" share/bash-completion/completions/zenodo-tui
install_file 644 "$GEN/completion.zsh" share/zsh/site-functions/_zenodo-tui
install_file 644 "$GEN/completion.fish" share/fish/vendor_completions.d/zenodo-tui.fish
mv "$MANIFEST.new" "$MANIFEST"
echo "share/zenodo-tui/installed-files" >> "$MANIFEST"

echo "Installed $("$PREFIX/bin/zenodo-tui" --version) into $PREFIX" >&2
case ":$PATH:" in *":$PREFIX/bin:"*) ;; *) echo "Add $PREFIX/bin to your PATH." >&2 ;; esac
