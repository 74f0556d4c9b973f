#include <errno.h>

#include "syscall.h"

int errno;

long __syscall_ret(long r) {
    if (r < 0 && r > -4096) {
        errno = (int)-r;
        return -1;
    }
    return r;
}
