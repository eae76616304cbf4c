#!/usr/bin/env bash
# Pack-on-the-fly benchmark (issue 30): a tree of FILES files totalling SIZE_MIB, packed as a stored
# ZIP while it is uploaded, beside the MD5 floor and the ways people pack today; median of RUNS.
#
#   Benchmarks/pack.sh                          # 10,000 files, 2 GiB, 3 runs
#   FILES=2000 SIZE_MIB=512 RUNS=5 Benchmarks/pack.sh
#
# Measured, alternating, the tree in the page cache:
#   md5sum over the same bytes (the floor: every byte is hashed once by any verified upload);
#   tar cf - DIR | md5sum (packing and hashing, nothing sent);
#   zip -0 -r to disk, then zenodo-tui upload of the archive into LocalZenodo (what users do today);
#   zenodo-tui bench-upload --pack zip into a PUT sink (the client's cost alone);
#   zenodo-tui upload --pack zip into LocalZenodo, verified by its MD5 (end to end, server included).
# Then peak RSS of a packed upload at 10,000 and 100,000 entries, and a packed multipart upload
# killed at 60 % and resumed: the bytes sent again, counted from LocalZenodo's access log.
# Release build.
set -euo pipefail
cd "$(dirname "$0")/.."
FILES=${FILES:-10000}
SIZE_MIB=${SIZE_MIB:-2048}
RUNS=${RUNS:-3}
MANY=${MANY:-100000}
PART_MIB=${PART_MIB:-64}
BIN=${BIN:-.build/release/zenodo-tui}  # BIN=path measures another build (the static release binary)
[ -x "$BIN" ] || swift build -c release --product zenodo-tui >&2
for tool in zip md5sum python3 curl; do
  command -v "$tool" >/dev/null || { echo "$tool is needed (apt-get install -y zip)" >&2; exit 2; }
done

WORK=$(mktemp -d /tmp/zenodo-pack.XXXXXX)
SHM=$(mktemp -d /dev/shm/zenodo-pack.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$WORK" "$SHM"
}
trap cleanup EXIT

bench() {
  local name=$1; shift
  local t
  t=$( { TIMEFORMAT='%R %U %S'; time "$@" >/dev/null 2>&1; } 2>&1 )
  echo "$t" | awk '{print $1, $2 + $3}' >> "$WORK/$name.txt"
}
rss() {
  local name=$1; shift
  "$@" >/dev/null 2>&1 & local pid=$!
  local peak=0 hwm
  while kill -0 "$pid" 2>/dev/null; do
    hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
    if [ -n "${hwm:-}" ] && [ "$hwm" -gt "$peak" ]; then peak=$hwm; fi
    sleep 0.01
  done
  wait "$pid" || true
  echo "$peak" >> "$WORK/$name.rss"
}
med() { sort -n -k"$2" "$WORK/$1.txt" | awk -v k="$2" '{v[NR]=$k} END {printf "%.2f", v[int((NR+1)/2)]}'; }
spread() { awk -v k="$2" '{printf "%s ", $k}' "$WORK/$1.txt"; }
medrss() { sort -n "$WORK/$1.rss" | awk '{v[NR]=$1} END {printf "%d", v[int((NR+1)/2)]/1024}'; }

# --- the tree ------------------------------------------------------------------------------------
echo "Writing $FILES files, $SIZE_MIB MiB in all, in 20 folders..." >&2
TREE="$WORK/dataset"
python3 - "$TREE" "$FILES" "$SIZE_MIB" <<'PY'
import os, sys
root, count, mib = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
total = mib << 20
each = total // count
block = os.urandom(1 << 20)
for i in range(count):
    d = os.path.join(root, "run%02d" % (i % 20), "part%d" % (i % 7))
    os.makedirs(d, exist_ok=True)
    size = each + (total - each * count if i == count - 1 else 0)
    with open(os.path.join(d, "f%05d.dat" % i), "wb") as f:
        start = (i * 7919) % (1 << 20)
        while size > 0:
            piece = block[start:start + size]
            f.write(piece)
            size -= len(piece)
            start = 0
PY
find "$TREE" -type f -print0 | xargs -0 cat > /dev/null   # into the page cache

# --- a PUT sink and LocalZenodo (data in tmpfs) --------------------------------------------------
PORT=$((20000 + RANDOM % 20000))
python3 Benchmarks/sink.py "$PORT" > "$WORK/sink.out" 2>&1 & PIDS+=($!)
for _ in $(seq 100); do grep -q ready "$WORK/sink.out" 2>/dev/null && break; sleep 0.05; done
SINK="http://127.0.0.1:$PORT/bucket"
"$BIN" serve --port 0 --token bench --data "$SHM/zenodo" --rate-limit 1000000 > "$WORK/serve.out" 2> "$WORK/serve.err" & PIDS+=($!)
for _ in $(seq 100); do grep -q listening "$WORK/serve.out" 2>/dev/null && break; sleep 0.05; done
API=$(sed 's/.* on //' "$WORK/serve.out")
ZENV=(env ZENODO_SERVER="$API" ZENODO_TOKEN=bench XDG_STATE_HOME="$WORK/state" ZENODO_TUI_NO_AGENT=1)
new_draft() {
  curl -s -H "Authorization: Bearer bench" -H "Content-Type: application/json" -d '{}' "$API/deposit/depositions" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'
}
drop_draft() { curl -s -o /dev/null -X DELETE -H "Authorization: Bearer bench" "$API/deposit/depositions/$1"; }
zip_then_upload() {
  (cd "$WORK" && zip -0 -r -q "$WORK/zipped/dataset.zip" dataset)
  "${ZENV[@]}" "$BIN" upload "$1" "$WORK/zipped/dataset.zip"
  rm -f "$WORK/zipped/dataset.zip"
}
mkdir -p "$WORK/zipped" "$WORK/ready"
(cd "$WORK" && zip -0 -r -q "$WORK/ready/dataset.zip" dataset)   # the same bytes as one file, for the server's share

for run in $(seq "$RUNS"); do
  echo "run $run/$RUNS" >&2
  bench md5sum sh -c "find '$TREE' -type f -print0 | xargs -0 md5sum"
  bench tarmd5 sh -c "cd '$WORK' && tar cf - dataset | md5sum"
  id=$(new_draft); bench zipup zip_then_upload "$id"; drop_draft "$id"
  id=$(new_draft); bench ready "${ZENV[@]}" "$BIN" upload "$id" "$WORK/ready/dataset.zip"; drop_draft "$id"
  bench sink "$BIN" bench-upload "$TREE" --bucket "$SINK" --pack zip
  id=$(new_draft); bench packed "${ZENV[@]}" "$BIN" upload "$id" "$TREE" --pack zip; drop_draft "$id"
done

# --- memory in the number of entries ---------------------------------------------------------------
echo "Memory: 10,000 and $MANY entries..." >&2
mkdir -p "$SHM/many"
python3 - "$SHM/many" "$MANY" <<'PY'
import os, sys
root, count = sys.argv[1], int(sys.argv[2])
for i in range(count):
    d = os.path.join(root, "d%03d" % (i // 1000))
    if i % 1000 == 0:
        os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "f%06d.txt" % i), "wb") as f:
        f.write(b"%d\n" % i)
PY
for run in $(seq "$RUNS"); do
  rss rss10k "$BIN" bench-upload "$TREE" --bucket "$SINK" --pack zip
  rss rssmany "$BIN" bench-upload "$SHM/many" --bucket "$SINK" --pack zip
done

# --- killed at 60 % and resumed, in parts (native API) ---------------------------------------------
echo "Killed at 60 % and resumed (${PART_MIB} MiB parts, one at a time)..." >&2
"$BIN" serve --port 0 --token bench --flavor inveniordm --data "$SHM/rdm" --rate-limit 1000000 > "$WORK/rdm.out" 2> "$WORK/rdm.err" & PIDS+=($!)
for _ in $(seq 100); do grep -q listening "$WORK/rdm.out" 2>/dev/null && break; sleep 0.05; done
RDM_API=$(sed 's/.* on //' "$WORK/rdm.out")
RENV=(env ZENODO_SERVER="$RDM_API" ZENODO_TOKEN=bench ZENODO_API=rdm XDG_STATE_HOME="$WORK/rdmstate" ZENODO_TUI_NO_AGENT=1 ZENODO_TUI_PART_SIZE=$((PART_MIB << 20)) ZENODO_TUI_PARALLEL_PARTS=1)
RID=$(curl -s -H "Authorization: Bearer bench" -H "Content-Type: application/json" -d '{}' "$RDM_API/records" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
# 60 % as the user sees it: the parts the client's journal records as arrived.
journal_parts() {
  python3 -c 'import glob, json, sys
n = 0
for f in glob.glob(sys.argv[1] + "/zenodo-tui/uploads/*.json"):
    try:
        n = max(n, max(len(e.get("doneParts") or []) for e in json.load(open(f))["entries"]))
    except Exception:
        pass
print(n)' "$WORK/rdmstate"
}
"${RENV[@]}" "$BIN" upload "$RID" "$TREE" --pack zip > /dev/null 2>&1 & UP=$!
KILL_AT=$(( (SIZE_MIB / PART_MIB) * 6 / 10 ))
while kill -0 "$UP" 2>/dev/null && [ "$(journal_parts)" -lt "$KILL_AT" ]; do sleep 0.1; done
kill -9 "$UP" 2>/dev/null || true; wait "$UP" 2>/dev/null || true
BEFORE=$(journal_parts)
"${RENV[@]}" "$BIN" upload --resume > "$WORK/resume.out" 2>&1 || { cat "$WORK/resume.out" >&2; exit 1; }
# Every content PUT the server saw, finished or not, counted at its full part size (an upper bound
# for one cut off by the kill), against the parts the archive has (its size is the tree's plus the
# headers and the central directory: the highest part number the server saw). A part cut off is
# answered 200 with `errors`, as InvenioRDM does, so it shows twice below.
PARTS=$(grep -o "PUT /api/records/$RID/draft/files/[^ ]*/content/[0-9]* " "$WORK/rdm.err" \
  | sed 's/.*content\///' | sort -n | tail -1 | tr -d ' ')
ATTEMPTS=$(grep -c "PUT /api/records/$RID/draft/files/.*/content/[0-9]* " "$WORK/rdm.err" || true)
AGAIN=$(( ATTEMPTS - PARTS ))
TWICE=$(grep -o "PUT /api/records/$RID/draft/files/[^ ]*/content/[0-9]* [0-9]*" "$WORK/rdm.err" \
  | awk '{split($2, p, "/"); n[p[length(p)]]++; s[p[length(p)]] = s[p[length(p)]] " " $3} END {for (k in n) if (n[k] > 1) printf "part %s:%s; ", k, s[k]}')
VERIFIED=$(grep -c '^verified' "$WORK/resume.out" || true)

RSS10=$(medrss rss10k); RSSMANY=$(medrss rssmany)
MD5W=$(med md5sum 1); TARW=$(med tarmd5 1); ZIPW=$(med zipup 1); SINKW=$(med sink 1); SINKC=$(med sink 2)
PW=$(med packed 1); PC=$(med packed 2)
cat <<REPORT

Pack benchmark, $(nproc) cores, $(uname -m), $(date -u +%Y-%m-%d); median of $RUNS runs; $FILES files, $SIZE_MIB MiB in 20 x 7 folders, in page cache

| tool                                                     | wall s | CPU s | runs (wall s) |
| -------------------------------------------------------- | -----: | ----: | ------------- |
| md5sum over the files (the floor)                        | $MD5W | $(med md5sum 2) | $(spread md5sum 1) |
| tar cf - DIR \| md5sum                                   | $TARW | $(med tarmd5 2) | $(spread tarmd5 1) |
| zip -0 -r to disk, then zenodo-tui upload (LocalZenodo)  | $ZIPW | $(med zipup 2) | $(spread zipup 1) |
| zenodo-tui --pack zip into a PUT sink (client alone)     | $SINKW | $SINKC | $(spread sink 1) |
| zenodo-tui upload --pack zip (LocalZenodo, verified)     | $PW | $PC | $(spread packed 1) |
| zenodo-tui upload of that zip, made beforehand (same)    | $(med ready 1) | $(med ready 2) | $(spread ready 1) |

Target: wall <= 1.15 x md5sum. Client alone: $(echo "$SINKW / $MD5W" | bc -l | cut -c1-4) x; end to end with LocalZenodo hashing and storing on the same cores: $(echo "$PW / $MD5W" | bc -l | cut -c1-4) x (a ready-made archive of the same bytes: $(echo "$(med ready 1) / $MD5W" | bc -l | cut -c1-4) x, so packing costs $(echo "$PW / $(med ready 1)" | bc -l | cut -c1-4) x of an upload); zip to disk then upload: $(echo "$ZIPW / $MD5W" | bc -l | cut -c1-4) x.

| peak RSS of a packed upload (median)  | MiB |
| ------------------------------------- | --: |
| $FILES entries, $SIZE_MIB MiB              | $RSS10 |
| $MANY entries                         | $RSSMANY |

Target: under 128 MiB at 100,000 entries.

Killed at 60 % ($BEFORE of $PARTS parts of $PART_MIB MiB in the journal) and resumed: $ATTEMPTS content PUTs for $PARTS parts, so $AGAIN part(s) sent again, at most $(( AGAIN * PART_MIB )) MiB (target: at most one part); parts the server saw more than once (statuses): ${TWICE:-none}; resumed run verified: $VERIFIED.
REPORT
