#include "runtime/serve/protocol.h"

#include <cerrno>
#include <cstring>
#include <sys/socket.h>
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
    w.u8(static_cast<uint8_t>(request.reply));
    w.u8(request.lend ? 1 : 0);
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
    w.u64(reply.sent);
    w.u8(reply.all_sent ? 1 : 0);
    w.u8(reply.kept ? 1 : 0);
    w.u8(reply.last ? 1 : 0);
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
    uint8_t reply = 0, lend = 0;
    if (!r.u64(&out->id) || !r.strings(&out->args) || !r.strings(&out->env) ||
        !r.str(&out->input) || !r.u8(&reply) || !r.u8(&lend) || !r.done() ||
        reply > static_cast<uint8_t>(WorkRequest::Reply::kZmtpDelimited) || lend > 1)
        return false;
    out->reply = static_cast<WorkRequest::Reply>(reply);
    out->lend = lend != 0;
    return true;
}

bool decode(std::string_view payload, WorkReply* out) {
    Reader r(payload);
    uint32_t status = 0;
    uint8_t all_sent = 0, kept = 0, last = 0;
    if (!r.u64(&out->id) || !r.u32(&status) || !r.str(&out->output) || !r.str(&out->errors) ||
        !r.str(&out->report) || !r.str(&out->exit_state) || !r.u64(&out->sent) ||
        !r.u8(&all_sent) || all_sent > 1 || !r.u8(&kept) || kept > 1 || !r.u8(&last) || last > 1 ||
        !r.done())
        return false;
    out->status = static_cast<int>(status);
    out->all_sent = all_sent != 0;
    out->kept = kept != 0;
    out->last = last != 0;
    return true;
}

bool decode(std::string_view payload, ReadyMessage* out) {
    Reader r(payload);
    uint8_t ok = 0;
    if (!r.u8(&ok) || !r.str(&out->message) || !r.done()) return false;
    out->ok = ok != 0;
    return true;
}

bool send_frame(int fd, FrameType type, std::string_view payload, int pass) {
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
        ssize_t n;
        if (pass >= 0) {
            // The descriptor rides with the first bytes sent.
            alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
            msghdr message{};
            message.msg_iov = part;
            message.msg_iovlen = static_cast<size_t>(left);
            message.msg_control = control;
            message.msg_controllen = sizeof control;
            cmsghdr* c = CMSG_FIRSTHDR(&message);
            c->cmsg_level = SOL_SOCKET;
            c->cmsg_type = SCM_RIGHTS;
            c->cmsg_len = CMSG_LEN(sizeof(int));
            std::memcpy(CMSG_DATA(c), &pass, sizeof(int));
            n = ::sendmsg(fd, &message, MSG_NOSIGNAL);
            if (n > 0) pass = -1;
        } else {
            n = ::writev(fd, part, left);
        }
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

namespace {

// read(), or with `received` recvmsg() taking the descriptors that came along: the last
// one in *received, the others (and an earlier *received) closed.
ssize_t read_some(int fd, char* buf, size_t size, int* received) {
    if (!received) return ::read(fd, buf, size);
    iovec part{buf, size};
    alignas(cmsghdr) char control[CMSG_SPACE(4 * sizeof(int))];
    msghdr message{};
    message.msg_iov = &part;
    message.msg_iovlen = 1;
    message.msg_control = control;
    message.msg_controllen = sizeof control;
    const ssize_t n = ::recvmsg(fd, &message, MSG_CMSG_CLOEXEC);
    if (n < 0) return n;
    for (cmsghdr* c = CMSG_FIRSTHDR(&message); c; c = CMSG_NXTHDR(&message, c)) {
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
        const size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        for (size_t i = 0; i < count; ++i) {
            int passed;
            std::memcpy(&passed, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
            if (*received >= 0) ::close(*received);
            *received = passed;
        }
    }
    return n;
}

} // namespace

bool recv_frame(int fd, FrameReader& reader, FrameType* type, std::string* payload, int* received) {
    bool broken = false;
    while (!reader.next(type, payload, &broken)) {
        if (broken) return false;
        char buf[65536];
        const ssize_t n = read_some(fd, buf, sizeof buf, received);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        reader.feed(buf, static_cast<size_t>(n));
    }
    return true;
}

} // namespace zvm::runtime::serve
