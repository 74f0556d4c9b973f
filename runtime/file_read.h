// Reading a given range of an open file, all of it or not at all.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace zvm::runtime {

// Reads exactly `length` bytes of `fd` at `offset` into `to` (pread, retried on EINTR and
// short reads). False with *error when a read fails (its strerror text) or the file ends
// first ("the file ends before byte M", M = offset + length: it shrank since its size was
// taken).
bool pread_exactly(int fd, uint64_t offset, uint8_t* to, size_t length, std::string* error);

// Reads `fd` (any kind of file) to its end, or to `limit` bytes, into *out. False with
// *error (strerror text) when a read fails.
bool read_up_to(int fd, size_t limit, std::string* out, std::string* error);

} // namespace zvm::runtime
