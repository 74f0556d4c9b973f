#include "runtime/io_setup.h"

#include <algorithm>
#include <fcntl.h>
#include <set>

namespace zvm::runtime {

bool setup_io(Instance& instance, std::unique_ptr<image::ImageFs> fs,
              std::vector<std::unique_ptr<Channel>> channels, std::string* error) {
    static const char* const kStdio[3] = {"/dev/stdin", "/dev/stdout", "/dev/stderr"};
    std::vector<std::unique_ptr<Channel>> all;
    for (int fd = 0; fd < 3; ++fd) {
        auto it = std::find_if(channels.begin(), channels.end(),
                               [&](const auto& c) { return c && c->spec().alias == kStdio[fd]; });
        all.push_back(it != channels.end() ? std::move(*it) : Channel::host_stdio(fd));
    }
    std::set<std::string> aliases(kStdio, kStdio + 3);
    for (auto& c : channels) {
        if (!c) continue;
        if (!aliases.insert(c->spec().alias).second) {
            *error = "two channels have the alias '" + c->spec().alias + "'";
            return false;
        }
        all.push_back(std::move(c));
    }
    for (size_t i = 0; i < all.size(); ++i) {
        if (!fs->add_device(all[i]->spec().alias, static_cast<uint32_t>(i), error)) return false;
    }
    instance.fs = std::move(fs);
    instance.channels = std::move(all);
    instance.cwd = instance.fs->root();
    instance.fds = FdTable{};
    for (int fd = 0; fd < 3; ++fd) {
        const image::Node* node = nullptr;
        instance.fs->resolve(instance.cwd, kStdio[fd], true, &node);
        auto file = std::make_shared<OpenFile>();
        file->kind = OpenFile::Kind::kChannel;
        file->node = node;
        file->channel = instance.channels[fd].get();
        const bool r = file->channel->readable(), w = file->channel->writable();
        file->flags = r && w ? O_RDWR : r ? O_RDONLY : O_WRONLY;
        instance.fds.install(fd, std::move(file), false);
    }
    return true;
}

Instance::Instance() {
    std::string error;
    setup_io(*this, std::make_unique<image::ImageFs>(), {}, &error); // cannot fail
}

Instance::~Instance() = default;

} // namespace zvm::runtime
