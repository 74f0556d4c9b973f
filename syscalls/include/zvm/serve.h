/* The sandbox side of serving (docs/serve.md), for programs built with zcc:
 *
 *     #include <zvm/serve.h>
 *     int main(int argc, char **argv) {
 *         load_everything();               // start-up: done once per worker
 *         fflush(NULL);                    // nothing buffered may leak into requests
 *         zvm_snapshot(&argc, &argv);      // under zvm serve: each request resumes here
 *         return answer(argc, argv);       // reads the request's stdin, writes stdout
 *     }
 *
 * Under `zvm serve`, the worker takes its snapshot of the instance at this call (memory,
 * registers, descriptors), and every request then starts from that snapshot: the call
 * returns 1 and sets *argc, *argv and environ to the request's arguments and environment.
 * Under `zvm run` nothing happens: it returns 0 and leaves *argc and *argv alone.
 * On failure (a second call, arguments too large) it returns -1 with errno set.
 */
#ifndef ZVM_SERVE_H
#define ZVM_SERVE_H

/* The call number, outside Linux's range (the runtime's table: syscalls/dispatch.cpp).
 * zvm_snapshot(buf, size): the runtime writes the request's arguments into buf as
 * NUL-terminated strings, an empty string, the environment's strings, an empty string,
 * and returns the bytes written (0 under zvm run; -E2BIG if they do not fit). */
#define ZVM_SYS_snapshot 0x5a56

/* The runtime includes this header for the number only (ZVM_SERVE_NUMBER_ONLY). */
#if !defined(__ASSEMBLER__) && !defined(ZVM_SERVE_NUMBER_ONLY)
#include <errno.h>
#include <unistd.h>

#ifndef ZVM_SNAPSHOT_BUFFER
#define ZVM_SNAPSHOT_BUFFER 65536 /* bytes of arguments and environment per request */
#endif
#ifndef ZVM_SNAPSHOT_MAX_STRINGS
#define ZVM_SNAPSHOT_MAX_STRINGS 1024
#endif

static inline int zvm_snapshot(int *argc, char ***argv) {
    static char buf[ZVM_SNAPSHOT_BUFFER];
    static char *args[ZVM_SNAPSHOT_MAX_STRINGS + 2];
    static char *env[ZVM_SNAPSHOT_MAX_STRINGS + 1];
    extern char **environ;
    long n = syscall(ZVM_SYS_snapshot, buf, sizeof buf);
    if (n <= 0) return (int)n;
    char *p = buf, *end = buf + n;
    int count = 0, envc = 0;
    while (p < end && *p != '\0' && count < ZVM_SNAPSHOT_MAX_STRINGS) {
        args[count++] = p;
        while (p < end && *p != '\0') ++p;
        ++p;
    }
    args[count] = 0;
    ++p; /* the empty string after the arguments */
    while (p < end && *p != '\0' && envc < ZVM_SNAPSHOT_MAX_STRINGS) {
        env[envc++] = p;
        while (p < end && *p != '\0') ++p;
        ++p;
    }
    env[envc] = 0;
    *argc = count;
    *argv = args;
    environ = env;
    return 1;
}
#endif /* !__ASSEMBLER__ && !ZVM_SERVE_NUMBER_ONLY */
#endif /* ZVM_SERVE_H */
