// A channel opened for the sandbox: a host file, device or FIFO named by the manifest or
// the command line (or the host's stdin/stdout/stderr), with ZeroVM's type (which
// directions allow positioned access) and limits (gets, getsize, puts, putsize; past them
// -EDQUOT). The sandbox reaches it through descriptors (runtime/fd_table.h) opened by its
// alias. Network channels (ZeroMQ) will be another implementation of the same calls.
#pragma once

#include "runtime/channels/channel_spec.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <sys/stat.h>
#include <sys/uio.h>

namespace zvm::runtime {

class Channel {
  public:
    // Opens the host side of `spec`: /dev/stdin, /dev/stdout and /dev/stderr name zvm's own
    // descriptors 0-2; any other URI is a host path opened read-only, write-only (created;
    // truncated when writes are sequential) or read-write (created) as the limits allow.
    // Network URIs are refused ("not supported yet"). On failure returns nullptr and sets
    // *error; *not_found tells a missing or unopenable file from a bad URI.
    static std::unique_ptr<Channel> open(const ChannelSpec& spec, std::string* error,
                                         bool* not_found);
    // The default channel of host descriptor 0, 1 or 2, without limits.
    static std::unique_ptr<Channel> host_stdio(int fd);
    ~Channel();
    Channel(const Channel&) = delete;
    Channel& operator=(const Channel&) = delete;

    const ChannelSpec& spec() const { return spec_; }
    bool readable() const { return spec_.readable(); }
    bool writable() const { return spec_.writable(); }

    // One read or write call of the sandbox (one "get" or "put"), into or from checked
    // host buffers. `pos`: positioned (pread/pwrite) at that offset, else at the channel's
    // position (random channels) or the host's stream (sequential). The byte count is cut
    // to the remaining quota; with no quota left, -EDQUOT. Returns bytes or -errno.
    int64_t read(std::span<const iovec> iov, std::optional<uint64_t> pos);
    int64_t write(std::span<const iovec> iov, std::optional<uint64_t> pos);
    // lseek: only on channels with a random direction (else -ESPIPE).
    int64_t seek(int64_t offset, int whence);
    // The host file's status (type and size), for fstat.
    bool host_stat(struct stat* st) const;

    // Accounting, for reports: calls and bytes so far.
    uint64_t gets() const { return gets_; }
    uint64_t bytes_read() const { return bytes_read_; }
    uint64_t puts() const { return puts_; }
    uint64_t bytes_written() const { return bytes_written_; }

  private:
    Channel(ChannelSpec spec, int fd, bool owned)
        : spec_(std::move(spec)), fd_(fd), owned_(owned) {}

    ChannelSpec spec_;
    int fd_;
    bool owned_;            // close fd_ at the end (not zvm's own stdio)
    uint64_t position_ = 0; // random channels' position
    uint64_t gets_ = 0, bytes_read_ = 0, puts_ = 0, bytes_written_ = 0;
};

} // namespace zvm::runtime
