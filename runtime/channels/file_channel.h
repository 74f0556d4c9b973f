// The channel of a host file, device or FIFO, or of zvm's own stdin/stdout/stderr
// (runtime/channels/channel.h has the interface, the limits and the accounting).
#pragma once

#include "runtime/channels/channel.h"

namespace zvm::runtime {

class FileChannel final : public Channel {
  public:
    // /dev/stdin, /dev/stdout and /dev/stderr name zvm's own descriptors 0-2; any other
    // URI is a host path opened read-only, write-only (created; truncated when writes are
    // sequential) or read-write (created) as the limits allow. On failure returns nullptr
    // and sets *error; *not_found tells a missing or unopenable file from a bad spec.
    static std::unique_ptr<Channel> open(const ChannelSpec& spec, std::string* error,
                                         bool* not_found);
    // The default channel of host descriptor 0, 1 or 2, without limits.
    static std::unique_ptr<Channel> host_stdio(int fd);
    // The channel of a host descriptor zvm opened itself (runtime/channels/cwd_file.h),
    // closed with the channel.
    static std::unique_ptr<Channel> adopt(ChannelSpec spec, int fd);
    ~FileChannel() override;

    int64_t seek(int64_t offset, int whence) override;
    bool host_stat(struct stat* st) const override;

  private:
    FileChannel(ChannelSpec spec, int fd, bool owned)
        : Channel(std::move(spec)), fd_(fd), owned_(owned) {}
    int64_t read_some(std::span<const iovec> iov, std::optional<uint64_t> pos) override;
    int64_t write_some(std::span<const iovec> iov, std::optional<uint64_t> pos) override;

    int fd_;
    bool owned_;            // close fd_ at the end (not zvm's own stdio)
    uint64_t position_ = 0; // random channels' position
};

} // namespace zvm::runtime
