#include "runtime/image/image_fs.h"

#include "runtime/text.h"

#include <algorithm>
#include <cerrno>
#include <cinttypes>

namespace zvm::runtime::image {

bool split_member_path(std::string_view name, std::vector<std::string>* parts, std::string* why) {
    parts->clear();
    if (name.find('\0') != std::string_view::npos) {
        *why = "the path contains a NUL byte";
        return false;
    }
    if (name.size() >= kPathMax) {
        *why = strprintf("the path is %zu bytes, longer than PATH_MAX", name.size());
        return false;
    }
    size_t pos = 0;
    while (pos <= name.size()) {
        size_t slash = name.find('/', pos);
        if (slash == std::string_view::npos) slash = name.size();
        const std::string_view part = name.substr(pos, slash - pos);
        pos = slash + 1;
        if (part.empty() || part == ".") continue;
        if (part == "..") {
            *why = "the path has a '..' component (it could escape the image)";
            return false;
        }
        if (part.size() > kNameMax) {
            *why = strprintf("a path component is %zu bytes, longer than NAME_MAX", part.size());
            return false;
        }
        parts->emplace_back(part);
    }
    return true;
}

ImageFs::ImageFs() {
    root_ = new_node(Node::Type::kDirectory);
    root_->parent = root_;
    root_->nlink = 2;
}

Node* ImageFs::new_node(Node::Type type) {
    Node& n = nodes_.emplace_back();
    n.type = type;
    n.ino = nodes_.size();
    n.nlink = type == Node::Type::kDirectory ? 2 : 1;
    n.mode = type == Node::Type::kDirectory ? 0755 : type == Node::Type::kSymlink ? 0777 : 0644;
    return &n;
}

Node* ImageFs::make_dirs(const std::vector<std::string>& parts, size_t n, std::string* why) {
    Node* dir = root_;
    for (size_t i = 0; i < n; ++i) {
        const auto it = dir->children.find(parts[i]);
        if (it == dir->children.end()) {
            Node* child = new_node(Node::Type::kDirectory); // implied by a deeper entry
            child->parent = dir;
            child->name = parts[i];
            dir->children.emplace(parts[i], child);
            ++dir->nlink;
            dir = child;
            continue;
        }
        if (!it->second->is_dir()) {
            *why = strprintf("'%s' lies below %s (from tar offset %" PRIu64 ")", parts[i].c_str(),
                             it->second->type == Node::Type::kSymlink ? "a symbolic link"
                                                                      : "a non-directory",
                             it->second->source_offset);
            return nullptr;
        }
        dir = it->second;
    }
    return dir;
}

bool ImageFs::add_tar(std::span<const TarEntry> entries, std::string_view prefix,
                      std::string* error) {
    std::vector<std::string> parts;
    std::vector<std::string> link_parts;
    std::string why;
    for (const TarEntry& e : entries) {
        auto fail = [&](const std::string& reason) {
            *error = strprintf("tar offset %" PRIu64 " (entry '%s'): %s", e.header_offset,
                               e.name.c_str(), reason.c_str());
            return false;
        };
        if (!split_member_path(e.name, &parts, &why)) return fail(why);
        if (!prefix.empty()) {
            if (parts.empty() || parts[0] != prefix) continue; // not part of the image
            parts.erase(parts.begin());
        }
        if (parts.empty()) {
            if (e.type != TarEntry::Type::kDirectory)
                return fail("the image's root must be a directory");
            root_->mode = e.mode;
            root_->mtime = e.mtime;
            continue;
        }
        Node* dir = make_dirs(parts, parts.size() - 1, &why);
        if (dir == nullptr) return fail(why);
        const std::string& name = parts.back();
        const auto it = dir->children.find(name);
        Node* existing = it == dir->children.end() ? nullptr : it->second;
        auto conflict = [&] {
            return fail(
                strprintf("conflicts with the entry of the same path at tar offset %" PRIu64,
                          existing->source_offset));
        };

        switch (e.type) {
        case TarEntry::Type::kDirectory:
            if (existing != nullptr) {
                if (!existing->is_dir()) return conflict();
                existing->mode = e.mode; // an explicit entry after an implied directory
                existing->mtime = e.mtime;
                existing->source_offset = e.header_offset;
                continue;
            }
            break;
        case TarEntry::Type::kFile:
            if (existing != nullptr) {
                const bool same = existing->type == Node::Type::kFile &&
                                  std::ranges::equal(existing->data, e.data);
                if (!same) return conflict();
                continue; // an identical duplicate is harmless
            }
            break;
        case TarEntry::Type::kSymlink:
            if (e.linkname.size() >= kPathMax)
                return fail("the link target is longer than PATH_MAX");
            if (e.linkname.find('\0') != std::string::npos)
                return fail("the link target contains a NUL byte");
            if (existing != nullptr) {
                if (existing->type != Node::Type::kSymlink || existing->target != e.linkname)
                    return conflict();
                continue;
            }
            break;
        case TarEntry::Type::kHardlink: {
            if (!split_member_path(e.linkname, &link_parts, &why))
                return fail("hard link target: " + why);
            if (!prefix.empty()) {
                if (link_parts.empty() || link_parts[0] != prefix)
                    return fail("hard link to '" + e.linkname + "', outside the image");
                link_parts.erase(link_parts.begin());
            }
            const Node* target = root_;
            for (const auto& part : link_parts) {
                const auto found =
                    target->is_dir() ? target->children.find(part) : target->children.end();
                if (found == target->children.end()) {
                    target = nullptr;
                    break;
                }
                target = found->second;
            }
            if (target == nullptr || target->type != Node::Type::kFile)
                return fail("hard link to '" + e.linkname +
                            "', which is not an earlier regular file of the image");
            if (existing == target) continue;
            if (existing != nullptr) return conflict();
            // The tree owns its nodes; a hard link is a second name for the same one.
            Node* shared = const_cast<Node*>(target);
            ++shared->nlink;
            dir->children.emplace(name, shared);
            continue;
        }
        }

        Node* node = new_node(e.type == TarEntry::Type::kDirectory ? Node::Type::kDirectory
                              : e.type == TarEntry::Type::kFile    ? Node::Type::kFile
                                                                   : Node::Type::kSymlink);
        node->mode = e.mode;
        node->mtime = e.mtime;
        node->source_offset = e.header_offset;
        if (node->is_dir()) {
            node->parent = dir;
            node->name = name;
            ++dir->nlink;
        } else if (node->type == Node::Type::kFile) {
            node->data = e.data;
        } else {
            node->target = e.linkname;
        }
        dir->children.emplace(name, node);
    }
    return true;
}

bool ImageFs::add_device(std::string_view alias, uint32_t channel, std::string* error) {
    std::vector<std::string> parts;
    std::string why;
    if (alias.empty() || alias[0] != '/') {
        *error = "the alias '" + std::string(alias) + "' is not an absolute path";
        return false;
    }
    if (!split_member_path(alias, &parts, &why) || parts.empty()) {
        *error = "the alias '" + std::string(alias) + "' is not a valid path" +
                 (why.empty() ? "" : ": " + why);
        return false;
    }
    Node* dir = make_dirs(parts, parts.size() - 1, &why);
    if (dir == nullptr) {
        *error = "cannot mount the alias '" + std::string(alias) + "': " + why;
        return false;
    }
    const auto it = dir->children.find(parts.back());
    if (it != dir->children.end()) {
        if (it->second->is_dir()) {
            if (!it->second->children.empty()) {
                *error = "cannot mount the alias '" + std::string(alias) +
                         "' over a non-empty directory of the image";
                return false;
            }
            --dir->nlink;
        } else if (it->second->type == Node::Type::kFile) {
            --it->second->nlink;
        }
        dir->children.erase(it);
    }
    Node* node = new_node(Node::Type::kDevice);
    node->mode = 0600;
    node->channel = channel;
    dir->children.emplace(parts.back(), node);
    return true;
}

int ImageFs::resolve(const Node* start, std::string_view path, bool follow_last,
                     const Node** out) const {
    if (path.empty()) return -ENOENT;
    if (path.size() >= kPathMax) return -ENAMETOOLONG;
    // Components still to walk, the next on top; views into `path` or into link targets
    // owned by the tree's nodes (which outlive the walk).
    std::vector<std::string_view> todo;
    auto push_components = [&](std::string_view p) {
        size_t end = p.size();
        while (end > 0) {
            const size_t slash = p.rfind('/', end - 1);
            const size_t begin = slash == std::string_view::npos ? 0 : slash + 1;
            if (end > begin) todo.push_back(p.substr(begin, end - begin));
            if (slash == std::string_view::npos) break;
            end = slash;
        }
    };
    const bool trailing_slash = path.back() == '/';
    const Node* cur = path[0] == '/' ? root_ : start;
    push_components(path);
    int links = 0;
    while (!todo.empty()) {
        const std::string_view part = todo.back();
        todo.pop_back();
        if (!cur->is_dir()) return -ENOTDIR;
        if (part.size() > kNameMax) return -ENAMETOOLONG;
        if (part == ".") continue;
        if (part == "..") {
            cur = cur->parent;
            continue;
        }
        const auto it = cur->children.find(part);
        if (it == cur->children.end()) return -ENOENT;
        const Node* next = it->second;
        const bool last = todo.empty();
        if (next->type == Node::Type::kSymlink && (!last || follow_last || trailing_slash)) {
            if (++links > kMaxSymlinks) return -ELOOP;
            if (next->target.empty()) return -ENOENT;
            if (next->target[0] == '/') cur = root_;
            push_components(next->target);
            continue;
        }
        cur = next;
    }
    if (trailing_slash && !cur->is_dir()) return -ENOTDIR;
    *out = cur;
    return 0;
}

std::string ImageFs::path_of(const Node* dir) const {
    if (dir == root_) return "/";
    std::vector<const std::string*> names;
    for (const Node* d = dir; d != root_; d = d->parent)
        names.push_back(&d->name);
    std::string out;
    for (auto it = names.rbegin(); it != names.rend(); ++it)
        out += "/" + **it;
    return out;
}

} // namespace zvm::runtime::image
