#include "validator/cache.h"

#include "validator/decoder.h"
#include "validator/decoder_impl.h"
#include "validator/driver.h"
#include "validator/sha256.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace zvm::validator {

namespace {

constexpr const char* kRelease = "zvm-validator/2";
constexpr const char* kHeader = "zvm-validation-cache 2";

// A hash of the allow-list: every field of every line, names included, computed at compile
// time (at run time it cost ~50-140 us per start here, as long as validating a hello-world
// nexe). One multiply and shift per word; any change to a field changes the result.
constexpr uint64_t table_hash() {
    uint64_t h = 1469598103934665603ULL;
    auto mix = [&h](uint64_t v) {
        h = (h ^ v) * 0x9E3779B97F4A7C15ULL;
        h ^= h >> 29;
    };
    for (const OpEntry& e : decoder_impl::kTables.entries) {
        mix(e.map | e.opcode << 8 | e.pfx << 16 | uint64_t{e.reg} << 24 | uint64_t{e.mod} << 32 |
            uint64_t{e.rm} << 40 | uint64_t(e.imm) << 48 | uint64_t{e.dst} << 56);
        mix(e.size | e.flags << 8 | uint64_t{e.implicit} << 24 | uint64_t(e.kind) << 32);
        for (const char* c = e.name; *c; ++c)
            mix(static_cast<uint8_t>(*c));
    }
    return h;
}
constexpr uint64_t kTableHash = table_hash();

} // namespace

const std::string& validator_version() {
    static const std::string v = [] {
        char buf[64];
        snprintf(buf, sizeof buf, "%s table-%016llx", kRelease,
                 static_cast<unsigned long long>(kTableHash));
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
    Sha256 h;
    const std::string& v = validator_version();
    h.update(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(v.c_str()),
                                      v.size() + 1)); // with the NUL
    h.update(nexe);
    return h.hex();
}

namespace {

// The whole of a small file, or nothing (missing, unreadable, larger than `limit`).
std::optional<std::string> read_small_file(const std::string& path, size_t limit) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) return std::nullopt;
    std::string text(limit + 1, '\0');
    size_t got = 0;
    while (got < text.size()) {
        const ssize_t n = ::read(fd, text.data() + got, text.size() - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += static_cast<size_t>(n);
    }
    ::close(fd);
    if (got > limit) return std::nullopt;
    text.resize(got);
    return text;
}

// Writes all of `text` to fd (short writes and EINTR retried).
bool write_text(int fd, const std::string& text) {
    size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<size_t>(n);
    }
    return true;
}

// mkdir -p with mode 0700 for the directories it creates (whether `dir` then is a
// directory is private_directory's check).
bool make_directories(const std::string& dir, std::string* error) {
    for (size_t at = 1; at <= dir.size(); ++at) {
        if (at < dir.size() && dir[at] != '/') continue;
        const std::string prefix = dir.substr(0, at);
        if (::mkdir(prefix.c_str(), 0700) != 0 && errno != EEXIST) {
            *error = "cannot create " + prefix + ": " + std::strerror(errno);
            return false;
        }
    }
    return true;
}

// Whether `dir` is a directory that only the user running zvm can write: the cache is
// trusted (whoever can write an entry can make any nexe "valid"). Sets *why otherwise.
bool private_directory(const std::string& dir, std::string* why) {
    struct stat st;
    if (::stat(dir.c_str(), &st) != 0) {
        *why = "cannot use " + dir + ": " + std::strerror(errno);
        return false;
    }
    if (!S_ISDIR(st.st_mode)) {
        *why = dir + " is not a directory";
        return false;
    }
    if (st.st_uid != ::geteuid()) {
        *why = "not trusted: " + dir + " belongs to uid " + std::to_string(st.st_uid) +
               ", not to this user";
        return false;
    }
    if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
        *why = "not trusted: " + dir + " is writable by its group or others";
        return false;
    }
    return true;
}

// The next line of `text` from *at (without its newline); false at the end.
bool next_line(const std::string& text, size_t* at, std::string* line) {
    if (*at >= text.size()) return false;
    const size_t nl = text.find('\n', *at);
    if (nl == std::string::npos) return false; // every line ends with a newline
    *line = text.substr(*at, nl - *at);
    *at = nl + 1;
    return true;
}

} // namespace

std::optional<CachedVerdict> ValidationCache::lookup(const std::string& key) const {
    if (key.size() != 64 || dir_.empty()) return std::nullopt;
    std::string why;
    if (!private_directory(dir_.string(), &why)) return std::nullopt;
    const auto text = read_small_file(entry_path(key).string(), 4096);
    if (!text) return std::nullopt;
    size_t at = 0;
    std::string header, stored_key, version, verdict, isa;
    if (!next_line(*text, &at, &header) || header != kHeader) return std::nullopt;
    if (!next_line(*text, &at, &stored_key) || stored_key != key) return std::nullopt;
    if (!next_line(*text, &at, &version) || version != validator_version()) return std::nullopt;
    if (!next_line(*text, &at, &verdict)) return std::nullopt;
    if (!next_line(*text, &at, &isa)) return std::nullopt;
    if (at != text->size()) return std::nullopt; // trailing garbage
    CachedVerdict v;
    if (verdict == "valid")
        v.valid = true;
    else if (verdict != "invalid")
        return std::nullopt;
    // "isa " and 8 lowercase hex digits.
    if (isa.size() != 12 || isa.compare(0, 4, "isa ") != 0 ||
        isa.find_first_not_of("0123456789abcdef", 4) != std::string::npos)
        return std::nullopt;
    v.isa = static_cast<uint32_t>(std::stoul(isa.substr(4), nullptr, 16));
    return v;
}

bool ValidationCache::store(const std::string& key, const CachedVerdict& verdict,
                            std::string* error) const {
    auto fail = [error](const std::string& what) {
        if (error) *error = what;
        return false;
    };
    if (key.size() != 64) return fail("bad cache key");
    if (dir_.empty()) return fail("no cache directory");
    std::string why;
    if (!make_directories(dir_.string(), &why) || !private_directory(dir_.string(), &why))
        return fail(why);
    char isa[16];
    snprintf(isa, sizeof isa, "isa %08x", verdict.isa);
    const std::string text = std::string(kHeader) + "\n" + key + "\n" + validator_version() + "\n" +
                             (verdict.valid ? "valid" : "invalid") + "\n" + isa + "\n";
    // A name no other writer uses (pid and time; O_EXCL catches the rest), renamed into
    // place once complete.
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    const std::string tmp = entry_path(key).string() + ".tmp." + std::to_string(getpid()) + "." +
                            std::to_string(now.tv_sec) + "." + std::to_string(now.tv_nsec);
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return fail("cannot create " + tmp + ": " + std::strerror(errno));
    const bool written = write_text(fd, text);
    const int saved = errno;
    if (::close(fd) != 0 || !written) {
        ::unlink(tmp.c_str());
        return fail("cannot write " + tmp + ": " + std::strerror(written ? errno : saved));
    }
    if (::rename(tmp.c_str(), entry_path(key).c_str()) != 0) {
        const int e = errno;
        ::unlink(tmp.c_str());
        return fail("cannot rename into " + entry_path(key).string() + ": " + std::strerror(e));
    }
    return true;
}

NexeResult validate_nexe_cached(std::span<const uint8_t> file,
                                const std::filesystem::path& cache_dir, const Options& options,
                                bool* hit) {
    const ValidationCache cache(cache_dir);
    const std::string key = ValidationCache::key(file);
    if (hit) *hit = false;
    const std::optional<CachedVerdict> cached = key.empty() ? std::nullopt : cache.lookup(key);
    if (cached && cached->valid) {
        NexeResult r = read_nexe(file, options, /*validate_text=*/false);
        r.result.isa = cached->isa;
        // The ELF rules are re-checked; a nexe valid before is valid now (same bytes,
        // same validator). Should they disagree, the fresh full result wins.
        if (!r.format_error && r.result.valid()) {
            if (hit) *hit = true;
            return r;
        }
    }
    NexeResult r = validate_nexe(file, options);
    if (!key.empty() && r.valid()) cache.store(key, {true, r.result.isa});
    return r;
}

} // namespace zvm::validator
