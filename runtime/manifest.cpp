#include "runtime/manifest.h"

#include "runtime/text.h"

#include <cmath>
#include <cstdlib>

namespace zvm::runtime {
namespace {

std::vector<std::string_view> split_commas(std::string_view s) {
    std::vector<std::string_view> out;
    for (;;) {
        const size_t comma = s.find(',');
        out.push_back(trim(s.substr(0, comma)));
        if (comma == std::string_view::npos) return out;
        s.remove_prefix(comma + 1);
    }
}

std::optional<double> parse_seconds(std::string_view s) {
    if (s.empty() || s.size() > 32) return std::nullopt;
    for (const char c : s) {
        if ((c < '0' || c > '9') && c != '.') return std::nullopt;
    }
    const std::string text(s);
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size() || !std::isfinite(v) || v <= 0 || v > 1e9)
        return std::nullopt;
    return v;
}

} // namespace

std::optional<uint64_t> parse_size(std::string_view s) {
    if (s.empty()) return std::nullopt;
    uint64_t unit = 1;
    switch (s.back()) {
    case 'K':
    case 'k':
        unit = 1ULL << 10;
        break;
    case 'M':
    case 'm':
        unit = 1ULL << 20;
        break;
    case 'G':
    case 'g':
        unit = 1ULL << 30;
        break;
    default:
        break;
    }
    if (unit != 1) s.remove_suffix(1);
    if (s.empty() || s.size() > 19) return std::nullopt;
    uint64_t v = 0;
    for (const char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + static_cast<uint64_t>(c - '0');
    }
    if (v > (1ULL << 62) / unit) return std::nullopt;
    return v * unit;
}

bool parse_manifest(std::string_view text, Manifest* manifest, std::string* error) {
    Manifest m;
    if (text.size() > kMaxManifestSize) {
        // Its reader may have stopped one byte past the limit: the size beyond is not known.
        *error = strprintf("0: the manifest is larger than %zu bytes", kMaxManifestSize);
        return false;
    }
    int line_no = 0;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos) nl = text.size();
        const std::string_view line = trim(text.substr(pos, nl - pos));
        pos = nl + 1;
        ++line_no;
        auto fail = [&](const std::string& why) {
            *error = strprintf("%d: %s", line_no, why.c_str());
            return false;
        };
        if (line.empty() || line[0] == '#') continue;
        if (line.find('\0') != std::string_view::npos) return fail("the line contains a NUL byte");
        const size_t eq = line.find('=');
        if (eq == std::string_view::npos) return fail("expected 'Key = value'");
        const std::string key(trim(line.substr(0, eq)));
        const std::string_view value = trim(line.substr(eq + 1));
        auto once = [&](bool already) {
            if (already) fail("'" + key + "' given twice");
            return !already;
        };
        if (key.empty()) return fail("expected 'Key = value': the key is empty");
        if (value.empty()) return fail("'" + key + "' has no value");
        if (key == "Version") {
            if (!once(m.version.has_value())) return false;
            m.version = std::string(value);
        } else if (key == "Program") {
            if (!once(m.program.has_value())) return false;
            m.program = std::string(value);
        } else if (key == "Image") {
            if (!once(m.image.has_value())) return false;
            m.image = std::string(value);
        } else if (key == "Timeout") {
            if (!once(m.timeout.has_value())) return false;
            m.timeout = parse_seconds(value);
            if (!m.timeout)
                return fail("Timeout '" + std::string(value) +
                            "' is not a positive number of seconds");
        } else if (key == "Memory") {
            if (!once(m.memory.has_value())) return false;
            const auto parts = split_commas(value);
            if (parts.size() > 2) return fail("Memory is 'bytes, etag-flag'");
            m.memory = parse_size(parts[0]);
            if (!m.memory)
                return fail("Memory '" + std::string(parts[0]) + "' is not a byte count");
            if (parts.size() == 2) {
                if (parts[1] != "0" && parts[1] != "1")
                    return fail("the Memory etag flag is not 0 or 1");
                m.memory_etag = parts[1] == "1";
            }
        } else if (key == "Channel") {
            ChannelSpec spec;
            std::string why;
            if (!parse_channel_spec(value, &spec, &why)) return fail("Channel: " + why);
            m.channels.push_back(std::move(spec));
            m.channel_lines.push_back(line_no);
        } else if (key == "Environment") {
            const auto parts = split_commas(value);
            if (parts.size() % 2 != 0)
                return fail(
                    "Environment is 'name, value[, name, value]...': an odd number of fields");
            for (size_t i = 0; i < parts.size(); i += 2) {
                if (parts[i].empty() || parts[i].find('=') != std::string_view::npos)
                    return fail("Environment: '" + std::string(parts[i]) +
                                "' is not a variable name");
                m.environment.push_back(std::string(parts[i]) + "=" + std::string(parts[i + 1]));
            }
        } else if (key == "Node" || key == "NameServer" || key == "Job" || key == "Broker") {
            // ZeroVM's cluster keys: nothing to do on one host.
        } else {
            return fail("unknown key '" + key + "'");
        }
    }
    *manifest = std::move(m);
    return true;
}

} // namespace zvm::runtime
