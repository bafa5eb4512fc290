# live_serve [serve flags…]: builds wsisgraph and starts `serve` on the embedded store on a
# free port of 127.0.0.1, sets $live_url to its base URL (http://127.0.0.1:PORT) and stops it
# when the sourcing script exits. Sourced by the scripts that test a live server.
live_dir=$(mktemp -d)
live_pids=()
live_stop() {
  for p in "${live_pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$live_dir"
}
trap live_stop EXIT
live_serve() {
  local root log pid
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  [ -x "$live_dir/wsisgraph" ] || (cd "$root" && go build -o "$live_dir/wsisgraph" ./cmd/wsisgraph)
  log="$live_dir/serve-${#live_pids[@]}.log"
  : >"$log" # exists before the loop below reads it: the background job may open it later
  "$live_dir/wsisgraph" serve -addr 127.0.0.1:0 "$@" >"$log" 2>&1 &
  pid=$!
  live_pids+=("$pid")
  live_url=""
  for _ in $(seq 1 300); do
    live_url=$(sed -n 's/.*"msg":"serving","addr":"\([^"]*\)".*/\1/p' "$log" | head -n 1)
    [ -n "$live_url" ] && return 0
    kill -0 "$pid" 2>/dev/null || { cat "$log"; echo "wsisgraph serve exited"; return 1; }
    sleep 0.1
  done
  cat "$log"; echo "wsisgraph serve did not start within 30 s"; return 1
}
