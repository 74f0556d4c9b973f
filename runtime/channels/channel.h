// A channel opened for the sandbox, as a manifest or the command line names it, with
// ZeroVM's type (which directions allow positioned access) and limits (gets, getsize, puts,
// putsize; past them -EDQUOT). The sandbox reaches it through descriptors
// (runtime/fd_table.h) opened by its alias.
//
// Channel is the one interface of all channels; it enforces the direction, the type and
// the limits, counts the calls and bytes, and keeps the etag (SHA-256 of the bytes passed,
// when the spec's etag field is 1) for every implementation:
//   - FileChannel (runtime/channels/file_channel.h): a host file, device or FIFO, or zvm's
//     own stdin/stdout/stderr;
//   - network channels (runtime/channels/network_channel.h): ZeroMQ tcp:// and ipc://
//     (runtime/channels/zmq_channel.h), in zvm-full only.
#pragma once

#include "runtime/channels/channel_spec.h"
#include "runtime/channels/sha256.h"

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
    // Opens the host side of `spec`: a network URI (is_network_uri) through
    // open_network_channel (runtime/channels/network_channel.h), anything else as a
    // FileChannel. `session_timeout` (seconds, 0: none) bounds how long a network writer
    // waits at the end for its reader to take what was written. On failure returns nullptr
    // and sets *error; *not_found tells a missing or unopenable file from a bad URI.
    static std::unique_ptr<Channel> open(const ChannelSpec& spec, std::string* error,
                                         bool* not_found, double session_timeout = 0);
    // The default channel of host descriptor 0, 1 or 2, without limits.
    static std::unique_ptr<Channel> host_stdio(int fd);
    virtual ~Channel();
    Channel(const Channel&) = delete;
    Channel& operator=(const Channel&) = delete;

    const ChannelSpec& spec() const { return spec_; }
    bool readable() const { return spec_.readable(); }
    bool writable() const { return spec_.writable(); }
    // A network channel (its calls count as network I/O in the report).
    virtual bool network() const { return false; }

    // One read or write call of the sandbox (one "get" or "put"), into or from checked
    // host buffers. `pos`: positioned (pread/pwrite) at that offset, else at the channel's
    // position (random channels) or the stream (sequential). The byte count is cut to the
    // remaining quota; with no quota left, -EDQUOT. Returns bytes or -errno.
    int64_t read(std::span<const iovec> iov, std::optional<uint64_t> pos);
    int64_t write(std::span<const iovec> iov, std::optional<uint64_t> pos);
    // lseek: only on channels with a random direction (else -ESPIPE).
    virtual int64_t seek(int64_t offset, int whence) = 0;
    // The host file's status (type and size), for fstat; false when there is none (a
    // network channel): the sandbox then sees a character device of size 0.
    virtual bool host_stat(struct stat* st) const = 0;

    // Accounting, for reports and quotas: calls that moved bytes, and the bytes.
    uint64_t gets() const { return gets_; }
    uint64_t bytes_read() const { return bytes_read_; }
    uint64_t puts() const { return puts_; }
    uint64_t bytes_written() const { return bytes_written_; }
    // Successful read and write calls, including those of zero bytes (the report's count).
    uint64_t read_calls() const { return read_calls_; }
    uint64_t write_calls() const { return write_calls_; }
    // The etag: SHA-256 (hex) of every byte read from and written to the channel, in the
    // order of the calls; nullopt unless the spec's etag field is 1.
    std::optional<std::string> etag() const;

  protected:
    explicit Channel(ChannelSpec spec);
    // The implementation's read and write: `iov` is already cut to the quota and not
    // empty; `pos` only when the direction is random. Return bytes or -errno.
    virtual int64_t read_some(std::span<const iovec> iov, std::optional<uint64_t> pos) = 0;
    virtual int64_t write_some(std::span<const iovec> iov, std::optional<uint64_t> pos) = 0;

  private:
    void add_to_etag(std::span<const iovec> iov, uint64_t bytes);

    ChannelSpec spec_;
    uint64_t gets_ = 0, bytes_read_ = 0, puts_ = 0, bytes_written_ = 0;
    uint64_t read_calls_ = 0, write_calls_ = 0;
    std::optional<Sha256> etag_;
};

// True when one of `channels` is a network channel (its run needs the network calls in the
// seccomp filter: runtime/seccomp.h).
bool any_network(std::span<const std::unique_ptr<Channel>> channels);

} // namespace zvm::runtime
