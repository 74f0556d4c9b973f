#include "runtime/serve/worker.h"

#include "runtime/counters.h"
#include "runtime/cpu_features.h"
#include "runtime/exit_status.h"
#include "runtime/faults.h"
#include "runtime/instance.h"
#include "runtime/io_setup.h"
#include "runtime/loader.h"
#include "runtime/report.h"
#include "runtime/run_setup.h"
#include "runtime/seccomp.h"
#include "runtime/serve/held_state.h"
#include "runtime/serve/memory_channel.h"
#include "runtime/serve/memory_snapshot.h"
#include "runtime/serve/protocol.h"
#include "runtime/serve/request_header.h"
#include "runtime/serve/zmtp.h"
#include "runtime/serve/zmtp_reply.h"
#include "runtime/text.h"
#include "runtime/trampoline.h"
#include "runtime/validate_program.h"
#include "validator/nexe.h"

#include <array>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <map>
#include <optional>
#include <poll.h>
#include <sys/uio.h>
#include <unistd.h>

namespace zvm::runtime::serve {
namespace {

// The runtime's part of the snapshot: everything of Instance a request can change,
// besides memory. Descriptors are deep copies (offsets included), with dup sharing kept.
struct InstanceState {
    uint64_t brk_start = 0, brk = 0, mmap_top = 0, stack_size = 0, sigmask = 0;
    DeterministicRandom random;
    VirtualClock clock;
    const image::Node* cwd = nullptr;
    struct Slot {
        int file = -1; // index into files
        bool cloexec = false;
    };
    std::array<Slot, kMaxFds> slots;
    std::vector<OpenFile> files;
    std::vector<int> channel_of; // per file: index into Instance::channels, or -1
};

int channel_index(const Instance& instance, const Channel* channel) {
    for (size_t i = 0; i < instance.channels.size(); ++i)
        if (instance.channels[i].get() == channel) return static_cast<int>(i);
    return -1;
}

InstanceState capture_state(const Instance& instance) {
    InstanceState s;
    s.brk_start = instance.brk_start;
    s.brk = instance.brk;
    s.mmap_top = instance.mmap_top;
    s.stack_size = instance.stack_size;
    s.sigmask = instance.sigmask;
    s.random = instance.random;
    s.clock = instance.clock;
    s.cwd = instance.cwd;
    std::map<const OpenFile*, int> seen;
    for (int fd = 0; fd < kMaxFds; ++fd) {
        const auto file = instance.fds.share(static_cast<uint64_t>(fd));
        if (!file) continue;
        auto [it, fresh] = seen.emplace(file.get(), static_cast<int>(s.files.size()));
        if (fresh) {
            s.files.push_back(*file);
            s.channel_of.push_back(file->channel ? channel_index(instance, file->channel) : -1);
        }
        s.slots[static_cast<size_t>(fd)] = {it->second,
                                            instance.fds.cloexec(static_cast<uint64_t>(fd))};
    }
    return s;
}

void restore_state(Instance& instance, const InstanceState& s) {
    instance.brk_start = s.brk_start;
    instance.brk = s.brk;
    instance.mmap_top = s.mmap_top;
    instance.stack_size = s.stack_size;
    instance.sigmask = s.sigmask;
    instance.random = s.random;
    instance.clock = s.clock;
    instance.cwd = s.cwd;
    std::vector<std::shared_ptr<OpenFile>> files;
    for (size_t i = 0; i < s.files.size(); ++i) {
        auto copy = std::make_shared<OpenFile>(s.files[i]);
        const int c = s.channel_of[i];
        copy->channel = c >= 0 ? instance.channels[static_cast<size_t>(c)].get() : nullptr;
        files.push_back(std::move(copy));
    }
    instance.fds = FdTable{};
    for (int fd = 0; fd < kMaxFds; ++fd) {
        const auto& slot = s.slots[static_cast<size_t>(fd)];
        if (slot.file >= 0)
            instance.fds.install(static_cast<uint64_t>(fd), files[static_cast<size_t>(slot.file)],
                                 slot.cloexec);
    }
}

// The request's arguments and environment for zvm_snapshot's buffer: the strings, each
// NUL-terminated, an empty string after each list.
std::string pack_strings(const std::vector<std::string>& argv,
                         const std::vector<std::string>& env) {
    std::string out;
    for (const auto& a : argv)
        out.append(a).push_back('\0');
    out.push_back('\0');
    for (const auto& e : env)
        out.append(e).push_back('\0');
    out.push_back('\0');
    return out;
}

class Worker {
  public:
    Worker(const WorkerOptions& options, HeldState held_state)
        : options_(options), held_state_(std::move(held_state)) {}

    // Loads the zapp and takes the snapshot. On failure returns the exit status with
    // *message set.
    int start(std::string* message);
    // Answers requests until the server goes away.
    int serve();

  private:
    // How holding a client's connection ended.
    enum class Held { kTook, kGivenBack, kServerGone };

    // Runs `request`, answers it (on *connection, or through the server), tells the
    // server (for a request `held` from a connection the worker holds, only if the reply
    // needs it: held_state.h), and goes back to the snapshot. *connection stays open only
    // if the worker keeps it (WorkReply::kept), else it is -1. False when the worker must
    // end, with *status its exit status (0: the server went away).
    bool answer(const WorkRequest& request, bool held, int* connection, int* status);
    // Holding the client's connection: waits for its next request or the server's recall.
    // kTook: *request is the one whole request for this app that was read, and nothing
    // else (held_state_ says it runs); otherwise the connection is closed here, given back
    // with what was read (kGiveBack) unless the server is gone.
    Held hold(int* connection, WorkRequest* request);
    // Ends holding: gives the connection back with the bytes read from it, or (the server
    // gone or broken) only closes it here.
    Held give_back(int* connection, const std::string& bytes);
    Held drop(int* connection);
    int run_request(const WorkRequest& request, WorkReply* reply);
    int enter_at_entry(const WorkRequest& request, std::string* errors);
    int resume_at_snapshot(const WorkRequest& request);
    void finish_report(int status, const std::string& errors_prefix, WorkReply* reply);

    const WorkerOptions& options_;
    HeldState held_state_; // shared with the server
    PreparedRun prepared_;
    validator::Nexe nexe_;
    std::unique_ptr<SandboxMemory> memory_;
    Instance instance_;
    StartState start_;
    std::vector<std::string> zapp_env_;
    MemorySnapshot memory_snapshot_;
    InstanceState state_snapshot_;
    SandboxContext context_snapshot_{};
    // The current request's streams (the channels point into them).
    std::string input_, output_, errors_;
    FrameReader reader_; // the server's frames
};

int Worker::start(std::string* message) {
    RunOptions run;
    run.program = options_.zapp;
    if (options_.timeout > 0) {
        run.timeout = options_.timeout;
        run.timeout_given = true;
    }
    if (options_.memory > 0) {
        run.memory = options_.memory;
        run.memory_given = true;
    }
    if (const int status = prepare_run(run, &prepared_)) {
        *message = "cannot read the zapp (see the server's log)";
        return status;
    }
    for (const auto& channel : prepared_.channels) {
        if (channel) {
            *message = "channel " + channel->spec().alias +
                       ": a served zapp has only stdin, stdout and stderr (and its image)";
            return exit_status::kRuntimeError;
        }
    }
    const validator::NexeResult checked =
        validate_program(prepared_.nexe, program_cache_dir(run.no_cache, run.cache_dir)).result;
    if (checked.format_error) {
        *message = "not a nexe: " + *checked.format_error;
        return exit_status::kCannotRun;
    }
    if (!checked.result.valid()) {
        *message = strprintf("validation failed (%zu violations; zvm run or zvalidate show them)",
                             checked.result.violations.size());
        return exit_status::kCannotRun;
    }
    if (const std::string lacking = unmet_isa(checked.result.isa); !lacking.empty()) {
        *message = "needs instruction-set extensions this processor lacks: " + lacking;
        return exit_status::kCannotRun;
    }
    nexe_ = checked.nexe;

    std::string error;
    memory_ = SandboxMemory::create(&error);
    if (!memory_) {
        *message = error;
        return exit_status::kRuntimeError;
    }
    instance_.memory = memory_.get();
    instance_.memory_limit = prepared_.memory;
    instance_.io.max_output = options_.max_output;
    // Without `,snapshot` zvm_snapshot does nothing, as under zvm run.
    instance_.serving = options_.snapshot_call;
    if (!setup_io(instance_, std::move(prepared_.fs), {}, &error)) {
        *message = error;
        return exit_status::kRuntimeError;
    }
    // Descriptors 0-2 onto the request's streams (replacing the host's stdio).
    const InstanceState host_stdio = capture_state(instance_);
    instance_.channels[0] = MemoryChannel::input(&input_);
    instance_.channels[1] = MemoryChannel::output(1, &output_);
    instance_.channels[2] = MemoryChannel::output(2, &errors_);
    restore_state(instance_, host_stdio);
    if (!init_context(&count_and_dispatch, &instance_)) {
        *message = "this processor's xsave layout is not supported";
        return exit_status::kCannotRun;
    }
    LoadOptions load;
    load.argv = {options_.name};
    load.envp = prepared_.envp;
    const auto start = load_nexe(instance_, prepared_.nexe, nexe_, load, &error);
    if (!start) {
        *message = "cannot load: " + error;
        return exit_status::kCannotRun;
    }
    start_ = *start;
    watch_image_file(prepared_);
    if (!install_fault_handlers(&error) || !install_seccomp(&error)) {
        *message = error;
        return exit_status::kRuntimeError;
    }

    if (options_.snapshot_call) {
        // The program's own start-up, up to its zvm_snapshot call.
        if (prepared_.timeout > 0 && !arm_session_timeout(prepared_.timeout, &error)) {
            *message = error;
            return exit_status::kRuntimeError;
        }
        const int status = zvm_enter_sandbox(start_.entry, start_.stack_pointer);
        if (prepared_.timeout > 0) disarm_session_timeout();
        if (!instance_.snapshot_call) {
            const Fault fault = last_fault();
            if (fault.signal != 0)
                *message = "start-up: " + fault_report(fault);
            else if (fault.watched_file_shrank)
                *message = "start-up: runtime error: " + image_shrank_error(prepared_);
            else
                *message = strprintf("start-up ended (status %d) before zvm_snapshot", status);
            if (!errors_.empty()) *message += "; its stderr: " + errors_;
            return exit_status::kCannotRun;
        }
        context_snapshot_ = zvm_context;
        instance_.snapshot_taken = true;
    }
    state_snapshot_ = capture_state(instance_);
    if (!memory_snapshot_.capture(*memory_, &error)) {
        *message = error;
        return exit_status::kRuntimeError;
    }
    return 0;
}

int Worker::enter_at_entry(const WorkRequest& request, std::string* errors) {
    LoadOptions load;
    load.argv.push_back(options_.name);
    load.argv.insert(load.argv.end(), request.args.begin(), request.args.end());
    // The request's variables first: getenv takes the first match.
    load.envp = request.env;
    load.envp.insert(load.envp.end(), prepared_.envp.begin(), prepared_.envp.end());
    std::string error;
    const auto sp = rewrite_initial_stack(instance_, prepared_.nexe, nexe_, load, &error);
    if (!sp) {
        *errors += "zvm: " + options_.name + ": " + error + "\n";
        return exit_status::kRuntimeError;
    }
    return zvm_enter_sandbox(start_.entry, *sp);
}

int Worker::resume_at_snapshot(const WorkRequest& request) {
    std::vector<std::string> argv{options_.name};
    argv.insert(argv.end(), request.args.begin(), request.args.end());
    std::vector<std::string> env = request.env;
    env.insert(env.end(), prepared_.envp.begin(), prepared_.envp.end());
    const std::string packed = pack_strings(argv, env);
    const SnapshotCall call = *instance_.snapshot_call;
    int64_t result;
    if (packed.size() > call.size) {
        result = -E2BIG;
    } else if (!memory_->accessible(call.buffer, packed.size(), kProtWrite)) {
        result = -EFAULT;
    } else {
        std::memcpy(reinterpret_cast<void*>(call.buffer), packed.data(), packed.size());
        result = static_cast<int64_t>(packed.size());
    }
    zvm_context = context_snapshot_;
    return zvm_resume_sandbox(result);
}

int Worker::run_request(const WorkRequest& request, WorkReply* reply) {
    input_ = request.input;
    output_.clear();
    errors_.clear();
    // Fresh streams and the snapshot's descriptors, counters, clock and random source.
    instance_.channels[0] = MemoryChannel::input(&input_);
    instance_.channels[1] = MemoryChannel::output(1, &output_);
    instance_.channels[2] = MemoryChannel::output(2, &errors_);
    restore_state(instance_, state_snapshot_);
    instance_.memory_limit = prepared_.memory; // setrlimit(RLIMIT_AS) may have lowered it
    instance_.io = IoCounters{};
    instance_.io.max_output = options_.max_output;
    clear_last_fault();

    std::string setup_errors;
    std::string error;
    if (prepared_.timeout > 0 && !arm_session_timeout(prepared_.timeout, &error)) {
        reply->errors = "zvm: " + options_.name + ": " + error + "\n";
        return exit_status::kRuntimeError;
    }
    const int status = options_.snapshot_call ? resume_at_snapshot(request)
                                              : enter_at_entry(request, &setup_errors);
    if (prepared_.timeout > 0) disarm_session_timeout();
    // The image file is no longer what was mapped: this worker cannot serve it again.
    if (last_fault().watched_file_shrank) instance_.host_failure = image_shrank_error(prepared_);
    finish_report(status, setup_errors, reply);
    return status;
}

// The reply's status, streams and report, as `zvm run` would give them.
void Worker::finish_report(int status, const std::string& setup_errors, WorkReply* reply) {
    reply->last = !instance_.host_failure.empty();
    Report report;
    report.program = options_.name;
    report.validator = ValidatorState::kOk;
    report.io = instance_.io;
    report.status = status;
    std::string end_message;
    const Fault fault = last_fault();
    if (fault.signal != 0) {
        std::string state = fault_report(fault);
        if (fault.host_call >= 0) {
            state += strprintf(": blocked host call %d (%s)", fault.host_call,
                               host_call_name(fault.host_call).c_str());
            report.blocked_host_call = fault.host_call;
        }
        end_message = "zvm: " + options_.name + ": " + state + "\n";
        report.signal = fault.signal;
        report.fault_address = fault.address;
        report.exit_state = state;
    } else if (status == exit_status::kSessionTimeout && session_timed_out()) {
        end_message = "zvm: " + options_.name + ": session timeout\n";
        report.exit_state = "session timeout";
    } else if (!instance_.host_failure.empty()) {
        end_message = "zvm: " + options_.name + ": runtime error: " + instance_.host_failure + "\n";
        report.exit_state = "runtime error: " + instance_.host_failure;
    } else if (!setup_errors.empty()) {
        report.exit_state = "runtime error";
    } else {
        report.return_code = status;
        report.exit_state = instance_.io.quota_exceeded ? "disk quota exceeded" : "ok";
    }
    report.system_seconds = report.user_seconds = report.wall_seconds = 0;
    reply->status = status;
    reply->output = std::move(output_);
    reply->errors = std::move(errors_) + setup_errors + end_message;
    reply->report = format_json(report);
    reply->report.pop_back(); // format_json's '\n': the fronts embed the object as it is
    reply->exit_state = report.exit_state;
}

// Writes what it can of `bytes` to the client's connection `fd` (nonblocking: the server
// made it so). Returns the bytes written; all of them also when the connection failed
// (nothing more can go there; the server sees the failure itself).
uint64_t send_direct(int fd, const std::string& bytes) {
    size_t sent = 0;
    while (sent < bytes.size()) {
        iovec part{const_cast<char*>(bytes.data() + sent), bytes.size() - sent};
        const ssize_t n = ::writev(fd, &part, 1); // SIGPIPE is ignored (worker_main)
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
        if (n <= 0) {
            sent = bytes.size();
            break;
        }
        sent += static_cast<size_t>(n);
    }
    return sent;
}

// A request read from a held connection larger than this goes back to the server.
constexpr size_t kMaxHeldRead = 4 << 20;

bool Worker::answer(const WorkRequest& request, bool held, int* connection, int* status) {
    WorkReply reply;
    reply.id = request.id;
    run_request(request, &reply);
    if (request.reply != WorkRequest::Reply::kServer) {
        // The answer goes to the client straight away; the server gets the rest, if any,
        // and the news.
        std::string bytes;
        zmtp_encode_reply(reply, request.reply == WorkRequest::Reply::kZmtpDelimited, &bytes);
        reply.sent = send_direct(*connection, bytes);
        reply.all_sent = reply.sent == bytes.size();
        if (reply.all_sent) {
            reply.output.clear();
            reply.errors.clear();
            reply.report.clear();
        }
        // A worker that ends after this request (a host failure, below) keeps nothing: the
        // connection goes back to the server with the reply.
        reply.kept = request.lend && reply.all_sent && !reply.last;
    }
    if (!reply.kept && *connection >= 0) {
        ::close(*connection);
        *connection = -1;
    }
    if (held) {
        held_state_.set_idle();
        // A held request whose reply left whole, the connection kept: the server need not
        // know. Otherwise it learns of the request now, and gets what is left of the reply.
        const char mode = static_cast<char>(request.reply);
        if (!reply.kept && !send_frame(options_.fd, FrameType::kTook, std::string_view(&mode, 1))) {
            *status = 0;
            return false;
        }
    }
    if ((!held || !reply.kept) && !send_frame(options_.fd, FrameType::kReply, encode(reply))) {
        *status = 0;
        return false;
    }
    // A host call that failed on the sandbox's behalf may have left its memory unlike the
    // page map: no reset can be trusted, so the worker ends (the server starts another).
    if (reply.last) {
        *status = exit_status::kRuntimeError;
        return false;
    }
    // Back to the snapshot before the next request, off the reply's path.
    std::string error;
    if (!memory_snapshot_.restore(*memory_, &error)) {
        std::fprintf(stderr, "zvm: worker %s: cannot reset: %s\n", options_.name.c_str(),
                     error.c_str());
        *status = exit_status::kRuntimeError;
        return false;
    }
    return true;
}

Worker::Held Worker::give_back(int* connection, const std::string& bytes) {
    if (!send_frame(options_.fd, FrameType::kGiveBack, bytes)) return drop(connection);
    drop(connection);
    return Held::kGivenBack;
}

Worker::Held Worker::drop(int* connection) {
    ::close(*connection);
    *connection = -1;
    return Held::kServerGone;
}

Worker::Held Worker::hold(int* connection, WorkRequest* request) {
    std::string bytes; // read from the connection so far
    // The stream starts at a message boundary, after the handshake.
    ZmtpConnection zmtp = ZmtpConnection::established();
    for (;;) {
        pollfd fds[2] = {{options_.fd, POLLIN, 0}, {*connection, POLLIN, 0}};
        if (reader_.empty() && ::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            return give_back(connection, bytes);
        }
        if (!reader_.empty() || fds[0].revents) {
            // The server sends nothing but kRecall to a worker holding a connection; anything
            // else means it is broken: the worker ends (and the server closes the connection).
            FrameType type;
            std::string payload;
            if (!recv_frame(options_.fd, reader_, &type, &payload) || type != FrameType::kRecall)
                return drop(connection);
            return give_back(connection, bytes);
        }
        if (!fds[1].revents) continue;
        bool more = true; // the client has not closed, nor the connection failed
        const size_t before = bytes.size();
        char buffer[65536];
        for (;;) {
            const ssize_t n = ::read(*connection, buffer, sizeof buffer);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
            if (n <= 0) {
                more = false;
                break;
            }
            bytes.append(buffer, static_cast<size_t>(n));
            if (bytes.size() > kMaxHeldRead) return give_back(connection, bytes);
            if (static_cast<size_t>(n) < sizeof buffer) break; // most likely all there is
        }
        if (!more || !zmtp.feed(std::string_view(bytes).substr(before)) || !zmtp.output().empty() ||
            zmtp.messages().size() > 1)
            return give_back(connection, bytes);
        if (zmtp.messages().empty()) continue; // the rest of the request is on its way
        if (!zmtp.at_message_boundary()) return give_back(connection, bytes);
        ParsedRequest parsed;
        std::string error;
        if (!parse_request(std::move(zmtp.messages()[0]), &parsed, &error) ||
            parsed.app != options_.name)
            return give_back(connection, bytes);
        *request = std::move(parsed.request);
        request->id = 0;
        request->reply = parsed.direct_reply();
        request->lend = true;
        held_state_.set_running(request->reply, monotonic_ns());
        return Held::kTook;
    }
}

int Worker::serve() {
    FrameType type;
    std::string payload;
    int received = -1; // the client's connection, when the server passed it with the request
    while (recv_frame(options_.fd, reader_, &type, &payload, &received)) {
        if (type == FrameType::kRecall) continue; // for a connection already given back
        WorkRequest request;
        if (type != FrameType::kRequest || !decode(payload, &request) ||
            (request.reply != WorkRequest::Reply::kServer && received < 0)) {
            std::fprintf(stderr, "zvm: worker %s: malformed frame from the server\n",
                         options_.name.c_str());
            return exit_status::kRuntimeError;
        }
        int connection = -1;
        if (request.reply != WorkRequest::Reply::kServer)
            connection = received;
        else if (received >= 0)
            ::close(received);
        received = -1;
        // The request, and while the worker holds the connection, the requests it takes.
        for (bool taken = false;; taken = true) {
            int status = 0;
            if (!answer(request, taken, &connection, &status)) return status;
            if (connection < 0) break;
            const Held held = hold(&connection, &request);
            if (held == Held::kServerGone) return 0;
            if (held == Held::kGivenBack) break;
        }
    }
    return 0;
}

} // namespace

int worker_main(const WorkerOptions& options) {
    // A client gone before its reply must not end the worker (send_direct).
    std::signal(SIGPIPE, SIG_IGN);
    std::string message;
    std::optional<HeldState> held_state = HeldState::attach(options.held_state_fd, &message);
    if (!held_state) {
        send_frame(options.fd, FrameType::kReady, encode(ReadyMessage{false, message}));
        return exit_status::kRuntimeError;
    }
    Worker worker(options, std::move(*held_state));
    const int status = worker.start(&message);
    ReadyMessage ready{status == 0, message};
    if (!send_frame(options.fd, FrameType::kReady, encode(ready)) || status != 0) return status;
    return worker.serve();
}

} // namespace zvm::runtime::serve
