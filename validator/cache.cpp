#include "validator/cache.h"

#include "validator/decoder.h"
#include "validator/driver.h"

#include <openssl/evp.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <unistd.h>

namespace zvm::validator {

namespace {

constexpr const char* kRelease = "zvm-validator/2";
constexpr const char* kHeader = "zvm-validation-cache 1";

// FNV-1a over the allow-list: every field of every line, names included.
uint64_t table_hash() {
    size_t n = 0;
    const OpEntry* t = opcode_table(&n);
    uint64_t h = 1469598103934665603ULL;
    auto mix = [&h](uint64_t v) {
        for (int i = 0; i < 8; ++i) {
            h ^= (v >> (8 * i)) & 0xFF;
            h *= 1099511628211ULL;
        }
    };
    for (size_t i = 0; i < n; ++i) {
        const OpEntry& e = t[i];
        mix(e.map | e.opcode << 8 | e.pfx << 16 | uint64_t{e.reg} << 24 | uint64_t{e.mod} << 32 |
            uint64_t{e.rm} << 40 | uint64_t(e.imm) << 48 | uint64_t{e.dst} << 56);
        mix(e.size | e.flags << 8 | uint64_t{e.implicit} << 24 | uint64_t(e.kind) << 32);
        for (const char* c = e.name; *c; ++c)
            mix(static_cast<uint8_t>(*c));
    }
    return h;
}

} // namespace

const std::string& validator_version() {
    static const std::string v = [] {
        char buf[64];
        snprintf(buf, sizeof buf, "%s table-%016llx", kRelease,
                 static_cast<unsigned long long>(table_hash()));
        return std::string(buf);
    }();
    return v;
}

std::filesystem::path default_cache_dir() {
    if (const char* d = std::getenv("ZVM_CACHE_DIR"); d && *d) return d;
    if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x)
        return std::filesystem::path(x) / "zvm";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::filesystem::path(home) / ".cache" / "zvm";
    return {};
}

std::string ValidationCache::key(std::span<const uint8_t> nexe) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    const std::string& v = validator_version();
    const bool ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) == 1 &&
                    EVP_DigestUpdate(ctx, v.data(), v.size() + 1) == 1 && // with the NUL
                    EVP_DigestUpdate(ctx, nexe.data(), nexe.size()) == 1 &&
                    EVP_DigestFinal_ex(ctx, md, &len) == 1;
    EVP_MD_CTX_free(ctx);
    if (!ok) return {};
    std::string hex;
    char buf[3];
    for (unsigned i = 0; i < len; ++i) {
        snprintf(buf, sizeof buf, "%02x", md[i]);
        hex += buf;
    }
    return hex;
}

std::optional<bool> ValidationCache::lookup(const std::string& key) const {
    if (key.size() != 64 || dir_.empty()) return std::nullopt;
    std::ifstream in(entry_path(key));
    if (!in) return std::nullopt;
    std::string header, stored_key, version, verdict, extra;
    if (!std::getline(in, header) || header != kHeader) return std::nullopt;
    if (!std::getline(in, stored_key) || stored_key != key) return std::nullopt;
    if (!std::getline(in, version) || version != validator_version()) return std::nullopt;
    if (!std::getline(in, verdict)) return std::nullopt;
    if (std::getline(in, extra)) return std::nullopt; // trailing garbage
    if (verdict == "valid") return true;
    if (verdict == "invalid") return false;
    return std::nullopt;
}

bool ValidationCache::store(const std::string& key, bool valid, std::string* error) const {
    auto fail = [error](const std::string& what) {
        if (error) *error = what;
        return false;
    };
    if (key.size() != 64) return fail("bad cache key");
    if (dir_.empty()) return fail("no cache directory");
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    if (ec) return fail("cannot create " + dir_.string() + ": " + ec.message());
    std::random_device rd;
    const std::filesystem::path tmp =
        dir_ / (key + ".tmp." + std::to_string(getpid()) + "." + std::to_string(rd()));
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << kHeader << "\n"
            << key << "\n"
            << validator_version() << "\n"
            << (valid ? "valid" : "invalid") << "\n";
        out.flush();
        if (!out) {
            std::filesystem::remove(tmp, ec);
            return fail("cannot write " + tmp.string());
        }
    }
    std::filesystem::rename(tmp, entry_path(key), ec);
    if (ec) {
        std::filesystem::remove(tmp, ec);
        return fail("cannot rename into " + entry_path(key).string() + ": " + ec.message());
    }
    return true;
}

NexeResult validate_nexe_cached(std::span<const uint8_t> file,
                                const std::filesystem::path& cache_dir, const Options& options,
                                bool* hit) {
    const ValidationCache cache(cache_dir);
    const std::string key = ValidationCache::key(file);
    if (hit) *hit = false;
    if (!key.empty() && cache.lookup(key) == std::optional<bool>(true)) {
        NexeResult r = read_nexe(file, options, /*validate_text=*/false);
        // The ELF rules are re-checked; a nexe valid before is valid now (same bytes,
        // same validator). Should they disagree, the fresh full result wins.
        if (!r.format_error && r.result.valid()) {
            if (hit) *hit = true;
            return r;
        }
    }
    NexeResult r = validate_nexe(file, options);
    if (!key.empty() && r.valid()) cache.store(key, true);
    return r;
}

} // namespace zvm::validator
