#!/usr/bin/env bash
# Configures, builds and tests tests/toolchain/cmake_project with toolchain/zvm.cmake, then
# runs its nexe under zvm and checks what the configure-time checks found.
#
#   cmake_project_test.sh ZVM_ROOT(build tree) SOURCE_ROOT WORK_DIR
set -euo pipefail
zvm_root=$1
source_root=$2
work=$3
rm -rf "$work"
cmake -S "$source_root/tests/toolchain/cmake_project" -B "$work" -G Ninja \
  -DCMAKE_TOOLCHAIN_FILE="$source_root/toolchain/zvm.cmake" -DZVM_ROOT="$zvm_root" \
  >"$work.configure.log" 2>&1 || { cat "$work.configure.log"; echo "FAIL: configure"; exit 1; }
cmake --build "$work" >"$work.build.log" 2>&1 || { cat "$work.build.log"; echo "FAIL: build"; exit 1; }
(cd "$work" && ctest --output-on-failure) || { echo "FAIL: the project's ctest"; exit 1; }

"$zvm_root/bin/zvalidate" "$work/hello" >/dev/null || { echo "FAIL: hello does not validate"; exit 1; }
out=$("$zvm_root/bin/zvm" run "$work/hello" -- zvm)
echo "$out"
expect() {
  if ! grep -qxE "$1" <<<"$out"; then
    echo "FAIL: expected the line '$1'"
    exit 1
  fi
}
expect "crosscompiling TRUE"
expect "stdint\.h 1, no/such/header\.h 0, snprintf 1"
expect "sizeof\(long\) 8, sizeof\(__int128\) 16"
expect "try_run: exit 7, output 'probe ran as cmTC_[0-9a-f]+'"
expect "check_c_source_runs\(__int128 division\) 1"
expect "hello, zvm"
echo "PASS"
