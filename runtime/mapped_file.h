// A host file read once, for the runtime to index in place: mapped read-only (regular
// files), read into memory (pipes, devices), or a part of it copied into memory of its own.
// The tar image and a zapp's image are served from these bytes for the instance's life:
// file reads copy from here into the sandbox, nothing else copies them.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace zvm::runtime {

class MappedFile {
  public:
    // The file at `path` (see from_fd); nullptr with *error (strerror text) when it cannot
    // be opened or read.
    static std::unique_ptr<MappedFile> open(const std::string& path, std::string* error);
    // The open file `fd`: a regular file is mapped read-only (MAP_PRIVATE), anything else is
    // read to its end. A mapping still shows later writes to the file, and a read past the
    // file's new end after it shrank raises SIGBUS: only data whose changes cannot matter
    // (an image's files) may be read from it once the file is no longer trusted to stay.
    static std::unique_ptr<MappedFile> from_fd(int fd, std::string* error);
    // `length` bytes of the open file `fd` from `offset`, read into anonymous memory of
    // their own: what later happens to the file does not change them. Bytes that are
    // validated and then loaded come from such a copy, or a writer of the file could swap
    // them in between. *error when the file ends first (runtime/file_read.h).
    static std::unique_ptr<MappedFile> copy(int fd, uint64_t offset, size_t length,
                                            std::string* error);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    std::span<const uint8_t> bytes() const { return {data_, size_}; }
    // True when bytes() is a mapping of the file itself (from_fd of a regular file).
    bool maps_the_file() const { return maps_the_file_; }

  private:
    MappedFile() = default;
    const uint8_t* data_ = nullptr;
    size_t size_ = 0;
    size_t mapped_length_ = 0; // of the mapping at data_ (the file's or the private copy's)
    bool maps_the_file_ = false;
    std::string copy_; // when the file could not be mapped
};

} // namespace zvm::runtime
