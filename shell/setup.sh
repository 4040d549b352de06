#!/usr/bin/env bash
# Installs everything the build and the tests need, idempotently:
#   - Debian packages (Emscripten, Chromium, doctest, ninja, fonts, the Flask reference),
#   - third-party C/C++ sources (SQLite, Argon2, Dear ImGui, utf8proc) into third_party/, each archive checked against shell/third_party.sha256,
#   - the JS dependencies from package-lock.json (npm ci): zxcvbn, which the site ships, and the browser-test tools,
#   - with --bench only: SQLiteCpp's sources (Debian source package sqlitecpp), the benchmarks' C++ peer.
# When everything is present it only checks stamps and returns in well under a second.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

apt_packages=(emscripten binaryen doctest-dev chromium ninja-build fonts-dejavu-core fonts-droid-fallback xz-utils
              python3 python3-flask-sqlalchemy sqlite3)

install_apt_packages() {
  local missing=()
  for p in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || die "missing Debian packages (${missing[*]}); run shell/setup.sh as root"
  say "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || die "apt-get update failed"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || die "apt-get install of ${missing[*]} failed"
}

# Source packages need a deb-src entry. Derive it from the machine's own sources so no mirror is
# hard-coded: the first stanza's URIs and Signed-By, for bookworm and trixie (imgui 1.90.1 is in trixie).
ensure_deb_src() {
  local out=/etc/apt/sources.list.d/seed-deb-src.sources
  [ -f "$out" ] && return 0
  local src=/etc/apt/sources.list.d/debian.sources uris signed
  [ -f "$src" ] || die "no $src to derive a deb-src entry from"
  uris=$(awk '/^URIs:/{print; exit}' "$src")
  signed=$(awk '/^Signed-By:/{print; exit}' "$src")
  [ -n "$uris" ] || die "no URIs: line in $src"
  say "adding deb-src entry ($uris)"
  printf 'Types: deb-src\n%s\nSuites: bookworm trixie\nComponents: main\n%s\n' "$uris" "$signed" > "$out"
  apt-get update -qq || die "apt-get update after adding deb-src failed"
}

# Checks an archive against the sum recorded in shell/third_party.sha256; stops naming the source.
verify() {
  local file=$1 source=$2 want got
  want=$(awk -v f="$(basename "$file")" '$2==f{print $1}' shell/third_party.sha256)
  [ -n "$want" ] || die "no sha256 recorded for $(basename "$file") in shell/third_party.sha256"
  got=$(sha256sum "$file" | cut -d' ' -f1)
  [ "$got" = "$want" ] || die "sha256 mismatch for $(basename "$file") from $source: got $got, want $want"
}

tp=third_party
stamp_of() { echo "$tp/.$1.ok"; }
stamp_ok() { [ -f "$(stamp_of "$1")" ] && [ "$(cat "$(stamp_of "$1")")" = "$(sha256sum shell/third_party.sha256 | cut -d' ' -f1)" ]; }
stamp_set() { sha256sum shell/third_party.sha256 | cut -d' ' -f1 > "$(stamp_of "$1")"; }

fetch_npm_tarball() { # name@version → prints the path of the verified tarball in a temp dir
  local spec=$1 dir=$2
  (cd "$dir" && npm pack --silent "$spec" >/dev/null 2>npm-pack.log) \
    || die "download of $spec from the npm registry failed: $(tail -n 3 "$dir/npm-pack.log")"
}

fetch_sqlite() {
  stamp_ok sqlite && return 0
  say "fetching the SQLite amalgamation (npm better-sqlite3@12.11.1)"
  local tmp; tmp=$(mktemp -d); trap 'rm -rf "$tmp"' RETURN
  fetch_npm_tarball better-sqlite3@12.11.1 "$tmp"
  verify "$tmp/better-sqlite3-12.11.1.tgz" "npm better-sqlite3@12.11.1"
  rm -rf "$tp/sqlite3" && mkdir -p "$tp/sqlite3"
  tar -xzf "$tmp/better-sqlite3-12.11.1.tgz" -C "$tmp" package/deps/sqlite3
  cp "$tmp"/package/deps/sqlite3/sqlite3.{c,h} "$tp/sqlite3/"
  stamp_set sqlite
}

fetch_argon2() {
  stamp_ok argon2 && return 0
  say "fetching the Argon2 reference implementation (npm argon2@0.44.0)"
  local tmp; tmp=$(mktemp -d); trap 'rm -rf "$tmp"' RETURN
  fetch_npm_tarball argon2@0.44.0 "$tmp"
  verify "$tmp/argon2-0.44.0.tgz" "npm argon2@0.44.0"
  rm -rf "$tp/argon2" && mkdir -p "$tp"
  tar -xzf "$tmp/argon2-0.44.0.tgz" -C "$tmp" package/argon2
  mv "$tmp/package/argon2" "$tp/argon2"
  stamp_set argon2
}

# Downloads the Debian source package `package/suite`, checks its original tarball against the recorded sum
# and unpacks it into third_party/<folder>, its top folder stripped; only the given members, if any.
fetch_debian_source() { # package/suite orig-tarball folder [member…]
  local package=$1 orig_name=$2 folder=$3; shift 3
  ensure_deb_src
  # (The trap removes itself: a RETURN trap would otherwise fire again as the caller returns.)
  local tmp; tmp=$(mktemp -d); trap 'rm -rf "$tmp"; trap - RETURN' RETURN
  chmod 777 "$tmp"
  (cd "$tmp" && apt-get source -qq --download-only "$package" >apt-source.log 2>&1) \
    || die "download of the Debian source package $package failed: $(tail -n 3 "$tmp/apt-source.log")"
  local orig="$tmp/$orig_name"
  [ -f "$orig" ] || die "Debian source package $package did not provide $orig_name"
  verify "$orig" "Debian source package $package"
  rm -rf "${tp:?}/$folder" && mkdir -p "$tp/$folder"
  tar -xf "$orig" -C "$tp/$folder" --strip-components=1 "$@"
}

fetch_imgui() {
  stamp_ok imgui && return 0
  say "fetching Dear ImGui 1.90.1 (Debian source package imgui/trixie)"
  fetch_debian_source imgui/trixie imgui_1.90.1+ds.orig.tar.xz imgui
  stamp_set imgui
}

# utf8proc: Unicode normalisation and case folding, so usernames compare as people read them ("Peter",
# "PETER" and "peter" are one name; so are "Straße" and "STRASSE"). bookworm's 2.8.0 (Unicode 15).
fetch_utf8proc() {
  stamp_ok utf8proc && return 0
  say "fetching utf8proc 2.8.0 (Debian source package utf8proc/bookworm)"
  fetch_debian_source utf8proc/bookworm utf8proc_2.8.0.orig.tar.gz utf8proc \
    utf8proc-2.8.0/utf8proc.c utf8proc-2.8.0/utf8proc.h utf8proc-2.8.0/utf8proc_data.c utf8proc-2.8.0/LICENSE.md
  stamp_set utf8proc
}

# SQLiteCpp, compiled by tests/bench against our own amalgamation and flags (Debian's libsqlitecpp-dev is
# built with Debian's SQLite and flags, which would not be a fair comparison). bookworm's 3.2.1: trixie's
# 3.3.2 is listed but its files are not in the archive.
fetch_sqlitecpp() {
  stamp_ok sqlitecpp && return 0
  say "fetching SQLiteCpp 3.2.1 (Debian source package sqlitecpp/bookworm)"
  fetch_debian_source sqlitecpp/bookworm sqlitecpp_3.2.1.orig.tar.gz sqlitecpp \
    SQLiteCpp-3.2.1/src SQLiteCpp-3.2.1/include SQLiteCpp-3.2.1/LICENSE.txt
  stamp_set sqlitecpp
}

install_node_modules() {
  local want; want=$(sha256sum package-lock.json | cut -d' ' -f1)
  [ -f node_modules/.lock.sha256 ] && [ "$(cat node_modules/.lock.sha256)" = "$want" ] && return 0
  say "installing the JS dependencies (npm ci)"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --silent --no-audit --no-fund >/dev/null \
    || die "npm ci failed"
  echo "$want" > node_modules/.lock.sha256
}

install_apt_packages
mkdir -p "$tp"
fetch_sqlite
fetch_argon2
fetch_imgui
fetch_utf8proc
install_node_modules
if [ "${1:-}" = "--bench" ]; then fetch_sqlitecpp; fi
