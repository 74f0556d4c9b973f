#!/usr/bin/env bash
# Set-up (scripts/setup.sh), then the whole test suite through ctest.
#
#   scripts/test.sh [--sanitize] [ctest arguments...]
#   --sanitize: build and test under AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
setup_args=()
build_dir="$root/build"
if [ "${1:-}" = "--sanitize" ]; then
  shift
  setup_args+=(--sanitize)
  build_dir="$root/build-asan"
fi
"$root/scripts/setup.sh" "${setup_args[@]}"
# The binfmt_misc tests register nexes with the kernel (root, binfmt_misc mounted); a machine
# without systemd may not have it mounted: mount it when we can, else those tests skip.
binfmt=/proc/sys/fs/binfmt_misc
if [ "$(id -u)" = 0 ] && [ -d "$binfmt" ] && [ ! -e "$binfmt/register" ]; then
  mount -t binfmt_misc binfmt_misc "$binfmt" ||
    echo "test: cannot mount binfmt_misc at $binfmt: the binfmt tests will be skipped" >&2
fi
cd "$build_dir"
# The tests' zvm runs keep their validation cache in the build tree, not in ~/.cache/zvm.
export ZVM_CACHE_DIR="$build_dir/test-validation-cache"
ctest --output-on-failure -j2 "$@"
