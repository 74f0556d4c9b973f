#!/usr/bin/env bash
# Fetches a Debian source package once into a build tree (Lua, SQLite: examples/ and tests/).
#
#   fetch-debian-source.sh PACKAGE DEST_DIR
#
# Runs `apt-get source --only-source PACKAGE` (Debian's deb-src entry, added by
# scripts/setup.sh; Debian's patches applied) and moves the unpacked tree to DEST_DIR. A stamp
# file DEST_DIR/.zvm-fetched makes later runs no-ops; the tree is never committed.
set -euo pipefail
package=$1
dest=$(realpath -m "$2")
if [ -f "$dest/.zvm-fetched" ]; then
  touch "$dest/.zvm-fetched"
  exit 0
fi
fetch="$dest.fetch"
rm -rf "$fetch" "$dest"
mkdir -p "$fetch"
if ! (cd "$fetch" && apt-get source --only-source "$package" >fetch.log 2>&1); then
  cat "$fetch/fetch.log" >&2
  echo "fetch-debian-source: 'apt-get source $package' failed; it needs the deb-src entry that" \
       "scripts/setup.sh adds (/etc/apt/sources.list.d/zvm-deb-src.sources)" >&2
  exit 1
fi
tree=$(find "$fetch" -mindepth 1 -maxdepth 1 -type d | head -n1)
mv "$tree" "$dest"
rm -rf "$fetch"
touch "$dest/.zvm-fetched"
echo "fetch-debian-source: $package in $dest"
