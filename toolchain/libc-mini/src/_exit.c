#include <stdlib.h>
#include <unistd.h>

#include "syscall.h"

_Noreturn void _exit(int status) {
    __syscall1(SYS_exit_group, status);
    for (;;)
        __syscall1(SYS_exit, status);
}

_Noreturn void _Exit(int status) {
    _exit(status);
}
