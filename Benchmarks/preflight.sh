#!/usr/bin/env bash
# Pre-flight of a directory of 100,000 files (issue 14, row 36): `zenodo-tui upload` walks it,
# checks every file and refuses the batch (over Zenodo's 100 files) before sending anything;
# beside `find -type f -printf '%s'` (the walk alone) and `du -s`, median of RUNS runs.
#
#   Benchmarks/preflight.sh              # 100,000 files, 5 runs
#   FILES=20000 RUNS=3 Benchmarks/preflight.sh
set -euo pipefail
cd "$(dirname "$0")/.."
FILES=${FILES:-100000}
RUNS=${RUNS:-5}
BIN=${BIN:-.build/release/zenodo-tui}  # BIN=path measures another build (the static release binary)
[ -x "$BIN" ] || swift build -c release --product zenodo-tui >&2

WORK=$(mktemp -d /tmp/zenodo-preflight.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

"$BIN" serve --port 0 --token bench --data "$WORK/zenodo" > "$WORK/serve.out" 2> "$WORK/serve.err" & PIDS+=($!)
for _ in $(seq 100); do grep -q listening "$WORK/serve.out" 2>/dev/null && break; sleep 0.05; done
API=$(sed 's/.* on //' "$WORK/serve.out")
ENV=(env ZENODO_SERVER="$API" ZENODO_TOKEN=bench XDG_STATE_HOME="$WORK/state" ZENODO_TUI_NO_AGENT=1)
ID=$("${ENV[@]}" "$BIN" create --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
echo "Making $FILES files of one byte..." >&2
mkdir "$WORK/many"
python3 - "$WORK/many" "$FILES" <<'PY'
import os, sys
d, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    with open(os.path.join(d, "f%06d.txt" % i), "w") as f:
        f.write("x")
PY

# wall seconds and peak RSS (KiB) of one run
measure() { /usr/bin/time -f "%e %M" "$@" >/dev/null 2>"$WORK/time.err" || true; tail -1 "$WORK/time.err"; }
for run in $(seq "$RUNS"); do
  echo "run $run/$RUNS" >&2
  measure find "$WORK/many" -type f -printf '%s\n' >> "$WORK/find.txt"
  measure du -s "$WORK/many" >> "$WORK/du.txt"
  measure "${ENV[@]}" "$BIN" upload "$ID" "$WORK/many" >> "$WORK/zenodo.txt"
done
"${ENV[@]}" "$BIN" upload "$ID" "$WORK/many" > /dev/null 2> "$WORK/said.txt" || true
med() { sort -n -k"$2" "$WORK/$1.txt" | awk -v k="$2" '{v[NR]=$k} END {print v[int((NR+1)/2)]}'; }
cat <<REPORT

Pre-flight benchmark, $(nproc) cores, $(date -u +%Y-%m-%d); $FILES files of one byte on $(df --output=fstype "$WORK" | tail -1); median of $RUNS runs

| tool                                              | wall s | peak RSS MiB |
| ------------------------------------------------- | -----: | -----------: |
| find -type f -printf '%s' (the walk alone)        | $(med find 1) | $(( $(med find 2) / 1024 )) |
| du -s                                             | $(med du 1) | $(( $(med du 2) / 1024 )) |
| zenodo-tui upload (walk, pre-flight, refusal)     | $(med zenodo 1) | $(( $(med zenodo 2) / 1024 )) |

Spread (wall s): find $(awk '{printf "%s ", $1}' "$WORK/find.txt"); zenodo-tui $(awk '{printf "%s ", $1}' "$WORK/zenodo.txt").
What zenodo-tui said ($(wc -l < "$WORK/said.txt") lines):
$(head -3 "$WORK/said.txt")
REPORT
