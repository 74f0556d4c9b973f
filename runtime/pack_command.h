// `zvm pack -o APP.zapp --nexe PROG.nexe [--manifest M] [--dir DIR | FILES...]`: builds a
// zapp (docs/zapp.md) with libarchive. Returns 0, or the exit status of
// runtime/exit_status.h (docs/cli.md).
#pragma once

#include <string>
#include <vector>

namespace zvm::runtime {

struct PackOptions {
    std::string output;             // -o APP.zapp
    std::string nexe;               // --nexe PROG.nexe
    std::string manifest;           // --manifest M: stored as the zapp's manifest
    std::string dir;                // --dir DIR: DIR's tree becomes the image
    std::vector<std::string> files; // FILES...: each at its relative path in the image
};

int pack_command(const PackOptions& options);

} // namespace zvm::runtime
