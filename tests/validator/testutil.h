// Helpers for the validator tests: assembling and linking a nexe at test time.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace zvm::validator::test {

// A fresh directory for this test process's temporary files.
std::filesystem::path scratch_dir();

// Assembles `source` (AT&T, clang-19) and links it with ld.lld-19 using `ldscript`
// (default: tests/validator/nexe.ld) and `extra_ld_flags`. Returns the nexe bytes, or
// nothing with `*error` set.
std::optional<std::vector<uint8_t>> build_nexe(const std::string& source, std::string* error,
                                               const std::string& ldscript = ZVM_TEST_LDSCRIPT,
                                               const std::string& extra_ld_flags = "");

std::vector<uint8_t> read_bytes(const std::filesystem::path& path);

} // namespace zvm::validator::test
