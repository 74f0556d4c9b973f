# Sourced by the toolchain tests that run configure without --host: registers a binfmt_misc
# handler for nexes (zvm binfmt install, docs/cli.md) under a name unique to this process and
# removes it on every way out (EXIT trap; INT and TERM exit through it). Without root or a
# mounted binfmt_misc it exits 77, which ctest reports as skipped (SKIP_RETURN_CODE).
#
#   register_binfmt_handler ZVM PREFIX
register_binfmt_handler() {
  binfmt_zvm=$1
  binfmt_name="$2-$$"
  local msg status
  set +e
  msg=$("$binfmt_zvm" binfmt status --name "$binfmt_name" 2>&1 >/dev/null)
  status=$?
  set -e
  if [ "$(id -u)" -ne 0 ]; then
    echo "SKIPPED: cannot register a binfmt_misc handler here (not root)"
    exit 77
  fi
  if [ "$status" -eq 3 ]; then
    echo "SKIPPED: cannot register a binfmt_misc handler here ($msg)"
    exit 77
  fi
  [ "$status" -eq 1 ] || { echo "FAIL: zvm binfmt status said $status: $msg"; exit 1; }
  "$binfmt_zvm" binfmt install --name "$binfmt_name" || { echo "FAIL: zvm binfmt install"; exit 1; }
  trap '"$binfmt_zvm" binfmt remove --name "$binfmt_name" >/dev/null || true' EXIT
  trap 'exit 130' INT TERM
}
