// The exit statuses of `zvm run`, defined once (documented in docs/cli.md).
#pragma once

namespace zvm::runtime::exit_status {

// 0-255: the program's own exit code (the low 8 bits of what it passed to exit).
inline constexpr int kSessionTimeout = 124; // the session timeout (--timeout) expired
inline constexpr int kRuntimeError = 125;   // bad command line, or the runtime itself failed
inline constexpr int kCannotRun = 126;      // not a nexe, validation failed, missing CPU features
inline constexpr int kNotFound = 127;       // the program file does not exist or cannot be read
inline constexpr int kSignalBase = 128;     // 128 + N: the untrusted code was killed by signal N

} // namespace zvm::runtime::exit_status
