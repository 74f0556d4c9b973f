#include "runtime/mapped_file.h"

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
    std::unique_ptr<MappedFile> file(new MappedFile);
    struct stat st {};
    if (fstat(fd, &st) != 0) {
        *error = std::strerror(errno);
        ::close(fd);
        return nullptr;
    }
    if (S_ISDIR(st.st_mode)) {
        *error = std::strerror(EISDIR);
        ::close(fd);
        return nullptr;
    }
    if (S_ISREG(st.st_mode) && st.st_size > 0) {
        // The kernel places the mapping top-down near the host's other mappings, far
        // above the sandbox's reservation [64 KiB, 8 GiB).
        void* p = mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
        if (p != MAP_FAILED) {
            ::close(fd);
            file->data_ = static_cast<const uint8_t*>(p);
            file->size_ = static_cast<size_t>(st.st_size);
            file->mapped_ = true;
            return file;
        }
    }
    unsigned char buf[1 << 16];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n == 0) break;
        if (n < 0) {
            if (errno == EINTR) continue;
            *error = std::strerror(errno);
            ::close(fd);
            return nullptr;
        }
        file->copy_.insert(file->copy_.end(), buf, buf + n);
    }
    ::close(fd);
    file->data_ = file->copy_.data();
    file->size_ = file->copy_.size();
    return file;
}

MappedFile::~MappedFile() {
    if (mapped_) munmap(const_cast<uint8_t*>(data_), size_);
}

} // namespace zvm::runtime
