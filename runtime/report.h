// The report of one `zvm run` (docs/cli.md, "Reports"): ZeroVM's six lines
// (`--report text`) or the same facts as named JSON fields (`--report json`).
#pragma once

#include "runtime/channels/channel.h"
#include "runtime/counters.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace zvm::runtime {

enum class ReportFormat { kNone, kText, kJson };

// ZeroVM's validator states.
enum class ValidatorState : int { kOk = 0, kFailed = 1, kNotRun = 2 };

struct Report {
    std::string program; // the nexe's path
    ValidatorState validator = ValidatorState::kNotRun;
    std::optional<int> return_code; // what the program passed to exit
    // (alias, SHA-256 in hex) of each channel whose etag field is 1, in the channels'
    // order: the digest of every byte the program read from and wrote to it.
    std::vector<std::pair<std::string, std::string>> etags;
    double system_seconds = 0; // this process's CPU time
    double user_seconds = 0;
    double wall_seconds = 0; // from zvm's start to the report
    IoCounters io;           // all reads and writes (add_channel_facts: the local ones)
    IoCounters network;      // reads and writes of network channels (add_channel_facts)
    std::string exit_state;  // "ok", "session timeout", ...
    int status = 0;          // zvm's own exit status
    int signal = 0;          // the signal that ended the program
    std::optional<uint64_t> fault_address; // where, in the sandbox
    std::optional<int> blocked_host_call;  // SIGSYS from seccomp: the call
};

// The six lines, each ending in '\n':
//   validator state; daemon flag (0); return code (-1 when the program did not exit);
//   etags ("disabled", or "ALIAS SHA256 ALIAS SHA256 ..."); "SYS USER READS BYTES_READ
//   WRITES BYTES_WRITTEN NREADS NBYTES_READ NWRITES NBYTES_WRITTEN"; exit state.
std::string format_text(const Report& report);

// What the channels add once the program ended (report.io already set): their etags,
// and the calls and bytes of network channels, moved from report.io to report.network.
void add_channel_facts(Report& report, std::span<const std::unique_ptr<Channel>> channels);

// One JSON object (and '\n') with the same facts under names (docs/cli.md).
std::string format_json(const Report& report);

// Fills in the CPU times and the wall time since `start_ns` (CLOCK_MONOTONIC).
void measure_times(Report& report, uint64_t start_ns);

// CLOCK_MONOTONIC in nanoseconds.
uint64_t monotonic_ns();

// Where `zvm run`'s start-up time goes: with ZVM_TRACE_STARTUP=1 in the environment,
// finish() prints one line to stderr, the microseconds of each phase marked since
// construction and the total up to the first sandbox instruction, e.g.
//   zvm: startup (us): read 31 validate 12 reserve 9 map 48 seccomp 70 total 170
class StartupTrace {
  public:
    StartupTrace();
    uint64_t start_ns() const { return start_ns_; }
    void mark(const char* phase); // the phase that just ended
    void finish();                // prints, if enabled

  private:
    static constexpr int kMaxPhases = 12;
    bool enabled_ = false;
    uint64_t start_ns_ = 0;
    uint64_t last_ns_ = 0;
    int count_ = 0;
    const char* names_[kMaxPhases] = {};
    uint64_t spans_ns_[kMaxPhases] = {};
};

// Writes all of `text` to descriptor fd (retrying short writes and EINTR).
bool write_all(int fd, const std::string& text);

} // namespace zvm::runtime
