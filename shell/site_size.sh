#!/usr/bin/env bash
# Prints what the first visit of the built site transfers: every file, raw and gzip-compressed (gzip -9,
# as a static host that compresses would send it), and the totals. The first visit loads all of them:
# the page itself, then the service worker caches the rest (icons, manifest) for offline use. Files the
# worker stores only when the page first asks for them (BUILD.onDemand in sw.js: the CJK font) are listed
# apart, after the total: the first visit does not load them.
#   shell/site_size.sh [site-folder]        default build/wasm/site
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
site=${1:-$root/build/wasm/site}
if [ ! -f "$site/index.html" ]; then
  echo "site_size: no built site in $site (build it: shell/run.sh, or cmake --build --preset wasm)" >&2
  exit 1
fi

on_demand=$(node -e '
  const text = require("fs").readFileSync(process.argv[1], "utf8");
  const build = /const BUILD = (\{[\s\S]*?\n\});/.exec(text);
  console.log(Object.keys(build ? JSON.parse(build[1]).onDemand || {} : {}).join("\n"));' "$site/sw.js")

printf '%-26s %12s %12s\n' file raw gzip
raw_total=0
gzip_total=0
later=()
while IFS= read -r file; do
  if grep -qxF "$file" <<<"$on_demand"; then later+=("$file"); continue; fi
  raw=$(wc -c < "$site/$file")
  packed=$(gzip -9 -c "$site/$file" | wc -c)
  raw_total=$((raw_total + raw))
  gzip_total=$((gzip_total + packed))
  printf '%-26s %12d %12d\n' "$file" "$raw" "$packed"
done < <(cd "$site" && find . -maxdepth 1 -type f ! -name '.*' -printf '%f\n' | LC_ALL=C sort)
printf '%-26s %12d %12d\n' total "$raw_total" "$gzip_total"
for file in "${later[@]}"; do
  printf '%-26s %12d %12d   (on demand: not in the first visit)\n' "$file" "$(wc -c < "$site/$file")" \
    "$(gzip -9 -c "$site/$file" | wc -c)"
done
awk -v packed="$gzip_total" -v raw="$raw_total" 'BEGIN {
  printf "first visit transfers %.2f MB compressed (%.2f MB uncompressed); target 1.2 MB\n", packed / 1e6, raw / 1e6 }'
