#!/usr/bin/env bash
# Lighthouse 12.2.3, mobile preset (its default), on desk pages signed in as a demo user, against
# a running server: prints performance, accessibility, LCP and TBT for each page.
#   end2end/size/lighthouse.sh http://127.0.0.1:3000 sales_manager /approvals /satisfaction
# Lighthouse is installed on first use under ~/.cache/sales-lighthouse (13.x needs Node 22).
set -euo pipefail
base="$1"; user="$2"; shift 2
dir="$HOME/.cache/sales-lighthouse"
if [ ! -x "$dir/node_modules/.bin/lighthouse" ]; then
  mkdir -p "$dir" && (cd "$dir" && npm init -y >/dev/null && npm i -E lighthouse@12.2.3 --no-audit --no-fund >/dev/null)
fi
sid=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
  -d "{\"username\":\"$user\",\"password\":\"demo\"}" "$base/api/v1/session" | sed -n 's/^[Ss]et-[Cc]ookie: sid=\([^;]*\).*/\1/p' | tr -d '\r')
[ -n "$sid" ] || { echo "sign-in as $user failed" >&2; exit 1; }
echo "| page | performance | accessibility | LCP | TBT | FCP |"
echo "|---|---:|---:|---:|---:|---:|"
for path in "$@"; do
  out=$(mktemp)
  CHROME_PATH=/usr/bin/chromium "$dir/node_modules/.bin/lighthouse" "$base$path" --quiet --output=json --output-path="$out" \
    --only-categories=performance,accessibility --extra-headers="{\"Cookie\":\"sid=$sid\"}" \
    --chrome-flags="--headless --no-sandbox --disable-gpu --disable-dev-shm-usage" >/dev/null 2>&1 || true
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const a = r.audits, c = r.categories;
    const s = (x) => Math.round(x.score * 100);
    console.log(`| ${process.argv[2]} | ${s(c.performance)} | ${s(c.accessibility)} | ${a["largest-contentful-paint"].displayValue} | ${a["total-blocking-time"].displayValue} | ${a["first-contentful-paint"].displayValue} |`);
  ' "$out" "$path"
  rm -f "$out"
done
