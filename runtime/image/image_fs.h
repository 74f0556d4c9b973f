// The sandbox's read-only filesystem: a tree built from a tar archive's entries (explicit
// and implied directories, regular files whose contents stay in the archive's buffer,
// symbolic links, hard links sharing one node), plus device nodes where the channels'
// aliases are mounted (/dev/stdin, /dev/input, ...).
//
// Path lookup follows Linux: components of at most NAME_MAX bytes, symbolic links
// followed at most kMaxSymlinks times (ELOOP), ENOENT/ENOTDIR as Linux gives them. It
// never leaves the tree: ".." at the root stays at the root and an absolute link target
// starts at the image's root.
#pragma once

#include "runtime/image/tar_reader.h"

#include <cstdint>
#include <deque>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zvm::runtime {
class Channel;
} // namespace zvm::runtime

namespace zvm::runtime::image {

inline constexpr int kMaxSymlinks = 40;  // Linux's MAXSYMLINKS
inline constexpr size_t kNameMax = 255;  // NAME_MAX
inline constexpr size_t kPathMax = 4096; // PATH_MAX, the terminating NUL included

struct Node {
    enum class Type : uint8_t { kDirectory, kFile, kSymlink, kDevice };
    Type type = Type::kDirectory;
    uint32_t mode = 0755; // permission bits
    int64_t mtime = 0;
    uint64_t ino = 0;
    uint32_t nlink = 1;            // hard links to a file; 2 + subdirectories for a directory
    std::span<const uint8_t> data; // kFile: the contents, inside the archive's buffer
    std::string target;            // kSymlink
    uint32_t channel = 0;          // kDevice: index into the instance's channels
    // kDevice outside the tree: a file of the working directory opened in exec mode
    // (runtime/channels/cwd_file.h), whose open file owns this node and the channel.
    const Channel* own_channel = nullptr;
    Node* parent = nullptr;     // kDirectory: the parent (the root's is itself)
    std::string name;           // kDirectory: its name in the parent ("" for the root)
    uint64_t source_offset = 0; // the tar header it came from (for messages)
    std::map<std::string, Node*, std::less<>> children; // kDirectory, sorted by name

    bool is_dir() const { return type == Type::kDirectory; }
};

class ImageFs {
  public:
    ImageFs(); // an empty root directory

    // Adds the entries of a tar archive whose normalised path lies under `prefix` (""
    // for all; "image" for a zapp's image/ folder), with that prefix removed. Refuses,
    // naming the entry and its offset: paths with a ".." component, names too long,
    // entries below a file or a symbolic link, conflicting duplicates, hard links to
    // something that is not an earlier regular file under the prefix.
    bool add_tar(std::span<const TarEntry> entries, std::string_view prefix, std::string* error);

    // Mounts a device node for channel `channel` at absolute path `alias` (creating the
    // directories above it); replaces a file or empty directory already there.
    bool add_device(std::string_view alias, uint32_t channel, std::string* error);

    const Node* root() const { return root_; }

    // Resolves `path` from directory `start` (absolute paths from the root). With
    // follow_last a symbolic link in the last component is followed. Returns 0 and sets
    // *out, or -ENOENT, -ENOTDIR, -ELOOP, -ENAMETOOLONG. An empty path is -ENOENT.
    int resolve(const Node* start, std::string_view path, bool follow_last, const Node** out) const;

    // The absolute path of directory `dir` ("/" for the root).
    std::string path_of(const Node* dir) const;

    size_t node_count() const { return nodes_.size(); }

  private:
    Node* new_node(Node::Type type);
    // The directory for path components [0, n) of `parts`, created (implied) as needed.
    Node* make_dirs(const std::vector<std::string>& parts, size_t n, std::string* why);

    std::deque<Node> nodes_; // stable addresses
    Node* root_;
};

// Splits a tar member name into components: "./a//b/" -> {"a", "b"}. Returns false with
// *why for a ".." component, an over-long name or path, or a NUL byte.
bool split_member_path(std::string_view name, std::vector<std::string>* parts, std::string* why);

} // namespace zvm::runtime::image
