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
cd "$build_dir"
# The tests' zvm runs keep their validation cache in the build tree, not in ~/.cache/zvm.
export ZVM_CACHE_DIR="$build_dir/test-validation-cache"
ctest --output-on-failure -j2 "$@"
