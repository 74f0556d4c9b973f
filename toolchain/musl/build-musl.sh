#!/usr/bin/env bash
# Builds musl from Debian's source package with zcc and installs it into the zvm sysroot
# (headers in SYSROOT/include; libc.a, libm.a ..., crt1.o in SYSROOT/lib).
#
#   build-musl.sh WORK_DIR ZCC SYSROOT
#
# The source is fetched once into WORK_DIR/src with `apt-get source musl` (Debian's deb-src
# entry, added by scripts/setup.sh) and patched with toolchain/musl/*.patch; the build itself is
# redone from scratch each time this runs (CMake reruns it when zcc, zvm-as or a patch change),
# so no object assembled by an older zvm-as survives.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(realpath -m "$1")
zcc=$(realpath "$2")
sysroot=$(realpath -m "$3")
jobs=${ZVM_MUSL_JOBS:-2}

mkdir -p "$work"
cd "$work"
if [ ! -f src/.zvm-patched ]; then
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
  touch src/.zvm-patched
fi

rm -rf build
mkdir build
cd build
../src/configure --prefix="$sysroot" --target=x86_64-linux-musl --disable-shared \
  CC="$zcc" AR=llvm-ar-19 RANLIB=llvm-ranlib-19 >configure.log 2>&1 ||
  { cat configure.log >&2; exit 1; }
make -j"$jobs" >make.log 2>&1 || { grep -E 'error|failed' make.log >&2; exit 1; }
make install-headers install-libs >install.log 2>&1 || { cat install.log >&2; exit 1; }
echo "build-musl: installed musl $(cat ../src/VERSION) into $sysroot"
