// A host file read once, for the runtime to index in place: mapped read-only (regular
// files), or read into memory (pipes, devices, and private copies). The tar image and the zapp are
// served from these bytes for the instance's life: file reads copy from here into the sandbox,
// nothing else copies them.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace zvm::runtime {

class MappedFile {
  public:
    // nullptr with *error (strerror text) when the file cannot be opened or read.
    // `private_copy`: the bytes are read into anonymous memory of their own instead of
    // mapped. A MAP_PRIVATE mapping of a file still shows later writes to the file (until
    // a page is copied on write), so bytes that are validated and then loaded must come
    // from such a copy, or a writer of the file could swap them in between.
    static std::unique_ptr<MappedFile> open(const std::string& path, std::string* error,
                                            bool private_copy = false);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    std::span<const uint8_t> bytes() const { return {data_, size_}; }

  private:
    MappedFile() = default;
    const uint8_t* data_ = nullptr;
    size_t size_ = 0;
    size_t mapped_length_ = 0;  // of the mapping at data_ (the file's or the private copy's)
    std::vector<uint8_t> copy_; // when the file could not be mapped
};

} // namespace zvm::runtime
