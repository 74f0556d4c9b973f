// NOT a valid nexe: executes a raw `syscall` for openat("/etc/passwd"). Only
// zvm-unsafe-novalidate --skip-validation-for-tests runs it; the seccomp filter must
// stop the call (SIGSYS, report "blocked host call 257 (openat)"). Exits 0 if the call
// returned, which the test counts as a failure.
#include "sandbox.inc"
        .text
        .globl _start
_start:
        mov $257, %eax          // openat
        mov $-100, %edi         // AT_FDCWD
        lea path(%rip), %rsi
        xor %edx, %edx          // O_RDONLY
        syscall
        ZEXIT $0

        .section .rodata
path:   .asciz "/etc/passwd"
