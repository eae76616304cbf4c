#!/usr/bin/env bash
# Fails when the code is not as swift-format (with the root's .swift-format) would write it, and
# says which files, or when its lint finds anything; formats nothing in place. `scripts/check-format.sh --fix` formats them.
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
# And its lint rules (the same configuration), every finding an error.
swift format lint --strict --recursive --parallel "${paths[@]}"
echo "format: every Swift file is as swift-format writes it, and passes its lint"
