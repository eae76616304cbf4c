#!/usr/bin/env bash
# Upload benchmark: zenodo-tui's engine beside curl and md5sum, median of RUNS alternating runs.
#
#   Benchmarks/upload.sh                 # 2 GiB file, 3 runs
#   SIZE_MIB=512 RUNS=5 Benchmarks/upload.sh
#
# Client cost is measured against a neutral PUT sink, so that the server is not the bottleneck:
# by default Benchmarks/sink.py (reads and discards bodies; python3 only); SINK_KIND=nginx uses
# nginx writing into tmpfs instead (apt-get install -y nginx-light), which is slower than the
# client on 2 cores and so measures nginx. End to end it uses LocalZenodo. Release build.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MIB=${SIZE_MIB:-2048}
RUNS=${RUNS:-3}
SMALL_FILES=${SMALL_FILES:-100}
SINK_KIND=${SINK_KIND:-discard}
BIN=${BIN:-.build/release/zenodo-tui}  # BIN=path measures another build (the static release binary)
[ -x "$BIN" ] || swift build -c release --product zenodo-tui >&2
if [ "$SINK_KIND" = nginx ]; then
  command -v nginx >/dev/null || { echo "nginx is needed: apt-get install -y nginx-light" >&2; exit 2; }
fi

WORK=$(mktemp -d /tmp/zenodo-bench.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  rm -rf "$WORK" "$SINKDIR"
}
trap cleanup EXIT

# --- a neutral PUT sink on loopback -------------------------------------------------------------
PORT=$((20000 + RANDOM % 20000))
SINKDIR=$(mktemp -d /dev/shm/zenodo-sink.XXXXXX)
if [ "$SINK_KIND" = nginx ]; then
# nginx keeps what it receives in memory (tmpfs), so disk speed does not limit the figures.
chmod 755 "$SINKDIR"
mkdir -p "$WORK/nginx"
USER_LINE=""
[ "$(id -u)" = 0 ] && USER_LINE="user root;"   # workers must be able to write into \$WORK
cat > "$WORK/nginx.conf" <<CONF
$USER_LINE
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $SINKDIR/.body;
  proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  server {
    listen 127.0.0.1:$PORT;
    client_max_body_size 0;
    location / { root $SINKDIR; dav_methods PUT; create_full_put_path on; }
  }
}
CONF
nginx -c "$WORK/nginx.conf"
SINK="http://127.0.0.1:$PORT/bucket"
mkdir -p "$SINKDIR/bucket"
else
  python3 Benchmarks/sink.py "$PORT" > "$WORK/sink.out" 2>&1 & PIDS+=($!)
  for _ in $(seq 100); do grep -q ready "$WORK/sink.out" 2>/dev/null && break; sleep 0.05; done
  SINK="http://127.0.0.1:$PORT/bucket"
fi

# --- helpers ------------------------------------------------------------------------------------
# bench NAME CMD...: wall and CPU (user+sys, the command and its children only) of one run.
bench() {
  local name=$1; shift
  local t
  t=$( { TIMEFORMAT='%R %U %S'; time "$@" >/dev/null 2>&1; } 2>&1 )
  echo "$t" | awk '{print $1, $2 + $3}' >> "$WORK/$name.txt"
}
# rss NAME CMD...: the command's peak RSS (VmHWM, sampled until it exits), in KiB.
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
medrss() { sort -n "$WORK/$1.rss" | awk '{v[NR]=$1} END {printf "%d", v[int((NR+1)/2)]/1024}'; }

# --- one large file: client cost against the sink ------------------------------------------------
FILE="$WORK/big.bin"
echo "Writing a ${SIZE_MIB} MiB test file..." >&2
head -c $((SIZE_MIB * 1024 * 1024)) /dev/urandom > "$FILE"
cat "$FILE" > /dev/null   # into the page cache

# The sink is emptied before every measured upload: replacing a 2 GiB file in tmpfs costs time.
empty_sink() { rm -f "$SINKDIR"/bucket/* 2>/dev/null || true; }
for run in $(seq "$RUNS"); do
  echo "run $run/$RUNS (large file)" >&2
  bench md5sum md5sum "$FILE" >/dev/null
  empty_sink; bench curl curl -s -o /dev/null --upload-file "$FILE" "$SINK/curl.bin"
  empty_sink; bench curlmd5 sh -c "curl -s -o /dev/null --upload-file '$FILE' '$SINK/c2.bin' && md5sum '$FILE' >/dev/null"
  empty_sink; bench zenodo "$BIN" bench-upload "$FILE" --bucket "$SINK"
done
empty_sink
rss zenodo "$BIN" bench-upload "$FILE" --bucket "$SINK"; empty_sink

# Memory for a 64 MiB and a 4 GiB (sparse) file.
SMALL="$WORK/small.bin"; head -c $((64 * 1024 * 1024)) /dev/urandom > "$SMALL"
SPARSE="$WORK/sparse.bin"; truncate -s 4G "$SPARSE"
for run in $(seq "$RUNS"); do
  rss rss64 "$BIN" bench-upload "$SMALL" --bucket "$SINK"; empty_sink
  rss rss4g "$BIN" bench-upload "$SPARSE" --bucket "$SINK"; empty_sink
done
rm -f "$SPARSE"

# Cancel latency: SIGINT mid-transfer to process exit.
CANCEL_MS=()
for run in $(seq "$RUNS"); do
  empty_sink
  "$BIN" bench-upload "$FILE" --bucket "$SINK" & pid=$!
  sleep 0.4
  t0=$(date +%s%N); kill -INT "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; t1=$(date +%s%N)
  CANCEL_MS+=($(( (t1 - t0) / 1000000 )))
done
CANCEL=$(printf "%s\n" "${CANCEL_MS[@]}" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')

# --- many small files end to end against LocalZenodo ---------------------------------------------
# LocalZenodo keeps its data in tmpfs: the disk writing back what earlier runs stored throttles
# the server's writes and made these figures drift from run to run (0.27 s to 0.48 s for the same
# upload). Its advertised rate limit is raised out of reach: the engine honours
# X-RateLimit-Remaining, and the runs together send more than the default 1,000 a minute.
mkdir -p "$WORK/small"
for i in $(seq "$SMALL_FILES"); do head -c 1048576 /dev/urandom > "$WORK/small/f$i.bin"; done
"$BIN" serve --port 0 --token bench --data "$SINKDIR/zenodo" --rate-limit 1000000 > "$WORK/serve.out" 2> "$WORK/serve.err" & PIDS+=($!)
for _ in $(seq 100); do grep -q listening "$WORK/serve.out" 2>/dev/null && break; sleep 0.05; done
API=$(sed 's/.* on //' "$WORK/serve.out")
new_bucket() {
  curl -s -H "Authorization: Bearer bench" -H "Content-Type: application/json" -d '{}' "$API/deposit/depositions" \
    | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["id"], d["links"]["bucket"])'
}
curl_loop() {
  for f in "$WORK"/small/*.bin; do
    curl -s -o /dev/null -H "Authorization: Bearer bench" --upload-file "$f" "$1/$(basename "$f")"
  done
}
for run in $(seq "$RUNS"); do
  echo "run $run/$RUNS (${SMALL_FILES} small files)" >&2
  read -r _ bucket < <(new_bucket)
  bench loop curl_loop "$bucket"
  read -r id _ < <(new_bucket)
  bench engine env ZENODO_SERVER="$API" ZENODO_TOKEN=bench XDG_STATE_HOME="$WORK/state" "$BIN" upload "$id" "$WORK/small" >/dev/null
done

# --- the same upload handed to the background agent (issue 11) -----------------------------------
# One large file into LocalZenodo, in this process (`upload`) and through the agent (`upload
# --detach`, then `uploads wait`), alternating. The agent is not a child of the measured command,
# so `time` cannot see its CPU: the agent logs the CPU each batch took, and that is added.
DETACH_MIB=${DETACH_MIB:-512}
BIGZ="$WORK/detach.bin"; head -c $((DETACH_MIB * 1024 * 1024)) /dev/urandom > "$BIGZ"; cat "$BIGZ" > /dev/null
mkdir -p "$WORK/run"
AGENT_ENV=(env ZENODO_SERVER="$API" ZENODO_TOKEN=bench XDG_STATE_HOME="$WORK/state" XDG_RUNTIME_DIR="$WORK/run" ZENODO_TUI_AGENT_IDLE=5)
detached() {
  local batch
  batch=$("${AGENT_ENV[@]}" "$BIN" upload --detach "$1" "$BIGZ" 2>/dev/null)
  "${AGENT_ENV[@]}" "$BIN" uploads wait "$batch" >/dev/null
}
drop_deposition() { curl -s -o /dev/null -X DELETE -H "Authorization: Bearer bench" "$API/deposit/depositions/$1"; }
for run in $(seq "$RUNS"); do
  echo "run $run/$RUNS (${DETACH_MIB} MiB, in process and detached)" >&2
  read -r id _ < <(new_bucket); bench inproc "${AGENT_ENV[@]}" "$BIN" upload "$id" "$BIGZ"; drop_deposition "$id"
  read -r id _ < <(new_bucket); bench detached detached "$id"; drop_deposition "$id"
  agent_cpu=$(grep -o 'agent CPU [0-9.]*' "$WORK/state/zenodo-tui/agent.log" | tail -1 | awk '{print $3}')
  tail -1 "$WORK/detached.txt" | awk -v c="${agent_cpu:-0}" '{print $1, $2 + c}' > "$WORK/last.tmp"
  sed -i '$d' "$WORK/detached.txt"; cat "$WORK/last.tmp" >> "$WORK/detached.txt"
done

# --- multipart through the native API (issue 12) -------------------------------------------------
# The same file into a LocalZenodo that takes multipart transfers (--flavor inveniordm): sent whole
# (init, one content PUT, commit), in 64 MiB parts one at a time (the MD5 running across them, the
# file read once) and four parts at a time (the MD5 computed in order beside them, the file read
# twice, the second time from the page cache). The goal is the same MD5 floor.
PART_MIB=${PART_MIB:-64}
"$BIN" serve --port 0 --token bench --flavor inveniordm --data "$SINKDIR/rdm" --rate-limit 1000000 > "$WORK/rdm.out" 2> "$WORK/rdm.err" & PIDS+=($!)
for _ in $(seq 100); do grep -q listening "$WORK/rdm.out" 2>/dev/null && break; sleep 0.05; done
RDM_API=$(sed 's/.* on //' "$WORK/rdm.out")
RDM_ENV=(env ZENODO_SERVER="$RDM_API" ZENODO_TOKEN=bench ZENODO_API=rdm XDG_STATE_HOME="$WORK/rdmstate" ZENODO_TUI_NO_AGENT=1)
rdm_draft() {
  curl -s -H "Authorization: Bearer bench" -H "Content-Type: application/json" -d '{}' "$RDM_API/records" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'
}
drop_rdm() { curl -s -o /dev/null -X DELETE -H "Authorization: Bearer bench" "$RDM_API/records/$1/draft"; }
for run in $(seq "$RUNS"); do
  echo "run $run/$RUNS (${DETACH_MIB} MiB, whole and in ${PART_MIB} MiB parts)" >&2
  bench md5big md5sum "$BIGZ"
  id=$(rdm_draft); bench rdmwhole "${RDM_ENV[@]}" ZENODO_TUI_PART_SIZE=0 "$BIN" upload "$id" "$BIGZ"; drop_rdm "$id"
  id=$(rdm_draft); bench rdmparts "${RDM_ENV[@]}" ZENODO_TUI_PART_SIZE=$((PART_MIB * 1024 * 1024)) ZENODO_TUI_PARALLEL_PARTS=1 "$BIN" upload "$id" "$BIGZ"; drop_rdm "$id"
  id=$(rdm_draft); bench rdmpar4 "${RDM_ENV[@]}" ZENODO_TUI_PART_SIZE=$((PART_MIB * 1024 * 1024)) ZENODO_TUI_PARALLEL_PARTS=4 "$BIN" upload "$id" "$BIGZ"; drop_rdm "$id"
done

# --- report --------------------------------------------------------------------------------------
MD5W=$(med md5sum 1); MD5C=$(med md5sum 2)
CURLW=$(med curl 1); CURLC=$(med curl 2)
CMW=$(med curlmd5 1); CMC=$(med curlmd5 2)
ZW=$(med zenodo 1); ZC=$(med zenodo 2); ZR=$(medrss zenodo)
R64=$(medrss rss64); R4G=$(medrss rss4g)
LOOPW=$(med loop 1); ENGW=$(med engine 1)
INW=$(med inproc 1); INC=$(med inproc 2); DEW=$(med detached 1); DEC=$(med detached 2)
RWW=$(med rdmwhole 1); RWC=$(med rdmwhole 2); RPW=$(med rdmparts 1); RPC=$(med rdmparts 2); M5W=$(med md5big 1)
R4W=$(med rdmpar4 1); R4C=$(med rdmpar4 2)
cat <<REPORT

Upload benchmark, $(nproc) cores, $(uname -m), $(date -u +%Y-%m-%d); median of $RUNS runs; ${SIZE_MIB} MiB file in page cache, $SINK_KIND PUT sink

| tool                                  | wall s | CPU s | peak RSS MiB |
| ------------------------------------- | -----: | ----: | -----------: |
| md5sum                                | $MD5W | $MD5C | |
| curl --upload-file                    | $CURLW | $CURLC | |
| curl, then md5sum                     | $CMW | $CMC | |
| zenodo-tui (stream + MD5 + progress)  | $ZW | $ZC | $ZR |

Targets: wall <= md5sum wall ($ZW vs $MD5W: $(echo "$ZW / $MD5W" | bc -l | cut -c1-4) x); CPU <= curl CPU + md5sum CPU ($ZC vs $(echo "$CURLC + $MD5C" | bc -l));
peak RSS <= 64 MiB ($ZR); RSS 4 GiB <= 1.25 x RSS 64 MiB ($R4G vs $R64 MiB, medians: $(echo "$R4G / $R64" | bc -l | cut -c1-4) x).

| ${SMALL_FILES} x 1 MiB into one deposition (LocalZenodo) | wall s |
| ---------------------------------------------- | -----: |
| sequential loop, one curl per file             | $LOOPW |
| zenodo-tui upload --parallel 3                 | $ENGW |

Target: <= 0.3 x the loop ($(echo "$ENGW / $LOOPW" | bc -l | cut -c1-4) x).
Cancel (SIGINT to exit, median): ${CANCEL} ms (target <= 50 ms).

| ${DETACH_MIB} MiB into LocalZenodo                          | wall s | CPU s |
| ---------------------------------------------------- | -----: | ----: |
| zenodo-tui upload (in this process)                  | $INW | $INC |
| upload --detach + uploads wait (the agent sends it)  | $DEW | $DEC |

Target: handing over costs at most 5 % (wall $(echo "$DEW / $INW" | bc -l | cut -c1-4) x, CPU $(echo "$DEC / $INC" | bc -l | cut -c1-4) x; CPU of the agent from its log).
Spread per run (wall s): in process $(awk '{printf "%s ", $1}' "$WORK/inproc.txt"); detached $(awk '{printf "%s ", $1}' "$WORK/detached.txt").

| ${DETACH_MIB} MiB through the native API (LocalZenodo --flavor inveniordm) | wall s | CPU s |
| ---------------------------------------------------- | -----: | ----: |
| md5sum (the floor)                                   | $M5W | |
| whole: init, one PUT, commit                         | $RWW | $RWC |
| multipart: ${PART_MIB} MiB parts in order, commit    | $RPW | $RPC |
| multipart: ${PART_MIB} MiB parts, 4 at a time        | $R4W | $R4C |

Multipart vs whole: wall $(echo "$RPW / $RWW" | bc -l | cut -c1-4) x, CPU $(echo "$RPC / $RWC" | bc -l | cut -c1-4) x; 4 at a time: wall $(echo "$R4W / $RWW" | bc -l | cut -c1-4) x, CPU $(echo "$R4C / $RWC" | bc -l | cut -c1-4) x.
Spread per run (wall s): whole $(awk '{printf "%s ", $1}' "$WORK/rdmwhole.txt"); in order $(awk '{printf "%s ", $1}' "$WORK/rdmparts.txt"); 4 at a time $(awk '{printf "%s ", $1}' "$WORK/rdmpar4.txt").
REPORT
