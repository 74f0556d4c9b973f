// The processor's feature flags as the kernel reads them (/proc/cpuinfo's first "flags"
// line): the independent source tests compare zvm's own CPUID reading with.
#pragma once

#include <fstream>
#include <set>
#include <sstream>
#include <string>

namespace zvm::test {

// Empty when /proc/cpuinfo has no flags line.
inline std::set<std::string> cpuinfo_flags() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("flags", 0) != 0) continue;
        std::istringstream words(line.substr(line.find(':') + 1));
        std::set<std::string> flags;
        for (std::string w; words >> w;)
            flags.insert(w);
        return flags;
    }
    return {};
}

} // namespace zvm::test
