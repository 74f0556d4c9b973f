// A host file read once, for the runtime to index in place: mapped read-only (regular
// files) or read into memory (pipes, devices). The tar image and the zapp are served
// from these bytes for the instance's life: file reads copy from here into the sandbox,
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
    static std::unique_ptr<MappedFile> open(const std::string& path, std::string* error);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    std::span<const uint8_t> bytes() const { return {data_, size_}; }

  private:
    MappedFile() = default;
    const uint8_t* data_ = nullptr;
    size_t size_ = 0;
    bool mapped_ = false;
    std::vector<uint8_t> copy_; // when the file could not be mapped
};

} // namespace zvm::runtime
