#!/usr/bin/env bash
# Download benchmark: `zenodo-tui download` (streamed, MD5 verified, renamed into place) beside
# `curl` then `md5sum` of the same file from the same server, median of RUNS alternating runs.
#
#   Benchmarks/download.sh                 # 2 GiB file, 3 runs
#   SIZE_MIB=512 RUNS=5 Benchmarks/download.sh
#
# LocalZenodo serves the file from tmpfs (with sendfile); the downloads go to tmpfs too, so the disk is
# out of it. LocalZenodo shares the cores with the tool measured: its CPU per run is reported.
# Release build.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MIB=${SIZE_MIB:-2048}
RUNS=${RUNS:-3}
BIN=${BIN:-.build/release/zenodo-tui}  # BIN=path measures another build (the static release binary)
[ -x "$BIN" ] || swift build -c release --product zenodo-tui >&2

WORK=$(mktemp -d /dev/shm/zenodo-dl.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

"$BIN" serve --port 0 --token bench --data "$WORK/zenodo" --rate-limit 1000000 > "$WORK/serve.out" 2> "$WORK/serve.err" & PIDS+=($!)
for _ in $(seq 100); do grep -q listening "$WORK/serve.out" 2>/dev/null && break; sleep 0.05; done
API=$(sed 's/.* on //' "$WORK/serve.out")
echo "Writing a ${SIZE_MIB} MiB file and publishing it..." >&2
head -c $((SIZE_MIB * 1024 * 1024)) /dev/urandom > "$WORK/big.bin"
ENV=(env ZENODO_SERVER="$API" ZENODO_TOKEN=bench XDG_STATE_HOME="$WORK/state" ZENODO_TUI_NO_AGENT=1)
ID=$("${ENV[@]}" "$BIN" create --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
"${ENV[@]}" "$BIN" metadata "$ID" --set title=Benchmark --set upload_type=dataset --set 'creators=[{"name":"Doe, Jane"}]' --yes >/dev/null
"${ENV[@]}" "$BIN" upload "$ID" "$WORK/big.bin" >/dev/null
EXPECTED=$(md5sum < "$WORK/big.bin" | cut -c1-32)
"${ENV[@]}" "$BIN" publish "$ID" --yes >/dev/null
rm -f "$WORK/big.bin"
URL="$API/records/$ID/files/big.bin/content"
FLOOR=""
if cc -O2 -o "$WORK/download-floor" Benchmarks/download-floor.c -lcrypto -lpthread 2>/dev/null; then
  FLOOR="$WORK/download-floor"
else
  echo "No C compiler or OpenSSL headers: the floor's row is left out." >&2
fi
HOSTPORT=${API#http://}; HOSTPORT=${HOSTPORT%%/*}
floor_download() { "$FLOOR" "${HOSTPORT%:*}" "${HOSTPORT#*:}" "/${URL#http://*/}" "$WORK/c/big.bin" > "$WORK/floor.md5"; }

# LocalZenodo's CPU seconds so far (user + system), from /proc.
server_cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/${PIDS[0]}/stat"; }
bench() {
  local name=$1; shift
  local t before
  before=$(server_cpu)
  t=$( { TIMEFORMAT='%R %U %S'; time "$@" >/dev/null 2>&1; } 2>&1 )
  echo "$t $before $(server_cpu)" | awk '{print $1, $2 + $3, $5 - $4}' >> "$WORK/$name.txt"
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

curl_then_md5() { curl -s -o "$WORK/c/big.bin" "$URL" && md5sum "$WORK/c/big.bin" >/dev/null; }
mkdir -p "$WORK/c" "$WORK/z"
for run in $(seq "$RUNS"); do
  echo "run $run/$RUNS" >&2
  rm -f "$WORK/c/big.bin"; curl -s -o "$WORK/c/big.bin" "$URL"; bench md5sum md5sum "$WORK/c/big.bin"
  rm -f "$WORK/c/big.bin"; bench curlmd5 curl_then_md5
  rm -f "$WORK/z/big.bin"; bench zenodo "${ENV[@]}" "$BIN" download "$ID" --dest "$WORK/z"
  if [ -n "$FLOOR" ]; then
    rm -f "$WORK/c/big.bin"; bench floor floor_download
    # A floor that fetched other bytes would be no floor.
    [ "$(cat "$WORK/floor.md5")" = "$EXPECTED" ] || { echo "download-floor: wrong MD5" >&2; exit 1; }
  fi
done
rm -f "$WORK/z/big.bin"; rss zenodo "${ENV[@]}" "$BIN" download "$ID" --dest "$WORK/z"

MD5W=$(med md5sum 1); CMW=$(med curlmd5 1); CMC=$(med curlmd5 2); ZW=$(med zenodo 1); ZC=$(med zenodo 2)
CMS=$(med curlmd5 3); ZS=$(med zenodo 3)
RSS=$(awk '{printf "%d", $1/1024}' "$WORK/zenodo.rss")
FLOOR_ROW=""; FLOOR_LINE=""; FLOOR_SPREAD=""
if [ -n "$FLOOR" ]; then
  FW=$(med floor 1); FC=$(med floor 2); FS=$(med floor 3)
  FLOOR_ROW="| floor: download-floor.c (C, OpenSSL MD5)      | $FW | $FC | | $FS |"
  FLOOR_LINE="The floor on this host today: $FW s ($(echo "$FW / $MD5W" | bc -l | cut -c1-4) x md5sum); zenodo-tui is $(echo "$ZW / $FW" | bc -l | cut -c1-4) x the floor."
  FLOOR_SPREAD="; floor $(awk '{printf "%s ", $1}' "$WORK/floor.txt")"
fi
cat <<REPORT

Download benchmark, $(nproc) cores, $(uname -m), $(date -u +%Y-%m-%d); median of $RUNS runs; ${SIZE_MIB} MiB from LocalZenodo (tmpfs to tmpfs)

| tool                                          | wall s | CPU s | peak RSS MiB | LocalZenodo CPU s |
| --------------------------------------------- | -----: | ----: | -----------: | ----------------: |
| md5sum of the downloaded file                 | $MD5W | | | |
| curl, then md5sum                             | $CMW | $CMC | | $CMS |
| zenodo-tui download (stream + MD5 + rename)   | $ZW | $ZC | $RSS | $ZS |
$FLOOR_ROW

Target: wall <= md5sum wall ($ZW vs $MD5W: $(echo "$ZW / $MD5W" | bc -l | cut -c1-4) x), memory flat.
$FLOOR_LINE
Spread per run (wall s): md5sum $(awk '{printf "%s ", $1}' "$WORK/md5sum.txt"); curl+md5sum $(awk '{printf "%s ", $1}' "$WORK/curlmd5.txt"); zenodo-tui $(awk '{printf "%s ", $1}' "$WORK/zenodo.txt")$FLOOR_SPREAD.
REPORT
