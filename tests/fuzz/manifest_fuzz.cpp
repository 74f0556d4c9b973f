// Fuzz target of the manifest parser and the channel syntax (runtime/manifest.h,
// runtime/channels/channel_spec.h): any text gives a manifest or an error naming a line.
#include "runtime/channels/channel_spec.h"
#include "runtime/manifest.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace zvm::runtime;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // The input is text.
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    Manifest m;
    std::string error;
    if (parse_manifest(text, &m, &error)) {
        if (m.channels.size() != m.channel_lines.size()) std::abort();
        for (const auto& c : m.channels) {
            if (!c.readable() && !c.writable()) std::abort();
            if (c.alias.empty() || c.alias[0] != '/') std::abort();
        }
    } else if (error.empty() || error.find(':') == std::string::npos) {
        std::abort(); // errors start with the line number
    }
    ChannelSpec spec;
    (void)parse_channel_spec(text, &spec, &error);
    (void)parse_size(text);
    return 0;
}
