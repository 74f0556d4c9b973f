// Running the sub-steps (clang, zvm-as, ld.lld) and the temporary directory they share.
#pragma once

#include <string>
#include <vector>

namespace zvm::zcc {

// Runs argv[0] (searched in PATH) with argv and waits. Returns its exit status, 128+signal if
// it was killed, or 127 if it could not be started (with a message on stderr).
int run(const std::vector<std::string>& argv, bool verbose);

// A private temporary directory, removed with its contents on destruction unless kept.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    // A fresh path in the directory whose name ends like `stem`.
    std::string file(const std::string& stem);
    const std::string& path() const { return path_; }
    void keep() { keep_ = true; }

  private:
    std::string path_;
    int counter_ = 0;
    bool keep_ = false;
};

// The directory holding the running executable (from /proc/self/exe).
std::string selfDirectory();

} // namespace zvm::zcc
