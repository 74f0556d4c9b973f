#include "runtime/channels/cwd_file.h"

#include "runtime/channels/file_channel.h"

#include <cerrno>
#include <climits>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace zvm::runtime {

bool is_cwd_file_name(std::string_view name) {
    return !name.empty() && name != "." && name != ".." && name.size() <= NAME_MAX &&
           name.find('/') == std::string_view::npos && name.find('\0') == std::string_view::npos;
}

std::unique_ptr<Channel> open_cwd_file(int dir_fd, std::string_view name, int flags, mode_t mode,
                                       int* err) {
    const int access = flags & O_ACCMODE;
    if (!is_cwd_file_name(name) || access == O_ACCMODE || (flags & (O_DIRECTORY | O_PATH)) ||
        (flags & O_TMPFILE) == O_TMPFILE) {
        *err = -EACCES;
        return nullptr;
    }
    // Never follow a link, never block on a FIFO, never take a terminal; the descriptor is
    // zvm's own (close-on-exec). These four bits are what the seccomp rule requires too.
    const int host_flags = access | (flags & (O_CREAT | O_EXCL | O_TRUNC | O_APPEND)) | O_NOFOLLOW |
                           O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
    const std::string path(name);
    const int fd = ::openat(dir_fd, path.c_str(), host_flags, mode & 0777);
    if (fd < 0) {
        // ELOOP: a symbolic link; ENXIO: a FIFO without a reader, a socket or a device.
        *err = errno == ELOOP || errno == ENXIO ? -EACCES : -errno;
        return nullptr;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        *err = -EACCES;
        return nullptr;
    }
    ChannelSpec spec;
    spec.uri = path;
    spec.alias = path;
    const bool append = (flags & O_APPEND) != 0;
    spec.type = append ? ChannelType::kRandomRead : ChannelType::kRandom;
    if (access != O_WRONLY) spec.gets = spec.getsize = kUnlimited;
    if (access != O_RDONLY) spec.puts = spec.putsize = kUnlimited;
    return FileChannel::adopt(std::move(spec), fd);
}

} // namespace zvm::runtime
