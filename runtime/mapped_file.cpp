#include "runtime/mapped_file.h"

#include "runtime/file_read.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace zvm::runtime {

std::unique_ptr<MappedFile> MappedFile::open(const std::string& path, std::string* error) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *error = std::strerror(errno);
        return nullptr;
    }
    auto file = from_fd(fd, error);
    ::close(fd);
    return file;
}

std::unique_ptr<MappedFile> MappedFile::from_fd(int fd, std::string* error) {
    struct stat st {};
    if (fstat(fd, &st) != 0) {
        *error = std::strerror(errno);
        return nullptr;
    }
    if (S_ISDIR(st.st_mode)) {
        *error = std::strerror(EISDIR);
        return nullptr;
    }
    std::unique_ptr<MappedFile> file(new MappedFile);
    if (S_ISREG(st.st_mode) && st.st_size > 0) {
        // The kernel places the mapping top-down near the host's other mappings, far
        // above the sandbox's reservation [64 KiB, 8 GiB).
        const auto size = static_cast<size_t>(st.st_size);
        void* p = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p != MAP_FAILED) {
            file->data_ = static_cast<const uint8_t*>(p);
            file->size_ = file->mapped_length_ = size;
            file->maps_the_file_ = true;
            return file;
        }
    }
    if (!read_up_to(fd, SIZE_MAX, &file->copy_, error)) return nullptr;
    // The bytes read are kept as a string's chars.
    file->data_ = reinterpret_cast<const uint8_t*>(file->copy_.data());
    file->size_ = file->copy_.size();
    return file;
}

std::unique_ptr<MappedFile> MappedFile::copy(int fd, uint64_t offset, size_t length,
                                             std::string* error) {
    std::unique_ptr<MappedFile> file(new MappedFile);
    if (length == 0) return file;
    // Populated: the reads then fill the pages without a page fault each (~10 µs here).
    void* p = mmap(nullptr, length, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if (p == MAP_FAILED) {
        *error = std::strerror(errno);
        return nullptr;
    }
    file->data_ = static_cast<const uint8_t*>(p);
    file->size_ = file->mapped_length_ = length;
    if (!pread_exactly(fd, offset, static_cast<uint8_t*>(p), length, error))
        return nullptr; // the destructor unmaps the copy
    return file;
}

MappedFile::~MappedFile() {
    if (mapped_length_ != 0) munmap(const_cast<uint8_t*>(data_), mapped_length_);
}

} // namespace zvm::runtime
