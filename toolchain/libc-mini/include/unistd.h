/* Phase 1 mini C library (replaced by musl in Phase 2). */
#ifndef _UNISTD_H
#define _UNISTD_H

#include <stddef.h>

typedef long ssize_t;

#define STDIN_FILENO 0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

ssize_t write(int fd, const void* buf, size_t count);
_Noreturn void _exit(int status);

#endif
