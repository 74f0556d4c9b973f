#!/usr/bin/env bash
# `CC=zcc ./configure` on an autoconf project (tests/toolchain/configure_project, configure
# generated here with autoconf), the cross-compiling way (--host): configure's compile and link
# checks must pass and its results reach the nexe; a run check takes its cross-compiling answer.
# Without --host and without a binfmt_misc handler for nexes, the kernel would start a nexe as
# a native program, so configure must stop with its "cannot run C compiled programs" error
# (docs/toolchain.md). With a handler (zvm binfmt install) it works:
# configure_binfmt_test.sh tests that; ctest keeps the two apart (RESOURCE_LOCK binfmt_misc).
#
#   configure_project_test.sh ZVM_ROOT(build tree) SOURCE_ROOT WORK_DIR
set -euo pipefail
zvm_root=$1
source_root=$2
work=$3
rm -rf "$work"
mkdir -p "$work"
cp "$source_root"/tests/toolchain/configure_project/{configure.ac,Makefile.in,main.c} "$work"
cd "$work"
autoconf || { echo "FAIL: autoconf"; exit 1; }

# An enabled binfmt_misc entry whose interpreter is zvm-exec (registered by hand) would make
# the plain run succeed: then there is nothing to check here.
handler=$(grep -l 'zvm-exec' /proc/sys/fs/binfmt_misc/* 2>/dev/null | xargs -r grep -l '^enabled' || true)
if [ -n "$handler" ]; then
  echo "note: a binfmt_misc handler for nexes is registered ($handler): not checking the failure without --host"
elif CC="$zvm_root/bin/zcc" ./configure >native-host.log 2>&1; then
  echo "FAIL: configure without --host succeeded: it ran a nexe on the host?"
  exit 1
fi
if [ -z "$handler" ]; then
  grep -q "cannot run C compiled programs" native-host.log ||
    { cat native-host.log; echo "FAIL: configure without --host failed for another reason"; exit 1; }
fi

CC="$zvm_root/bin/zcc" ./configure --host=x86_64-linux-musl >configure.out 2>&1 ||
  { cat configure.out config.log; echo "FAIL: configure --host"; exit 1; }
cat configure.out
make >make.log 2>&1 || { cat make.log; echo "FAIL: make"; exit 1; }
"$zvm_root/bin/zvalidate" hello.nexe >/dev/null || { echo "FAIL: hello.nexe does not validate"; exit 1; }
out=$("$zvm_root/bin/zvm" run hello.nexe)
echo "$out"
expect() {
  if ! grep -qxF "$1" <<<"$out"; then
    echo "FAIL: expected the line '$1'"
    exit 1
  fi
}
expect "headers: stdint.h 1, no/such/header.h 0"
expect "functions: snprintf 1, strtold 1, no_such_function_in_zvm 0"
expect "sizeof: long 8, __int128 16; little endian"
expect "cross compiling: yes; AC_RUN_IFELSE: cross"
expect "run check wrote: none"
expect "cos(0) = 1"
echo "PASS"
