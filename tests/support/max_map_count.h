// The host's vm.max_map_count, for tests whose program splits its mappings until the host
// refuses more: a sandbox of 4 GiB reaches a limit below kSandboxReachableMapCount.
#pragma once

#include <cstdint>
#include <fstream>

namespace zvm::test {

inline constexpr uint64_t kSandboxReachableMapCount = 300000;

// The limit, or 0 when /proc/sys/vm/max_map_count cannot be read.
inline uint64_t host_max_map_count() {
    std::ifstream in("/proc/sys/vm/max_map_count");
    uint64_t limit = 0;
    return in >> limit ? limit : 0;
}

} // namespace zvm::test
