#!/usr/bin/env bash
# PNG screenshots of the real binary in `zenodo-tui demo`, from tmux captures (100x30).
# Needs tmux, Debian's python3-pil, fonts-dejavu-core and fonts-noto-cjk. Writes screenshots/*.png.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/debug/zenodo-tui}
[ -x "$BIN" ] || swift build --product zenodo-tui
OUT=screenshots
mkdir -p "$OUT"
SOCK="zt-shots-$$"
WORK=$(mktemp -d)
export TMUX_TMPDIR="$WORK"   # the tmux socket goes with the rest, not left in /tmp/tmux-0
T() { tmux -L "$SOCK" "$@"; }
cleanup() { T kill-server 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

wait_gone() {  # wait_gone TEXT: poll until TEXT is no longer on screen
  for _ in $(seq 400); do
    T capture-pane -p -t S | grep -qF -- "$1" || return 0
    sleep 0.05
  done
}
wait_for() {  # wait_for TEXT: poll the screen until TEXT shows (20 s at most)
  for _ in $(seq 400); do
    T capture-pane -p -t S | grep -qF -- "$1" && return 0
    sleep 0.05
  done
  echo "timed out waiting for: $1" >&2; T capture-pane -p -t S >&2; exit 1
}
wait_progress() {  # wait_progress '[2-9]': poll (10 s at most) for a bar at a percentage whose tens are $1
  for _ in $(seq 200); do
    T capture-pane -p -t S | grep -qE "\] ($1[0-9])%" && return 0
    sleep 0.05
  done
}
shot() {  # shot NAME: capture with colours and render
  T capture-pane -p -e -t S > "$WORK/$1.ansi"
  /usr/bin/python3 scripts/ansi2png.py "$WORK/$1.ansi" "$OUT/$1.png" 100 30
  echo "$OUT/$1.png"
}

upload_survey() {  # open the deep-sea draft and upload the survey files through the picker
  T send-keys -t S '/' ; T send-keys -t S -l 'deep-sea'; T send-keys -t S Enter Enter
  wait_for "Files ("
  wait_gone "Loading the full"
  T send-keys -t S u
  wait_for "Upload into"
  T send-keys -t S p C-u; T send-keys -t S -l "$WORK/data/"; T send-keys -t S Enter
  wait_for "survey_2026.nc"
  T send-keys -t S a u
}

# A campaign's tree to pack: folders, a README, the usual junk and a .zenodoignore (sparse files).
for f in raw/2024/cast_001.nc raw/2024/cast_002.nc raw/2025/cast_003.nc processed/grid.nc scripts/make_grid.py; do
  mkdir -p "$WORK/campaign/$(dirname "$f")"; truncate -s 700M "$WORK/campaign/$f"
done
echo "# Campaign" > "$WORK/campaign/README.md"; touch "$WORK/campaign/.DS_Store" "$WORK/campaign/raw/.DS_Store"
mkdir -p "$WORK/campaign/scripts/__pycache__"; echo x > "$WORK/campaign/scripts/__pycache__/make_grid.pyc"
echo "*.log" > "$WORK/campaign/.zenodoignore"; echo log > "$WORK/campaign/processed/run.log"

# Data to upload: sparse files, large enough to catch the bars moving.
mkdir -p "$WORK/data"
for name in survey_2024.nc survey_2025.nc survey_2026.nc; do truncate -s 1500M "$WORK/data/$name"; done

T -f /dev/null new-session -d -s S -x 100 -y 30 -e LANG=C.UTF-8 -e TERM=xterm-256color -e HOME="$WORK" "$BIN demo; sleep 600"
wait_for "Alpine glacier"
shot list

T send-keys -t S j j j j j j j Enter
wait_for "Files (2"
wait_gone "Loading the full"
shot deposition

T send-keys -t S '?'
wait_for "Any key closes"
shot help
T send-keys -t S Escape q
wait_for "Deep-sea"

upload_survey
wait_for "RUNNING"
wait_progress '[2-9]'
shot upload
wait_for "FINISHED"

# The metadata form (with an ORCID that fails its checksum), the diff, the publish question.
T send-keys -t S q
wait_for "Files (5"
wait_gone "Loading the full"

# A directory packed on the fly: a campaign's tree chosen in the picker, z for one zip, and the
# plan u shows before anything is sent (issue 30).
T send-keys -t S u
wait_for "Upload into"
T send-keys -t S p C-u; T send-keys -t S -l "$WORK/"; T send-keys -t S Enter
wait_for "campaign/"
T send-keys -t S Space z u
wait_for "Send this?"
shot pack-plan
T send-keys -t S n q
wait_gone "Upload into"
T send-keys -t S e
wait_for "Metadata of"
T send-keys -t S Enter C-u; T send-keys -t S -l 'Deep-sea sediment cores, North Atlantic'; T send-keys -t S Enter
T send-keys -t S Down Down Down a; T send-keys -t S -l 'Doe, Jane'; T send-keys -t S Tab
T send-keys -t S -l 'Example University'; T send-keys -t S Tab; T send-keys -t S -l '0000-0002-1825-0098'; T send-keys -t S Enter
wait_for "is not valid"
shot editor
T send-keys -t S Enter BSpace; T send-keys -t S -l '7'; T send-keys -t S Enter
wait_gone "is not valid"
T send-keys -t S s
wait_for "Save? y / N"
shot diff
T send-keys -t S y
wait_for "Saved and read back"
T send-keys -t S q P
wait_for "Publish now? y / N"
shot publish
T send-keys -t S n q q q

# Coming back to an upload that went on without its terminal: LocalZenodo as its own process (the
# demo's server would end with its window), an upload started in one window, the window closed,
# and the queue as a new `zenodo-tui` shows it, attached.
T kill-session -t S 2>/dev/null || true
"$BIN" serve --port 0 --seed-demo --token demo-token > "$WORK/serve.out" 2> /dev/null &
SERVE_PID=$!
trap 'kill $SERVE_PID 2>/dev/null || true; cleanup' EXIT
for _ in $(seq 100); do grep -q listening "$WORK/serve.out" 2>/dev/null && break; sleep 0.05; done
API=$(sed 's/.* on //' "$WORK/serve.out")
ENV=(-e LANG=C.UTF-8 -e TERM=xterm-256color -e HOME="$WORK" -e XDG_RUNTIME_DIR="$WORK" -e ZENODO_SERVER="$API" -e ZENODO_TOKEN=demo-token -e ZENODO_TUI_AGENT_IDLE=2)
T -f /dev/null new-session -d -s S -x 100 -y 30 "${ENV[@]}" "$BIN; sleep 600"
wait_for "Alpine glacier"
upload_survey
wait_for "RUNNING in the background"
T kill-session -t S
T -f /dev/null new-session -d -s S -x 100 -y 30 "${ENV[@]}" "$BIN; sleep 600"
wait_for "attached"
wait_progress '[3-9]'
shot reattached
wait_for "FINISHED"
T send-keys -t S x q q q q

# Find and fetch: the public records search as one types, and a record's files downloaded into
# ./<record id> (here the work directory), each verified with its MD5.
T kill-session -t S 2>/dev/null || true
mkdir -p "$WORK/fetch"
ABS_BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"
search_records() {  # search_records QUERY TEXT: a new window in ./fetch, the records search, QUERY typed, TEXT awaited
  T -f /dev/null new-session -d -s S -x 100 -y 30 -c "$WORK/fetch" "${ENV[@]}" "$ABS_BIN; sleep 600"
  wait_for "Alpine glacier"
  T send-keys -t S S
  wait_for "records, newest first"
  T send-keys -t S -l "$1"
  wait_for "$2"
}
search_records glacier "3 of 3 records"
T send-keys -t S Enter
shot records
T send-keys -t S j j Enter
wait_for "Files ("
T send-keys -t S D
wait_for "Downloaded and verified"
shot record
# The destination chooser, with a directory made in it.
T send-keys -t S o
wait_for "into…"
T send-keys -t S n
T send-keys -t S -l 'results-2026'
T send-keys -t S Enter
wait_for "results-2026/"
T send-keys -t S BSpace
wait_for "(no directories here)"
wait_gone "(no directories here)"
shot destination
T send-keys -t S Escape q q q q

# A download in progress: a record of three 1 GiB files (published here through the subcommands,
# from sparse files), each file's bar in the record, then the total, rate and ETA in the queue.
T kill-session -t S 2>/dev/null || true
for name in bathymetry_2024.tif bathymetry_2025.tif bathymetry_2026.tif; do truncate -s 1G "$WORK/data/$name"; done
PUBLISH=(env HOME="$WORK" XDG_STATE_HOME="$WORK/publisher" ZENODO_SERVER="$API" ZENODO_TOKEN=demo-token ZENODO_TUI_NO_AGENT=1)
RID=$("${PUBLISH[@]}" "$ABS_BIN" create --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
"${PUBLISH[@]}" "$ABS_BIN" metadata "$RID" --set 'title=Bathymetry rasters of the Faroe Bank Channel, 2024–2026' \
  --set upload_type=dataset --set 'creators=Joensen, Rói@Faroe Marine Research Institute; Doe, Jane@Example University' --yes >/dev/null
"${PUBLISH[@]}" "$ABS_BIN" upload "$RID" "$WORK"/data/bathymetry_*.tif >/dev/null
"${PUBLISH[@]}" "$ABS_BIN" publish "$RID" --yes >/dev/null
search_records bathymetry "1 of 1 records"
T send-keys -t S Enter Enter
wait_for "Files (3"
T send-keys -t S D
wait_progress '[2-6]'
shot download
T send-keys -t S U
wait_for "DOWNLOADING"
wait_progress '[4-8]'
shot downloads
wait_for "3 verified"
T send-keys -t S q q q q

# Inside a ZIP without fetching it (issue 31): the interviews' transcripts.zip as a tree, a
# folder opened, members marked.
T kill-session -t S 2>/dev/null || true
search_records interview "1 of 1 records"
T send-keys -t S Enter Enter
wait_for "transcripts.zip"
T send-keys -t S Enter
wait_for "26 files"
T send-keys -t S j Enter
wait_for "2023/"
T send-keys -t S j j Enter
wait_for "bergen/"
T send-keys -t S j Enter
wait_for "interview-1.txt"
T send-keys -t S j Space Space
wait_for "2 marked"
shot archive
T send-keys -t S q q q q

# A published record's files fixed within the grace period (issue 31): F's question, then X's
# typed confirmation on another record.
T kill-session -t S 2>/dev/null || true
T -f /dev/null new-session -d -s S -x 100 -y 30 -c "$WORK/fetch" "${ENV[@]}" "$ABS_BIN; sleep 600"
wait_for "Alpine glacier"
T send-keys -t S /; T send-keys -t S -l 'Analysis scripts'; T send-keys -t S Enter Enter
wait_for "Files (2"
wait_gone "Loading the full"
T send-keys -t S F
wait_for "Unlock the files? y / N"
shot fix-files
T send-keys -t S n q
# A draft submitted to a community (issue 32): the chooser searching as it is typed.
T send-keys -t S / C-u; T send-keys -t S -l 'Deep-sea'; T send-keys -t S Enter Enter
wait_for "Grain size"
wait_gone "Loading the full"
T send-keys -t S C
wait_for "to which community?"
T send-keys -t S -l 'gl'
wait_for "Alpine glaciology"
shot community
T send-keys -t S Escape q
T send-keys -t S / C-u; T send-keys -t S -l 'Poster'; T send-keys -t S Enter Enter
wait_for "poster.pdf"
wait_gone "Loading the full"
T send-keys -t S X
wait_for "Why delete record"
T send-keys -t S -l 'dupl'; T send-keys -t S Enter
wait_for "to delete it"
T send-keys -t S -l '10'
wait_for "keeps it): 10"
shot delete-record
T send-keys -t S Escape q q
# Sharing (issue 32): the curator asked for the restricted transcripts; a link made and copied,
# the person given access by accepting, the request's message shown.
curl -s -o /dev/null -H "Authorization: Bearer demo-curator-token" -H "Content-Type: application/json" \
  -d '{"email": "curator@localzenodo.test", "message": "For a replication study of the 2023 interviews"}' \
  "$API/records/$(curl -s "$API/records?q=interview" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["hits"]["hits"][0]["id"])')/access/request"
T send-keys -t S / C-u; T send-keys -t S -l 'Interview'; T send-keys -t S Enter Enter
wait_for "transcripts.zip"
wait_gone "Loading the full"
T send-keys -t S A
wait_for "Access requests (1)"
T send-keys -t S n
wait_for "A link that lets"
T send-keys -t S Down Enter
wait_for "30 days"
T send-keys -t S Down Down Enter
wait_for "Made a preview link"
T send-keys -t S p; T send-keys -t S -l 'curator'; T send-keys -t S Enter
wait_for "curator may"
T send-keys -t S Enter
wait_for "People (1)"
T send-keys -t S G
wait_for "a accepts"
shot sharing
T send-keys -t S q q
# A public record's about page (issue 33): i shows what a reader needs before fetching.
T kill-session -t S 2>/dev/null || true
search_records glacier "3 of 3 records"
T send-keys -t S Enter G Enter
wait_for "Files ("
T send-keys -t S i
wait_for "About (i shows the files again)"
shot record-about
T send-keys -t S q q
wait_for "Alpine glacier"
# A person found, not typed (issue 33): L on a new creator's name searches the names (ORCID).
T send-keys -t S n
wait_for "Creators"
T send-keys -t S Down Down Down Enter
wait_for "Affiliation"
T send-keys -t S Escape L
wait_for "Who is it?"
T send-keys -t S -l 'north'
wait_for "Northwestern"
shot lookup
T send-keys -t S Escape
