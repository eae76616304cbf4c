#!/usr/bin/env bash
# Interface benchmark: the real binary (release) in tmux against LocalZenodo.
#   first full frame after start, key press to redrawn frame (median), bytes written to the terminal
#   per second while an upload animates at 100x30, RSS and frame time with 10,000 depositions.
# Timings come from the app's own trace (ZENODO_TUI_TRACE), bytes from tmux pipe-pane.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/release/zenodo-tui}  # BIN=path measures another build (the static release binary)
[ -x "$BIN" ] || swift build -c release --product zenodo-tui >&2
WORK=$(mktemp -d /tmp/zenodo-tui-bench.XXXXXX)
SOCK="ztb-$$"
PIDS=()
cleanup() { tmux -L "$SOCK" kill-server 2>/dev/null || true; for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
T() { tmux -L "$SOCK" "$@"; }

serve() {  # serve N: LocalZenodo with N plain drafts; sets API
  "$BIN" serve --port 0 --token bench --seed-bulk "$1" > "$WORK/serve-$1.out" 2>/dev/null & PIDS+=($!)
  for _ in $(seq 1200); do grep -q listening "$WORK/serve-$1.out" 2>/dev/null && break; sleep 0.05; done
  API=$(sed 's/.* on //' "$WORK/serve-$1.out")
}
wait_trace() {  # wait_trace FILE WORD
  for _ in $(seq 600); do grep -q "^$2" "$1" 2>/dev/null && return 0; sleep 0.05; done
  echo "no $2 in $1" >&2; exit 1
}
median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

run_ui() {  # run_ui API TRACE: the interface at 100x30, output bytes piped to $WORK/bytes
  : > "$WORK/bytes"
  T -f /dev/null new-session -d -s S -x 100 -y 30 -e LANG=C.UTF-8 -e TERM=xterm-256color -e ZENODO_SERVER="$1" \
    -e ZENODO_TOKEN=bench -e ZENODO_TUI_TRACE="$2" -e XDG_STATE_HOME="$WORK/state" -e HOME="$WORK" \
    "echo launched \$(date +%s.%N) > $WORK/launch; exec $BIN browse"
  T pipe-pane -o -t S "cat >> $WORK/bytes"
}

# 1. 1,000 depositions: first frame, key latency, bytes while an upload animates.
serve 1000
run_ui "$API" "$WORK/trace1k"
wait_trace "$WORK/trace1k" listdone
LAUNCH=$(awk '{print $2}' "$WORK/launch")
FIRST=$(awk -v l="$LAUNCH" '$1=="frame" && !done {print int(($2 - l) * 1000); done=1}' "$WORK/trace1k")
PAGE=$(awk -v l="$LAUNCH" '$1=="firstpage" {print int(($2 - l) * 1000)}' "$WORK/trace1k")
FULL=$(awk -v l="$LAUNCH" '$1=="listdone" {print int(($2 - l) * 1000)}' "$WORK/trace1k")
for _ in $(seq 60); do T send-keys -t S j; sleep 0.03; done
sleep 0.3
KEY1K=$(awk '$1=="keyframe" {print $2}' "$WORK/trace1k" | median)
# An upload of a 4 GiB sparse file into the first draft, watched for 5 s on the upload screen.
mkdir -p "$WORK/data"; truncate -s 4G "$WORK/data/big.bin"
T send-keys -t S g u; sleep 0.5
T send-keys -t S p C-u; T send-keys -t S -l "$WORK/data/"; T send-keys -t S Enter
for _ in $(seq 100); do T capture-pane -p -t S | grep -q "big.bin" && break; sleep 0.05; done
T send-keys -t S a u
for _ in $(seq 200); do T capture-pane -p -t S | grep -q "RUNNING" && break; sleep 0.05; done
sleep 1
B0=$(stat -c %s "$WORK/bytes"); sleep 5; B1=$(stat -c %s "$WORK/bytes")
UPLOAD_STATE=$(T capture-pane -p -t S | grep -E "RUNNING|FINISHED" | head -1 | awk '{print $1}')
BYTES=$(( (B1 - B0) / 5 ))
T kill-server; kill "${PIDS[0]}"

# 2. 10,000 depositions: RSS and key latency with a list ten times longer.
serve 10000
run_ui "$API" "$WORK/trace10k"
wait_trace "$WORK/trace10k" listdone
for _ in $(seq 60); do T send-keys -t S j; sleep 0.03; done
sleep 0.3
KEY10K=$(awk '$1=="keyframe" {print $2}' "$WORK/trace10k" | median)
FRAME10K=$(awk '$1=="frame" {print $3}' "$WORK/trace10k" | median)
FRAME1K=$(awk '$1=="frame" {print $3}' "$WORK/trace1k" | median)
APP=$(T display -p -t S '#{pane_pid}')
RSS10K=$(awk '/VmHWM/ {print int($2/1024)}' "/proc/$APP/status")

# The metadata form of a record with 3,000 authors (a physics collaboration): keys while moving.
python3 -c 'import json; print(json.dumps({"metadata": {"title": "Collaboration dataset", "upload_type": "dataset",
  "creators": [{"name": "Author %d, A." % i, "affiliation": "Lab %d" % (i % 40)} for i in range(3000)]}}))' > "$WORK/big.json"
curl -s -o /dev/null -H "Authorization: Bearer bench" -H "Content-Type: application/json" --data @"$WORK/big.json" "$API/deposit/depositions"
T send-keys -t S r; sleep 1
T send-keys -t S /; T send-keys -t S -l collaboration; T send-keys -t S Enter Enter
for _ in $(seq 200); do T capture-pane -p -t S | grep -q "Author 2999" && break; sleep 0.05; done
T send-keys -t S e
for _ in $(seq 200); do T capture-pane -p -t S | grep -q "Metadata of" && break; sleep 0.05; done
BEFORE=$(grep -c '^keyframe' "$WORK/trace10k")
for _ in $(seq 60); do T send-keys -t S j; sleep 0.03; done
sleep 0.5
KEYFORM=$(awk -v skip="$BEFORE" '$1=="keyframe" {n++; if (n > skip) print $2}' "$WORK/trace10k" | median)

cat <<REPORT

Interface benchmark, $(nproc) cores, $(date -u +%Y-%m-%d), release build, tmux 100x30, LocalZenodo on loopback

| measure                                              | result        | target      |
| ---------------------------------------------------- | ------------- | ----------- |
| first frame after launch (1,000 depositions)         | ${FIRST} ms        |             |
| first full frame: the first page listed              | ${PAGE} ms        | <= 150 ms   |
| all 1,000 depositions listed                         | ${FULL} ms        |             |
| key press to redrawn frame, median (1,000)           | $((KEY1K / 1000)).$(printf %03d $((KEY1K % 1000))) ms      | <= 10 ms    |
| key press to redrawn frame, median (10,000)          | $((KEY10K / 1000)).$(printf %03d $((KEY10K % 1000))) ms      | same as 1,000 |
| frame render+present, median (1,000 / 10,000)        | ${FRAME1K} / ${FRAME10K} us |             |
| bytes to the terminal while an upload animates       | ${BYTES} B/s     | <= 4096 B/s |
| peak RSS with 10,000 depositions                     | ${RSS10K} MiB        | <= 64 MiB   |
| key press to redrawn frame in the form, 3,000 authors | $((KEYFORM / 1000)).$(printf %03d $((KEYFORM % 1000))) ms      | <= 10 ms    |

(upload state while measuring bytes: ${UPLOAD_STATE:-unknown})
REPORT
