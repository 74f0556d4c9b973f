#!/usr/bin/env bash
# Plain `CC=zcc ./configure` (no --host) on tests/toolchain/configure_project, with a
# binfmt_misc handler for nexes registered here under a unique name (zvm binfmt install,
# docs/cli.md) and removed on every way out: configure must find it is not cross compiling,
# run its test programs under zvm exec (AC_RUN_IFELSE, a run check that writes a file configure
# reads, AC_CHECK_SIZEOF computed by running), and the nexe it builds must print the results.
# Without root or a mounted binfmt_misc this exits 77, which ctest reports as skipped.
#
#   configure_binfmt_test.sh ZVM_ROOT(build tree) SOURCE_ROOT WORK_DIR
set -euo pipefail
zvm_root=$1
source_root=$2
work=$3
zvm="$zvm_root/bin/zvm"
# shellcheck source=binfmt_handler.sh
source "$source_root/tests/toolchain/binfmt_handler.sh"
register_binfmt_handler "$zvm" zvm-configure-test

rm -rf "$work"
mkdir -p "$work"
cp "$source_root"/tests/toolchain/configure_project/{configure.ac,Makefile.in,main.c} "$work"
cd "$work"
autoconf || { echo "FAIL: autoconf"; exit 1; }

CC="$zvm_root/bin/zcc" ./configure >configure.out 2>&1 ||
  { cat configure.out config.log; echo "FAIL: CC=zcc ./configure without --host"; exit 1; }
cat configure.out
fail() { echo "FAIL: $1"; exit 1; }
grep -qx "checking whether we are cross compiling... no" configure.out ||
  fail "configure thinks it is cross compiling"
grep -qx "checking what a test program writes... long=8 host=zvm" configure.out ||
  fail "the run check's program did not run under zvm or its file did not reach configure"
grep -qx "checking size of long... 8" configure.out || fail "AC_CHECK_SIZEOF(long)"
# Computed by running (AC_COMPUTE_INT's program writes conftest.val, which configure reads),
# not by the compile-only bisection of cross compiling: config.log's section of the check
# shows the program run ("configure:NNN: ./conftest").
sizeof_log=$(awk '/checking size of long/ { p = 1 } p { print } p && /result:/ { exit }' config.log)
grep -q ': ./conftest$' <<<"$sizeof_log" ||
  { echo "$sizeof_log"; fail "AC_CHECK_SIZEOF(long) did not run a program"; }

make >make.log 2>&1 || { cat make.log; fail "make"; }
"$zvm_root/bin/zvalidate" hello.nexe >/dev/null || fail "hello.nexe does not validate"
out_direct=$(./hello.nexe)                # by the kernel, through the handler
out_run=$("$zvm" run hello.nexe)
[ "$out_direct" = "$out_run" ] || fail "./hello.nexe and zvm run hello.nexe differ"
echo "$out_direct"
expect() {
  grep -qxF "$1" <<<"$out_direct" || fail "expected the line '$1'"
}
expect "headers: stdint.h 1, no/such/header.h 0"
expect "functions: snprintf 1, strtold 1, no_such_function_in_zvm 0"
expect "sizeof: long 8, __int128 16; little endian"
expect "cross compiling: no; AC_RUN_IFELSE: ran"
expect "run check wrote: long=8 host=zvm"
expect "cos(0) = 1"
echo "PASS"
