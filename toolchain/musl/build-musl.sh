#!/usr/bin/env bash
# Builds musl from Debian's source package with zcc and installs it into the zvm sysroot
# (headers in SYSROOT/include; libc.a, the empty libm.a ..., crt1.o in SYSROOT/lib).
#
#   build-musl.sh WORK_DIR ZCC SYSROOT
#
# Cached per build tree, with two stamps:
#   WORK_DIR/src/.zvm-patched   the source was fetched (`apt-get source musl`, Debian's deb-src
#                               entry added by scripts/setup.sh) and patched with
#                               toolchain/musl/*.patch; its content is the patches' hash, so a
#                               changed patch fetches a clean tree again.
#   WORK_DIR/.zvm-built         the sysroot holds musl built by exactly these tools: its content
#                               is the hash of zcc, zvm-as, the patches and this script. When
#                               CMake reruns this script (because zcc or zvm-as were relinked)
#                               and the hash is unchanged, nothing is rebuilt.
# Otherwise the build is redone from scratch, so no object assembled by an older zvm-as
# survives.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(realpath -m "$1")
zcc=$(realpath "$2")
sysroot=$(realpath -m "$3")
jobs=${ZVM_MUSL_JOBS:-2}
zvm_as=$(dirname "$zcc")/zvm-as

mkdir -p "$work"
cd "$work"

patch_hash=$(cat "$here"/*.patch | sha256sum | cut -d' ' -f1)
build_hash=$(cat "$zcc" "$zvm_as" "$here"/*.patch "$0" | sha256sum | cut -d' ' -f1)

if [ -f .zvm-built ] && [ "$(cat .zvm-built)" = "$build_hash" ] &&
   [ -f "$sysroot/lib/libc.a" ] && [ -f "$sysroot/lib/crt1.o" ]; then
  touch "$sysroot/lib/libc.a" "$sysroot/lib/crt1.o" "$sysroot/include/stdio.h"
  echo "build-musl: up to date (same zcc, zvm-as and patches)"
  exit 0
fi
rm -f .zvm-built

if [ ! -f src/.zvm-patched ] || [ "$(cat src/.zvm-patched)" != "$patch_hash" ]; then
  rm -rf fetch src
  mkdir fetch
  if ! (cd fetch && apt-get source --only-source musl >fetch.log 2>&1); then
    cat fetch/fetch.log >&2
    echo "build-musl: 'apt-get source musl' failed; it needs the deb-src entry that" \
         "scripts/setup.sh adds (/etc/apt/sources.list.d/zvm-deb-src.sources)" >&2
    exit 1
  fi
  srcdir=$(find fetch -mindepth 1 -maxdepth 1 -type d -name 'musl-*' | head -n1)
  for p in "$here"/*.patch; do
    patch -d "$srcdir" -p1 --quiet <"$p"
  done
  mv "$srcdir" src
  rm -rf fetch
  echo "$patch_hash" >src/.zvm-patched
fi

rm -rf build
mkdir build
cd build
# -O2 as Debian builds its own musl (musl-gcc's), so that native and sandbox runs compare the
# same code; musl's configure adds its own flags (-ffunction-sections, -fno-unwind-tables ...).
../src/configure --prefix="$sysroot" --target=x86_64-linux-musl --disable-shared \
  CC="$zcc" CFLAGS=-O2 AR=llvm-ar-19 RANLIB=llvm-ranlib-19 >configure.log 2>&1 ||
  { cat configure.log >&2; exit 1; }
make -j"$jobs" >make.log 2>&1 || { grep -E -B2 'error|failed' make.log | tail -40 >&2; exit 1; }
# Install into an empty include/lib: musl's install rules skip files newer than their
# source, so anything left there (an older C library, older musl headers) would survive.
rm -rf "$sysroot/include" "$sysroot/lib/libc.a" "$sysroot/lib/crt1.o" "$sysroot/lib/crti.o" \
  "$sysroot/lib/crtn.o" "$sysroot/lib/Scrt1.o" "$sysroot/lib/rcrt1.o"
make install-headers install-libs >install.log 2>&1 || { cat install.log >&2; exit 1; }
cd ..
# Only the outputs are kept: the objects are not needed once libc.a is installed.
rm -rf build/obj
echo "$build_hash" >.zvm-built
echo "build-musl: installed musl $(cat src/VERSION) into $sysroot"
