// Giving an instance its filesystem and channels: the image's tree, every channel's alias
// mounted on it as a device node, descriptors 0-2 open on /dev/stdin, /dev/stdout and
// /dev/stderr (the host's stdio unless a channel with that alias replaces it).
#pragma once

#include "runtime/instance.h"

#include <memory>
#include <string>
#include <vector>

namespace zvm::runtime {

// `channels` in declaration order; a channel whose alias is /dev/stdin, /dev/stdout or
// /dev/stderr replaces the default one. Refuses two channels with one alias and aliases
// that cannot be mounted (setting *error).
bool setup_io(Instance& instance, std::unique_ptr<image::ImageFs> fs,
              std::vector<std::unique_ptr<Channel>> channels, std::string* error);

} // namespace zvm::runtime
