#!/usr/bin/env bash
# Fails when the code is not as swift-format (with the root's .swift-format) would write it, and
# says which files; formats nothing in place. `scripts/check-format.sh --fix` formats them.
set -euo pipefail
cd "$(dirname "$0")/.."
paths=(Sources Tests Package.swift Benchmarks)
if [ "${1:-}" = "--fix" ]; then
  swift format format --in-place --recursive --parallel "${paths[@]}"
  exit 0
fi
bad=()
while IFS= read -r -d '' file; do
  if ! swift format format "$file" | cmp -s - "$file"; then bad+=("$file"); fi
done < <(find "${paths[@]}" -name '*.swift' -print0)
if [ ${#bad[@]} -gt 0 ]; then
  echo "Not formatted (scripts/check-format.sh --fix formats them):" >&2
  printf '  %s\n' "${bad[@]}" >&2
  exit 1
fi
echo "format: every Swift file is as swift-format writes it"
