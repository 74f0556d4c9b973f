#include "runtime/serve/held_state.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace zvm::runtime::serve {
namespace {

constexpr size_t kSize = 4096;
constexpr uint64_t kModeMask = 3;

uint64_t* map_word(int fd, std::string* error) {
    void* page = ::mmap(nullptr, kSize, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (page == MAP_FAILED) {
        *error = std::string("held state: mmap: ") + std::strerror(errno);
        return nullptr;
    }
    return static_cast<uint64_t*>(page);
}

} // namespace

std::optional<HeldState> HeldState::create(std::string* error) {
    const int fd = ::memfd_create("zvm-held-state", MFD_CLOEXEC);
    if (fd < 0) {
        *error = std::string("held state: memfd_create: ") + std::strerror(errno);
        return std::nullopt;
    }
    if (::ftruncate(fd, kSize) != 0) {
        *error = std::string("held state: ftruncate: ") + std::strerror(errno);
        ::close(fd);
        return std::nullopt;
    }
    uint64_t* word = map_word(fd, error);
    if (word == nullptr) {
        ::close(fd);
        return std::nullopt;
    }
    return HeldState(fd, word); // a new memfd reads as zeros: idle
}

std::optional<HeldState> HeldState::attach(int fd, std::string* error) {
    struct stat st {};
    if (::fstat(fd, &st) != 0 || st.st_size < static_cast<off_t>(kSize)) {
        *error = "held state: descriptor " + std::to_string(fd) + " is not the server's page";
        ::close(fd);
        return std::nullopt;
    }
    uint64_t* word = map_word(fd, error);
    ::close(fd);
    if (word == nullptr) return std::nullopt;
    return HeldState(-1, word);
}

HeldState::HeldState(HeldState&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), word_(std::exchange(other.word_, nullptr)) {}

HeldState& HeldState::operator=(HeldState&& other) noexcept {
    if (this != &other) {
        this->~HeldState();
        fd_ = std::exchange(other.fd_, -1);
        word_ = std::exchange(other.word_, nullptr);
    }
    return *this;
}

HeldState::~HeldState() {
    close_fd();
    if (word_ != nullptr) ::munmap(word_, kSize);
}

void HeldState::close_fd() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

void HeldState::set_running(WorkRequest::Reply reply, uint64_t started_ns) {
    std::atomic_ref<uint64_t>(*word_).store(
        (started_ns & ~kModeMask) | static_cast<uint64_t>(reply), std::memory_order_release);
}

void HeldState::set_idle() {
    std::atomic_ref<uint64_t>(*word_).store(0, std::memory_order_release);
}

HeldState::Reading HeldState::read() const {
    const uint64_t word = std::atomic_ref<uint64_t>(*word_).load(std::memory_order_acquire);
    Reading r;
    if (word == 0) return r;
    const uint64_t mode = word & kModeMask;
    if (mode != static_cast<uint64_t>(WorkRequest::Reply::kZmtp) &&
        mode != static_cast<uint64_t>(WorkRequest::Reply::kZmtpDelimited)) {
        r.valid = false;
        return r;
    }
    r.running = true;
    r.reply = static_cast<WorkRequest::Reply>(mode);
    r.started_ns = word & ~kModeMask;
    return r;
}

} // namespace zvm::runtime::serve
