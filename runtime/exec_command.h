// `zvm exec PROG.nexe [ARGS...]` and the binfmt_misc interpreter `zvm-exec` (docs/cli.md):
// run a nexe like a native program. argv[0] as given, the caller's environment, stdin,
// stdout and stderr inherited, exit status the program's (128+N for signal N, as `zvm
// run`), the validation cache used, and, exec mode's one extra, regular files directly in
// the working directory (runtime/channels/cwd_file.h). The run's other settings are `zvm
// run`'s defaults: memory 1 GiB, no timeout, no output quota, seed 0.
#pragma once

namespace zvm::runtime {

// The name that makes zvm (either binary) the binfmt_misc interpreter: argv[0]-dispatch.
inline constexpr const char* kExecInterpreterName = "zvm-exec";

// True when argv[0]'s last component is kExecInterpreterName.
bool invoked_as_exec_interpreter(const char* argv0);

// `zvm exec PROG [ARGS...]`: argv, argc of the whole command line (argv[1] is "exec").
// The program's argv[0] is PROG as written.
int exec_main(int argc, char** argv);

// `zvm-exec PROG ARGV0 [ARGS...]`, as the kernel starts the interpreter of an entry with
// the P flag (zvm binfmt install): PROG is the path the program was executed by, ARGV0
// the argv[0] its caller gave.
int exec_interpreter_main(int argc, char** argv);

} // namespace zvm::runtime
