// The sandbox's descriptor table, the one place descriptors live: each open descriptor
// refers to an open file description (shared by dup, with one offset), which is a file
// or directory of the read-only image or a channel.
#pragma once

#include "runtime/channels/channel.h"
#include "runtime/image/image_fs.h"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <sys/uio.h>

namespace zvm::runtime {

inline constexpr int kMaxFds = 64; // descriptors are below this (-EMFILE past it)

struct OpenFile {
    enum class Kind : uint8_t { kFile, kDirectory, kChannel };
    Kind kind = Kind::kFile;
    const image::Node* node = nullptr; // the image node (the device node for a channel)
    Channel* channel = nullptr;        // kChannel
    uint64_t offset = 0;               // kFile: byte offset; kDirectory: next entry's index
    int flags = 0;                     // O_ACCMODE and the status flags open() kept
    // A file of the working directory in exec mode (runtime/channels/cwd_file.h): the open
    // file owns its channel (the host descriptor) and its node, closed with the last
    // descriptor that shares it (shared_ptr: a serve worker's snapshot copies open files;
    // served instances never have these).
    std::shared_ptr<Channel> own_channel;
    std::shared_ptr<image::Node> own_node;

    // read/readv/pread64: into checked host buffers; `pos` for the positioned calls.
    int64_t read(std::span<const iovec> iov, std::optional<uint64_t> pos);
    // write/writev/pwrite64: image files are never writable (opened read-only: -EBADF).
    int64_t write(std::span<const iovec> iov, std::optional<uint64_t> pos);
    int64_t seek(int64_t offset, int whence);
};

class FdTable {
  public:
    // The open file of descriptor fd, or nullptr (-EBADF).
    OpenFile* get(uint64_t fd) const { return fd < kMaxFds ? slots_[fd].file.get() : nullptr; }
    // Installs `file` at the lowest free descriptor >= lowest; -EMFILE when none is free.
    int allocate(std::shared_ptr<OpenFile> file, uint64_t lowest = 0, bool cloexec = false);
    // Installs `file` at fd (closing what was there); -EBADF when fd is out of range.
    int install(uint64_t fd, std::shared_ptr<OpenFile> file, bool cloexec);
    bool full() const;
    int close(uint64_t fd); // 0 or -EBADF
    std::shared_ptr<OpenFile> share(uint64_t fd) const {
        return fd < kMaxFds ? slots_[fd].file : nullptr;
    }
    bool cloexec(uint64_t fd) const { return fd < kMaxFds && slots_[fd].cloexec; }
    void set_cloexec(uint64_t fd, bool on) {
        if (fd < kMaxFds) slots_[fd].cloexec = on;
    }

  private:
    struct Slot {
        std::shared_ptr<OpenFile> file;
        bool cloexec = false;
    };
    std::array<Slot, kMaxFds> slots_;
};

} // namespace zvm::runtime
