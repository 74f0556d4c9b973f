#include "runtime/serve/protocol.h"

#include <cerrno>
#include <cstring>
#include <sys/uio.h>
#include <unistd.h>

namespace zvm::runtime::serve {
namespace {

class Writer {
  public:
    void u8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
    void u32(uint32_t v) { raw(&v, sizeof v); }
    void u64(uint64_t v) { raw(&v, sizeof v); }
    void str(std::string_view s) {
        u32(static_cast<uint32_t>(s.size()));
        out_.append(s);
    }
    void strings(const std::vector<std::string>& v) {
        u32(static_cast<uint32_t>(v.size()));
        for (const auto& s : v)
            str(s);
    }
    std::string take() { return std::move(out_); }

  private:
    void raw(const void* p, size_t n) { out_.append(static_cast<const char*>(p), n); }
    std::string out_;
};

class Reader {
  public:
    explicit Reader(std::string_view in) : in_(in) {}
    bool u8(uint8_t* v) { return raw(v, 1); }
    bool u32(uint32_t* v) { return raw(v, sizeof *v); }
    bool u64(uint64_t* v) { return raw(v, sizeof *v); }
    bool str(std::string* s) {
        uint32_t n = 0;
        if (!u32(&n) || n > in_.size() - pos_) return false;
        s->assign(in_.substr(pos_, n));
        pos_ += n;
        return true;
    }
    bool strings(std::vector<std::string>* v) {
        uint32_t n = 0;
        // Each string takes at least its 4-byte length: a count beyond that is corrupt.
        if (!u32(&n) || n > (in_.size() - pos_) / 4) return false;
        v->resize(n);
        for (auto& s : *v)
            if (!str(&s)) return false;
        return true;
    }
    bool done() const { return pos_ == in_.size(); }

  private:
    bool raw(void* p, size_t n) {
        if (n > in_.size() - pos_) return false;
        std::memcpy(p, in_.data() + pos_, n);
        pos_ += n;
        return true;
    }
    std::string_view in_;
    size_t pos_ = 0;
};

} // namespace

std::string encode(const WorkRequest& request) {
    Writer w;
    w.u64(request.id);
    w.strings(request.args);
    w.strings(request.env);
    w.str(request.input);
    return w.take();
}

std::string encode(const WorkReply& reply) {
    Writer w;
    w.u64(reply.id);
    w.u32(static_cast<uint32_t>(reply.status));
    w.str(reply.output);
    w.str(reply.errors);
    w.str(reply.report);
    w.str(reply.exit_state);
    return w.take();
}

std::string encode(const ReadyMessage& ready) {
    Writer w;
    w.u8(ready.ok ? 1 : 0);
    w.str(ready.message);
    return w.take();
}

bool decode(std::string_view payload, WorkRequest* out) {
    Reader r(payload);
    return r.u64(&out->id) && r.strings(&out->args) && r.strings(&out->env) && r.str(&out->input) &&
           r.done();
}

bool decode(std::string_view payload, WorkReply* out) {
    Reader r(payload);
    uint32_t status = 0;
    if (!r.u64(&out->id) || !r.u32(&status) || !r.str(&out->output) || !r.str(&out->errors) ||
        !r.str(&out->report) || !r.str(&out->exit_state) || !r.done())
        return false;
    out->status = static_cast<int>(status);
    return true;
}

bool decode(std::string_view payload, ReadyMessage* out) {
    Reader r(payload);
    uint8_t ok = 0;
    if (!r.u8(&ok) || !r.str(&out->message) || !r.done()) return false;
    out->ok = ok != 0;
    return true;
}

bool send_frame(int fd, FrameType type, std::string_view payload) {
    if (payload.size() > kMaxFrame) {
        errno = EMSGSIZE;
        return false;
    }
    char header[5];
    const auto size = static_cast<uint32_t>(payload.size());
    std::memcpy(header, &size, 4);
    header[4] = static_cast<char>(type);
    // One writev for header and payload: two writes would wake the reader twice.
    iovec parts[2] = {{header, 5}, {const_cast<char*>(payload.data()), payload.size()}};
    iovec* part = parts;
    int left = payload.empty() ? 1 : 2;
    while (left > 0) {
        const ssize_t n = ::writev(fd, part, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        size_t done = static_cast<size_t>(n);
        while (left > 0 && done >= part->iov_len) {
            done -= part->iov_len;
            ++part;
            --left;
        }
        if (left > 0) {
            part->iov_base = static_cast<char*>(part->iov_base) + done;
            part->iov_len -= done;
        }
    }
    return true;
}

bool FrameReader::next(FrameType* type, std::string* payload, bool* broken) {
    *broken = false;
    const size_t avail = buffer_.size() - consumed_;
    if (avail < 5) return false;
    uint32_t size = 0;
    std::memcpy(&size, buffer_.data() + consumed_, 4);
    if (size > kMaxFrame) {
        *broken = true;
        return false;
    }
    if (avail - 5 < size) return false;
    *type = static_cast<FrameType>(buffer_[consumed_ + 4]);
    payload->assign(buffer_, consumed_ + 5, size);
    consumed_ += 5 + size;
    if (consumed_ == buffer_.size()) {
        buffer_.clear();
        consumed_ = 0;
    }
    return true;
}

bool recv_frame(int fd, FrameReader& reader, FrameType* type, std::string* payload) {
    bool broken = false;
    while (!reader.next(type, payload, &broken)) {
        if (broken) return false;
        char buf[65536];
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        reader.feed(buf, static_cast<size_t>(n));
    }
    return true;
}

} // namespace zvm::runtime::serve
