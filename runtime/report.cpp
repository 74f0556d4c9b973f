#include "runtime/report.h"

#include "runtime/json_text.h"
#include "runtime/text.h"

#include <algorithm>
#include <cerrno>
#include <cinttypes>
#include <cstdlib>
#include <ctime>
#include <map>
#include <sys/resource.h>
#include <unistd.h>

namespace zvm::runtime {

namespace {

// The etags line: "disabled" when no channel asked for one.
std::string etags_line(const Report& r) {
    if (r.etags.empty()) return "disabled";
    std::string line;
    for (const auto& [alias, digest] : r.etags)
        line += (line.empty() ? "" : " ") + alias + " " + digest;
    return line;
}

} // namespace

std::string format_text(const Report& r) {
    std::string out;
    out += strprintf("%d\n", static_cast<int>(r.validator));
    out += "0\n"; // daemon flag: zvm run never becomes a daemon
    out += strprintf("%d\n", r.return_code.value_or(-1));
    out += etags_line(r) + "\n";
    out += strprintf("%.3f %.3f %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64
                     " %" PRIu64 " %" PRIu64 " %" PRIu64 "\n",
                     r.system_seconds, r.user_seconds, r.io.reads, r.io.bytes_read, r.io.writes,
                     r.io.bytes_written, r.network.reads, r.network.bytes_read, r.network.writes,
                     r.network.bytes_written);
    out += r.exit_state + "\n";
    return out;
}

void add_channel_facts(Report& r, std::span<const std::unique_ptr<Channel>> channels) {
    for (const auto& c : channels) {
        if (!c) continue;
        if (const auto digest = c->etag()) r.etags.emplace_back(c->spec().alias, *digest);
        if (!c->network()) continue;
        // The dispatcher counted these calls with all the others (runtime/counters.h).
        const auto move = [](uint64_t n, uint64_t& local, uint64_t& network) {
            network += n;
            local -= std::min(local, n);
        };
        move(c->read_calls(), r.io.reads, r.network.reads);
        move(c->bytes_read(), r.io.bytes_read, r.network.bytes_read);
        move(c->write_calls(), r.io.writes, r.network.writes);
        move(c->bytes_written(), r.io.bytes_written, r.network.bytes_written);
    }
}

std::string format_json(const Report& r) {
    // Written field by field (no document tree: zvm serve writes one per request), the
    // names in alphabetical order, objects' too.
    std::string j;
    j.reserve(640);
    const auto field = [&j](const char* name) {
        j += j.back() == '{' ? "\"" : ",\"";
        j += name;
        j += "\":";
    };
    // value: one of append_json_number's types; an empty optional is null.
    const auto number = [&](const char* name, auto value) {
        field(name);
        append_json_number(value, &j);
    };
    const auto optional = [&](const char* name, const auto& value) {
        field(name);
        if (value)
            append_json_number(*value, &j);
        else
            j += "null";
    };
    const auto text = [&](const char* name, const std::string& value) {
        field(name);
        append_json_string(value, &j);
    };
    j += '{';
    field("accounting");
    j += '{';
    number("local_bytes_read", r.io.bytes_read);
    number("local_bytes_written", r.io.bytes_written);
    number("local_reads", r.io.reads);
    number("local_writes", r.io.writes);
    number("network_bytes_read", r.network.bytes_read);
    number("network_bytes_written", r.network.bytes_written);
    number("network_reads", r.network.reads);
    number("network_writes", r.network.writes);
    number("system_time_s", r.system_seconds);
    number("user_time_s", r.user_seconds);
    number("wall_time_s", r.wall_seconds);
    j += '}';
    optional("blocked_host_call", r.blocked_host_call);
    field("channel_etags");
    // By alias; an alias given twice keeps its last digest.
    std::map<std::string_view, std::string_view> etags;
    for (const auto& [alias, digest] : r.etags)
        etags[alias] = digest;
    j += '{';
    for (const auto& [alias, digest] : etags) {
        if (j.back() != '{') j += ',';
        append_json_string(alias, &j);
        j += ':';
        append_json_string(digest, &j);
    }
    j += '}';
    number("daemon", uint64_t{0});
    text("etags", etags_line(r));
    text("exit_state", r.exit_state);
    optional("fault_address", r.fault_address);
    text("program", r.program);
    field("quota_exceeded");
    j += r.io.quota_exceeded ? "true" : "false";
    optional("return_code", r.return_code);
    optional("signal", r.signal != 0 ? std::optional<int>(r.signal) : std::nullopt);
    number("status", r.status);
    number("validator", static_cast<int>(r.validator));
    j += "}\n";
    return j;
}

uint64_t monotonic_ns() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<uint64_t>(ts.tv_sec) * 1000000000ULL + static_cast<uint64_t>(ts.tv_nsec);
}

StartupTrace::StartupTrace() {
    const char* env = std::getenv("ZVM_TRACE_STARTUP");
    enabled_ = env != nullptr && env[0] != '\0' && env[0] != '0';
    start_ns_ = last_ns_ = monotonic_ns();
}

void StartupTrace::mark(const char* phase) {
    if (!enabled_ || count_ == kMaxPhases) return;
    const uint64_t now = monotonic_ns();
    names_[count_] = phase;
    spans_ns_[count_++] = now - last_ns_;
    last_ns_ = now;
}

void StartupTrace::finish() {
    if (!enabled_) return;
    std::string line = "zvm: startup (us):";
    for (int i = 0; i < count_; ++i)
        line += strprintf(" %s %.1f", names_[i], static_cast<double>(spans_ns_[i]) / 1e3);
    line += strprintf(" total %.1f\n", static_cast<double>(monotonic_ns() - start_ns_) / 1e3);
    write_all(STDERR_FILENO, line);
}

void measure_times(Report& r, uint64_t start_ns) {
    rusage ru{};
    if (getrusage(RUSAGE_SELF, &ru) == 0) {
        r.user_seconds = static_cast<double>(ru.ru_utime.tv_sec) + ru.ru_utime.tv_usec / 1e6;
        r.system_seconds = static_cast<double>(ru.ru_stime.tv_sec) + ru.ru_stime.tv_usec / 1e6;
    }
    r.wall_seconds = static_cast<double>(monotonic_ns() - start_ns) / 1e9;
}

bool write_all(int fd, const std::string& text) {
    size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        done += static_cast<size_t>(n);
    }
    return true;
}

} // namespace zvm::runtime
