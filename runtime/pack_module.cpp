// zvm_pack.so (runtime/lazy_module.h): `zvm pack` and libarchive, loaded by zvm only for
// that subcommand.
#include "runtime/pack_command.h"

extern "C" __attribute__((visibility("default"))) int
zvm_pack_command(const zvm::runtime::PackOptions* options) {
    return zvm::runtime::pack_command(*options);
}
