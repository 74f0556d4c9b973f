#!/usr/bin/env bash
# A real autoconf project, GNU hello from Debian's source package (fetched once into the build
# tree, as the Lua and SQLite examples are), built the plain way: `CC=zcc ./configure && make &&
# make check`, with a binfmt_misc handler for nexes registered for the run (binfmt_handler.sh;
# skipped, 77, where that is impossible). configure runs its gnulib test programs under zvm
# exec; the result must be a nexe that validates and greets.
#
#   gnu_hello_test.sh ZVM_ROOT(build tree) SOURCE_ROOT WORK_DIR
set -euo pipefail
zvm_root=$1
source_root=$2
work=$3
zvm="$zvm_root/bin/zvm"
# shellcheck source=binfmt_handler.sh
source "$source_root/tests/toolchain/binfmt_handler.sh"
register_binfmt_handler "$zvm" zvm-gnu-hello-test
fail() { echo "FAIL: $1"; exit 1; }

src="$work-src"
"$source_root/toolchain/fetch-debian-source.sh" hello "$src" || fail "fetching Debian's hello"
rm -rf "$work"
cp -a "$src" "$work" # -a: keeps the timestamps, so make does not rerun autotools
rm -f "$work/.zvm-fetched"
cd "$work"

CC="$zvm_root/bin/zcc" ./configure >configure.out 2>&1 ||
  { tail -50 config.log; fail "CC=zcc ./configure"; }
grep -qx "checking whether we are cross compiling... no" configure.out ||
  fail "configure thinks it is cross compiling"
make >make.out 2>&1 || { tail -50 make.out; fail "make"; }
"$zvm_root/bin/zvalidate" hello >/dev/null || fail "hello is not a valid nexe"
[ "$(./hello)" = "Hello, world!" ] || fail "./hello"
[ "$("$zvm" run hello -- -g 'from zvm')" = "from zvm" ] || fail "zvm run hello -g"
make check >check.out 2>&1 || { cat check.out; fail "make check"; }
grep -E "^(# )?PASS:? *[1-9]" check.out || true
echo "PASS"
