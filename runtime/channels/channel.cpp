#include "runtime/channels/channel.h"

#include "runtime/channels/file_channel.h"
#include "runtime/channels/network_channel.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <vector>

namespace zvm::runtime {
namespace {

// The iovecs cut to at most `limit` bytes in total, and at most IOV_MAX of them.
std::vector<iovec> cut(std::span<const iovec> iov, uint64_t limit) {
    std::vector<iovec> out;
    for (const iovec& v : iov) {
        if (limit == 0 || out.size() == IOV_MAX) break;
        const uint64_t n = std::min<uint64_t>(v.iov_len, limit);
        out.push_back({v.iov_base, n});
        limit -= n;
    }
    return out;
}

uint64_t total(std::span<const iovec> iov) {
    uint64_t n = 0;
    for (const iovec& v : iov)
        n += v.iov_len;
    return n;
}

} // namespace

Channel::Channel(ChannelSpec spec) : spec_(std::move(spec)) {
    if (spec_.etag) etag_.emplace();
}

Channel::~Channel() = default;

std::unique_ptr<Channel> Channel::open(const ChannelSpec& spec, std::string* error, bool* not_found,
                                       double session_timeout) {
    *not_found = false;
    if (is_network_uri(spec.uri)) return open_network_channel(spec, session_timeout, error);
    return FileChannel::open(spec, error, not_found);
}

std::unique_ptr<Channel> Channel::host_stdio(int fd) {
    return FileChannel::host_stdio(fd);
}

bool any_network(std::span<const std::unique_ptr<Channel>> channels) {
    return std::any_of(channels.begin(), channels.end(),
                       [](const auto& c) { return c && c->network(); });
}

std::optional<std::string> Channel::etag() const {
    if (!etag_) return std::nullopt;
    return etag_->hex();
}

void Channel::add_to_etag(std::span<const iovec> iov, uint64_t bytes) {
    for (const iovec& v : iov) {
        if (bytes == 0) break;
        const size_t n = static_cast<size_t>(std::min<uint64_t>(v.iov_len, bytes));
        etag_->update(std::span<const uint8_t>(static_cast<const uint8_t*>(v.iov_base), n));
        bytes -= n;
    }
}

int64_t Channel::read(std::span<const iovec> iov, std::optional<uint64_t> pos) {
    if (!readable()) return -EBADF;
    if (pos && !spec_.random_read()) return -ESPIPE;
    if (total(iov) == 0) {
        ++read_calls_;
        return 0;
    }
    if (gets_ >= spec_.gets || bytes_read_ >= spec_.getsize) return -EDQUOT;
    const std::vector<iovec> v = cut(iov, spec_.getsize - bytes_read_);
    const int64_t n = read_some(v, pos);
    if (n < 0) return n;
    ++gets_;
    ++read_calls_;
    bytes_read_ += static_cast<uint64_t>(n);
    if (etag_) add_to_etag(v, static_cast<uint64_t>(n));
    return n;
}

int64_t Channel::write(std::span<const iovec> iov, std::optional<uint64_t> pos) {
    if (!writable()) return -EBADF;
    if (pos && !spec_.random_write()) return -ESPIPE;
    if (total(iov) == 0) {
        ++write_calls_;
        return 0;
    }
    if (puts_ >= spec_.puts || bytes_written_ >= spec_.putsize) return -EDQUOT;
    const std::vector<iovec> v = cut(iov, spec_.putsize - bytes_written_);
    const int64_t n = write_some(v, pos);
    if (n < 0) return n;
    ++puts_;
    ++write_calls_;
    bytes_written_ += static_cast<uint64_t>(n);
    if (etag_) add_to_etag(v, static_cast<uint64_t>(n));
    return n;
}

} // namespace zvm::runtime
