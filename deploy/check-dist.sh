#!/usr/bin/env bash
# Unpacks the release archive into an empty folder outside the repository, starts its
# server there with nothing else around (no Rust, no Node, no repository), and checks that
# the sign-in page and its assets are served.
set -euo pipefail
archive="$1"
dir="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
tar -xzf "$archive" -C "$dir"
cd "$dir"/sales-*
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
env -i PATH=/usr/bin:/bin HOME="$dir" LEPTOS_SITE_ROOT=site ./server serve --demo --addr "127.0.0.1:$port" \
  --database-url "sqlite://$dir/data/app.db" > "$dir/server.log" 2>&1 &
pid=$!
# --demo seeds three years of history before it listens (5–7 s here): wait up to two minutes,
# and stop at once if the server has exited.
for _ in $(seq 1 1200); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { echo "dist: the server exited"; cat "$dir/server.log"; exit 1; }
  sleep 0.1
done
page=$(curl -fsS "http://127.0.0.1:$port/signin")
grep -q 'id="username"\|name="username"' <<<"$page" || { echo "dist: no sign-in form"; cat "$dir/server.log"; exit 1; }
asset=$(grep -o '/pkg/[^"]*\.js' <<<"$page" | head -n1)
[ -n "$asset" ] || { echo "dist: the page names no script"; exit 1; }
curl -fsS -o /dev/null "http://127.0.0.1:$port$asset" || { echo "dist: $asset is not served"; exit 1; }
echo "dist: $(basename "$archive") serves the sign-in page and $asset from a clean folder"
