#include "runtime/pack_command.h"

#include "runtime/exit_status.h"
#include "runtime/image/image_fs.h"
#include "runtime/manifest.h"
#include "runtime/mapped_file.h"
#include "runtime/zapp.h"
#include "validator/nexe.h"

#include <algorithm>
#include <archive.h>
#include <archive_entry.h>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <sys/stat.h>
#include <unistd.h>

namespace zvm::runtime {
namespace {

namespace fs = std::filesystem;

int fail(int status, const std::string& message) {
    std::fprintf(stderr, "zvm pack: %s\n", message.c_str());
    return status;
}

// Writes members into a pax-restricted archive (plain ustar unless a name needs pax).
class ZappWriter {
  public:
    explicit ZappWriter(const std::string& path) : a_(archive_write_new()) {
        archive_write_set_format_pax_restricted(a_);
        archive_write_set_bytes_in_last_block(a_, 1); // no padding to 10 KiB records
        ok_ = archive_write_open_filename(a_, path.c_str()) == ARCHIVE_OK;
    }
    ~ZappWriter() { archive_write_free(a_); }
    bool ok() const { return ok_; }
    std::string error() const {
        const char* e = archive_error_string(a_);
        return e ? e : "unknown libarchive error";
    }

    bool add(const std::string& name, mode_t type, int perm, std::span<const uint8_t> data,
             const std::string& link = "", int64_t mtime = 0, bool hardlink = false) {
        archive_entry* e = archive_entry_new();
        archive_entry_set_pathname(e, name.c_str());
        if (hardlink) {
            archive_entry_set_filetype(e, AE_IFREG);
            archive_entry_set_perm(e, static_cast<mode_t>(perm));
            archive_entry_set_hardlink(e, link.c_str());
            archive_entry_set_size(e, 0);
        } else {
            archive_entry_set_filetype(e, type);
            archive_entry_set_perm(e, static_cast<mode_t>(perm));
            archive_entry_set_size(e, type == AE_IFREG ? static_cast<la_int64_t>(data.size()) : 0);
            if (type == AE_IFLNK) archive_entry_set_symlink(e, link.c_str());
        }
        archive_entry_set_mtime(e, mtime, 0);
        bool good = archive_write_header(a_, e) == ARCHIVE_OK;
        if (good && !hardlink && type == AE_IFREG && !data.empty())
            good = archive_write_data(a_, data.data(), data.size()) ==
                   static_cast<la_ssize_t>(data.size());
        archive_entry_free(e);
        return good;
    }
    bool close() { return archive_write_close(a_) == ARCHIVE_OK; }

  private:
    archive* a_;
    bool ok_ = false;
};

// Adds the host file or tree at `host` as image member `member` (under image/).
class ImageAdder {
  public:
    explicit ImageAdder(ZappWriter& w) : w_(w) {}
    std::string error;

    bool add(const fs::path& host, const std::string& member) {
        struct stat st {};
        if (lstat(host.c_str(), &st) != 0) {
            error = "cannot read " + host.string() + ": " + std::strerror(errno);
            return false;
        }
        const std::string name = std::string(kZappImage) + "/" + member;
        if (S_ISDIR(st.st_mode)) {
            if (!member.empty() && !w_.add(name, AE_IFDIR, st.st_mode & 07777, {}, "", st.st_mtime))
                return write_failed(name);
            std::vector<fs::path> children;
            std::error_code ec;
            for (const auto& d : fs::directory_iterator(host, ec))
                children.push_back(d.path());
            if (ec) {
                error = "cannot list " + host.string() + ": " + ec.message();
                return false;
            }
            std::sort(children.begin(), children.end()); // reproducible archives
            for (const auto& c : children) {
                if (!add(c, member.empty() ? c.filename().string()
                                           : member + "/" + c.filename().string()))
                    return false;
            }
            return true;
        }
        if (S_ISLNK(st.st_mode)) {
            std::error_code ec;
            const fs::path target = fs::read_symlink(host, ec);
            if (ec) {
                error = "cannot read the link " + host.string() + ": " + ec.message();
                return false;
            }
            return w_.add(name, AE_IFLNK, 0777, {}, target.string(), st.st_mtime) ||
                   write_failed(name);
        }
        if (!S_ISREG(st.st_mode)) {
            error = host.string() + ": only regular files, directories and symbolic links can "
                                    "be packed";
            return false;
        }
        if (st.st_nlink > 1) { // a second name of a file already packed: a hard link
            const auto key = std::make_pair(st.st_dev, st.st_ino);
            const auto it = seen_.find(key);
            if (it != seen_.end())
                return w_.add(name, AE_IFREG, 0, {}, it->second, st.st_mtime, true) ||
                       write_failed(name);
            seen_.emplace(key, name);
        }
        std::string why;
        const auto file = MappedFile::open(host.string(), &why);
        if (!file) {
            error = "cannot read " + host.string() + ": " + why;
            return false;
        }
        return w_.add(name, AE_IFREG, st.st_mode & 07777, file->bytes(), "", st.st_mtime) ||
               write_failed(name);
    }

  private:
    bool write_failed(const std::string& name) {
        error = "cannot write " + name + ": " + w_.error();
        return false;
    }
    ZappWriter& w_;
    std::map<std::pair<dev_t, ino_t>, std::string> seen_;
};

// A FILES... argument as a member path: relative, without "..".
bool member_path(const std::string& arg, std::string* out) {
    if (arg.empty() || arg[0] == '/') return false;
    std::vector<std::string> parts;
    std::string why;
    if (!image::split_member_path(arg, &parts, &why) || parts.empty()) return false;
    out->clear();
    for (const auto& p : parts)
        *out += (out->empty() ? "" : "/") + p;
    return true;
}

} // namespace

int pack_command(const PackOptions& options) {
    std::string error;
    if (!options.dir.empty() && !options.files.empty())
        return fail(exit_status::kRuntimeError, "give either --dir or FILES, not both");

    // The nexe: refused now rather than at every run when the validator rejects it.
    const auto nexe = MappedFile::open(options.nexe, &error);
    if (!nexe) return fail(exit_status::kNotFound, "cannot read " + options.nexe + ": " + error);
    const validator::NexeResult checked = validator::validate_nexe(nexe->bytes());
    if (!checked.valid()) {
        return fail(exit_status::kCannotRun,
                    options.nexe + ": " +
                        (checked.format_error ? "not a nexe: " + *checked.format_error
                                              : std::string("validation failed (zvalidate "
                                                            "lists the violations)")));
    }

    // The manifest: the one given (checked as zvm run will check it), or a generated one.
    std::string manifest_text = "Version = 20130611\nProgram = program.nexe\n";
    std::unique_ptr<MappedFile> manifest_file;
    std::string program = kZappProgram;
    if (!options.manifest.empty()) {
        manifest_file = MappedFile::open(options.manifest, &error);
        if (!manifest_file)
            return fail(exit_status::kNotFound, "cannot read " + options.manifest + ": " + error);
        const auto bytes = manifest_file->bytes();
        // The manifest's bytes are its text.
        manifest_text.assign(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        Manifest m;
        if (!parse_manifest(manifest_text, &m, &error))
            return fail(exit_status::kRuntimeError, options.manifest + ":" + error);
        if (!m.channels.empty() || m.image)
            return fail(exit_status::kRuntimeError,
                        options.manifest + ": a zapp's manifest may not declare Channel or Image "
                                           "(they are given to zvm run)");
        if (m.program && !member_path(*m.program, &program))
            return fail(exit_status::kRuntimeError,
                        options.manifest + ": Program '" + *m.program +
                            "' must be a relative member name without '..'");
        if (program == kZappManifest || program.starts_with(std::string(kZappImage) + "/"))
            return fail(exit_status::kRuntimeError,
                        options.manifest + ": Program '" + program + "' collides with the layout");
    }

    // Written next to the output and renamed: a failed pack leaves no half zapp.
    const std::string temp = options.output + ".tmp" + std::to_string(getpid());
    int status = 0;
    {
        ZappWriter w(temp);
        if (!w.ok())
            return fail(exit_status::kRuntimeError,
                        "cannot create " + options.output + ": " + w.error());
        // The manifest's text as bytes.
        const std::span<const uint8_t> manifest_bytes(
            reinterpret_cast<const uint8_t*>(manifest_text.data()), manifest_text.size());
        ImageAdder image(w);
        if (!w.add(kZappManifest, AE_IFREG, 0644, manifest_bytes) ||
            !w.add(program, AE_IFREG, 0755, nexe->bytes()) ||
            !w.add(kZappImage, AE_IFDIR, 0755, {})) {
            status = fail(exit_status::kRuntimeError,
                          "cannot write " + options.output + ": " + w.error());
        } else if (!options.dir.empty()) {
            if (!image.add(options.dir, "")) status = fail(exit_status::kNotFound, image.error);
        } else {
            for (const auto& f : options.files) {
                std::string member;
                if (!member_path(f, &member)) {
                    status = fail(exit_status::kRuntimeError,
                                  "'" + f +
                                      "': FILES are relative paths without '..' (they keep "
                                      "their path in the image); use --dir for a tree");
                    break;
                }
                if (!image.add(f, member)) {
                    status = fail(exit_status::kNotFound, image.error);
                    break;
                }
            }
        }
        if (status == 0 && !w.close())
            status = fail(exit_status::kRuntimeError,
                          "cannot write " + options.output + ": " + w.error());
    }
    if (status == 0 && std::rename(temp.c_str(), options.output.c_str()) != 0)
        status = fail(exit_status::kRuntimeError,
                      "cannot create " + options.output + ": " + std::strerror(errno));
    if (status != 0) std::remove(temp.c_str());
    return status;
}

} // namespace zvm::runtime
