# What scripts/test-install.sh and scripts/test-channels.sh share (sourced, not run): a scratch
# directory removed on exit with tmux's socket in it, pass/fail lines under the script's name,
# the toolchain hidden, LocalZenodo served by a binary, and the demo's first frame timed in tmux.
# The sourcing script sets CHECK (its name) first and calls these after `set -euo pipefail`.

WORK=$(mktemp -d)
export TMUX_TMPDIR="$WORK"   # the tmux socket goes with the rest, not left in /tmp/tmux-0
SOCK="zt-$CHECK-$$"
SERVE_PID=""
cleanup() {
  [ -n "$SERVE_PID" ] && kill "$SERVE_PID" 2>/dev/null || true
  tmux -L "$SOCK" kill-server 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "$CHECK: FAILED: $*" >&2; exit 1; }
pass() { echo "$CHECK: ok: $*"; }

# A PATH of a few system tools only, no LD_LIBRARY_PATH, an empty HOME: run as "${HIDDEN[@]}" CMD.
mkdir -p "$WORK/path" "$WORK/home"
for tool in sh bash env cat sleep tmux; do ln -s "$(command -v "$tool")" "$WORK/path/$tool"; done
HIDDEN=(env -i PATH="$WORK/path" HOME="$WORK/home" LANG=C.UTF-8 TERM=xterm-256color)

# `serve_demo ZT TOKEN`: LocalZenodo with the demo data, served by ZT with the toolchain hidden;
# sets API to its address.
serve_demo() {
  "${HIDDEN[@]}" "$1" serve --port 0 --seed-demo --token "$2" --data "$WORK/data" > "$WORK/serve.out" 2> "$WORK/serve.err" &
  SERVE_PID=$!
  for _ in $(seq 400); do grep -q listening "$WORK/serve.out" 2>/dev/null && break; sleep 0.05; done
  API=$(sed 's/.* on //' "$WORK/serve.out")
  [ -n "$API" ] || fail "serve did not start: $(cat "$WORK/serve.err")"
}

# `demo_first_frame SESSION ZT`: runs ZT's demo in tmux with the toolchain hidden and prints the
# milliseconds until its list shows (polled every 10 ms, 30 s at most); fails if it never does.
demo_first_frame() {
  local session=$1 zt=$2 start first=""
  start=$(date +%s%N)
  tmux -L "$SOCK" -f /dev/null new-session -d -s "$session" -x 100 -y 30 "${HIDDEN[*]} '$zt' demo; sleep 60"
  for _ in $(seq 3000); do
    if tmux -L "$SOCK" capture-pane -p -t "$session" | grep -q "Alpine glacier"; then
      first=$(( ($(date +%s%N) - start) / 1000000 ))
      break
    fi
    sleep 0.01
  done
  [ -n "$first" ] || fail "$session: demo drew no list: $(tmux -L "$SOCK" capture-pane -p -t "$session")"
  tmux -L "$SOCK" kill-session -t "$session" 2>/dev/null || true
  echo "$first"
}
