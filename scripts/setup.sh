#!/usr/bin/env bash
# Installs what is missing from Debian's packages, then configures and builds zvm.
# Idempotent: with everything installed and nothing changed it only runs a no-op build.
#
#   scripts/setup.sh [--sanitize]   (--sanitize: ASan+UBSan build in build-asan/)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir="$root/build"
cmake_args=()
for arg in "$@"; do
  case "$arg" in
    --sanitize) build_dir="$root/build-asan"; cmake_args+=(-DZVM_SANITIZE=ON) ;;
    *) echo "setup.sh: unknown option '$arg'" >&2; exit 2 ;;
  esac
done

packages=(
  cmake ninja-build pkg-config dpkg-dev tcl patch
  clang-19 lld-19 llvm-19-dev libclang-rt-19-dev
  libcapstone-dev libseccomp-dev libzmq3-dev cppzmq-dev
  libcli11-dev nlohmann-json3-dev libssl-dev libarchive-dev libmicrohttpd-dev
  libgtest-dev libgmock-dev libbenchmark-dev musl-tools autoconf
)

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Source packages (musl, Lua, SQLite) come from Debian's deb-src archive.
src_list=/etc/apt/sources.list.d/zvm-deb-src.sources
if [ ! -f "$src_list" ]; then
  echo "setup: adding a deb-src entry ($src_list)"
  "${sudo_cmd[@]}" tee "$src_list" >/dev/null <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  "${sudo_cmd[@]}" apt-get update -qq
fi

if [ ! -f "$build_dir/build.ninja" ]; then
  cmake -S "$root" -B "$build_dir" -G Ninja "${cmake_args[@]}"
fi
cmake --build "$build_dir"
