// The standard streams of a served request (runtime/serve/worker.h): stdin reads the
// request's bytes, stdout and stderr append to the reply's buffers. Sequential, like the
// host's stdio channels of `zvm run`, and without host calls.
#pragma once

#include "runtime/channels/channel.h"

#include <memory>
#include <string>

namespace zvm::runtime::serve {

class MemoryChannel final : public Channel {
  public:
    // Channel 0 (/dev/stdin) over `input`, which must outlive the channel.
    static std::unique_ptr<Channel> input(const std::string* input);
    // Channel 1 or 2 (/dev/stdout, /dev/stderr), appending to *sink.
    static std::unique_ptr<Channel> output(int fd, std::string* sink);

    int64_t seek(int64_t offset, int whence) override;
    bool host_stat(struct stat* st) const override;

  protected:
    int64_t read_some(std::span<const iovec> iov, std::optional<uint64_t> pos) override;
    int64_t write_some(std::span<const iovec> iov, std::optional<uint64_t> pos) override;

  private:
    MemoryChannel(ChannelSpec spec, const std::string* input, std::string* sink)
        : Channel(std::move(spec)), input_(input), sink_(sink) {}

    const std::string* input_ = nullptr;
    std::string* sink_ = nullptr;
    size_t position_ = 0; // in *input_
};

} // namespace zvm::runtime::serve
