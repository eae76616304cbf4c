#!/usr/bin/env bash
# Looking inside a record's ZIP without fetching it (issue 31): a ZIP of ENTRIES members totalling
# about SIZE_MIB in a published record of a real `zenodo-tui serve`, listed and one member fetched
# by the real binary, counting requests and bytes in LocalZenodo's printed access lines (bytes=N).
#
#   Benchmarks/archive.sh                    # 10,000 members, 2 GiB (one big member among them)
#   ENTRIES=2000 SIZE_MIB=512 Benchmarks/archive.sh
#
# Both paths: the Range path (serve --no-container) and the server's container API (which stops
# at 1,000 entries, so a bigger archive falls back to Range). What is read does not depend on the
# archive's size: the directory's bytes for a listing, the member's for a fetch.
set -euo pipefail
[ -n "${TRACE:-}" ] && set -x
cd "$(dirname "$0")/.."
ENTRIES=${ENTRIES:-10000}
SIZE_MIB=${SIZE_MIB:-2048}
BIN=${BIN:-.build/release/zenodo-tui}  # BIN=path measures another build (the static release binary)
[ -x "$BIN" ] || swift build -c release --product zenodo-tui >&2
WORK=$(mktemp -d /tmp/zenodo-archive.XXXXXX)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

echo "Making a ZIP of $ENTRIES members, about $SIZE_MIB MiB..." >&2
python3 - "$WORK/survey.zip" "$ENTRIES" "$SIZE_MIB" <<'PY'
import os, random, sys, zipfile
path, entries, mib = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
random.seed(1)
member = random.randbytes(2_000_000)
with zipfile.ZipFile(path, "w", allowZip64=True) as z:
    # One big stored member holds most of the bytes; the rest are small CSVs, deflated.
    with z.open("survey/raw/big.bin", "w", force_zip64=True) as f:
        block = random.randbytes(1 << 20)
        for _ in range(max(1, mib - 4)):
            f.write(block)
    z.writestr("survey/one/member.bin", member, compress_type=zipfile.ZIP_STORED)
    for i in range(entries - 2):
        z.writestr("survey/run%03d/f%05d.csv" % (i // 100, i), "%d,%d\n" % (i, i * i), compress_type=zipfile.ZIP_DEFLATED)
PY
SIZE=$(stat -c %s "$WORK/survey.zip")

run_server() {  # run_server NAME [serve options]: LocalZenodo on a free port, its API in $API
  local name=$1; shift
  "$BIN" serve --port 0 --token bench --data "$WORK/$name-data" --rate-limit 1000000 "$@" > "$WORK/$name.out" 2> "$WORK/$name.err" & PIDS+=($!)
  for _ in $(seq 200); do grep -q listening "$WORK/$name.out" 2>/dev/null && break; sleep 0.05; done
  API=$(sed 's/.* on //' "$WORK/$name.out")
}
publish() {  # publish: a record with the ZIP; prints its id
  local id
  id=$(ZENODO_SERVER="$API" ZENODO_TOKEN=bench XDG_STATE_HOME="$WORK/state" "$BIN" create --json \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  ZENODO_SERVER="$API" ZENODO_TOKEN=bench XDG_STATE_HOME="$WORK/state" ZENODO_TUI_NO_AGENT=1 "$BIN" upload "$id" "$WORK/survey.zip" > /dev/null 2>&1
  ZENODO_SERVER="$API" ZENODO_TOKEN=bench XDG_STATE_HOME="$WORK/state" "$BIN" metadata "$id" --set title="Archive benchmark" --set upload_type=dataset --set creators="Doe, Jane" --yes > /dev/null 2>&1
  ZENODO_SERVER="$API" ZENODO_TOKEN=bench XDG_STATE_HOME="$WORK/state" "$BIN" publish "$id" --yes > /dev/null 2>&1
  echo "$id"
}
count() {  # count NAME FROM: requests and bytes for the record's file after line FROM of the log
  tail -n +"$(( $2 + 1 ))" "$WORK/$1.err" | grep "GET /api/records/.*/files/" \
    | awk '{n++; for (i = 1; i <= NF; i++) if ($i ~ /^bytes=/) { split($i, b, "="); s += b[2] }} END {printf "%d %d\n", n, s}'
}
measure() {  # measure NAME: list, then fetch the 2 MB member
  local name=$1 id from
  id=$(publish)
  from=$(wc -l < "$WORK/$name.err")
  ZENODO_SERVER="$API" XDG_STATE_HOME="$WORK/state" "$BIN" download "$id" --list-members survey.zip --json > "$WORK/$name-list.json"
  read -r LIST_N LIST_B < <(count "$name" "$from")
  from=$(wc -l < "$WORK/$name.err")
  ZENODO_SERVER="$API" XDG_STATE_HOME="$WORK/state" "$BIN" download "$id" --file survey.zip --member 'survey/one/member.bin' --dest "$WORK/$name-out" > /dev/null
  read -r FETCH_N FETCH_B < <(count "$name" "$from")
  MEMBERS=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["entries"]))' "$WORK/$name-list.json")
  cmp -s <(python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read("survey/one/member.bin"))' "$WORK/survey.zip") "$WORK/$name-out/survey/one/member.bin" && SAME=yes || SAME=NO
}

run_server ranges --no-container
measure ranges
R_LIST_N=$LIST_N; R_LIST_B=$LIST_B; R_FETCH_N=$FETCH_N; R_FETCH_B=$FETCH_B; R_MEMBERS=$MEMBERS; R_SAME=$SAME
run_server container
measure container
C_LIST_N=$LIST_N; C_LIST_B=$LIST_B; C_FETCH_N=$FETCH_N; C_FETCH_B=$FETCH_B; C_MEMBERS=$MEMBERS; C_SAME=$SAME

cat <<REPORT

Archive benchmark, $(date -u +%Y-%m-%d); a ZIP of $ENTRIES members, $SIZE bytes, in a published record of zenodo-tui serve

| server                        | listing: requests | listing: bytes read | members listed | one 2 MB member: requests | bytes read | same bytes |
| ----------------------------- | ----------------: | ------------------: | -------------: | ------------------------: | ---------: | ---------- |
| no container API (Range only) | $R_LIST_N | $R_LIST_B | $R_MEMBERS | $((R_FETCH_N - R_LIST_N)) | $((R_FETCH_B - R_LIST_B)) | $R_SAME |
| container API (stops at 1,000; Range after) | $C_LIST_N | $C_LIST_B | $C_MEMBERS | $((C_FETCH_N - C_LIST_N)) | $((C_FETCH_B - C_LIST_B)) | $C_SAME |

Targets: listing through Range in at most 3 requests and under 2 MB; one 2 MB member read in about 2 MB.
Requests count every GET of the record's file, the container API's included (its 404 where there is
none, its truncated listing where the archive has more than 1,000 entries); the member's columns
are what the fetch read beyond the listing it makes first.
REPORT
