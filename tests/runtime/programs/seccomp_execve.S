// NOT a valid nexe: executes a raw `syscall` for execve("/bin/sh", NULL, NULL). Only
// zvm-unsafe-novalidate --skip-validation-for-tests runs it; the seccomp filter must
// stop the call (SIGSYS, report "blocked host call 59 (execve)").
#include "sandbox.inc"
        .text
        .globl _start
_start:
        mov $59, %eax           // execve
        lea path(%rip), %rdi
        xor %esi, %esi
        xor %edx, %edx
        syscall
        ZEXIT $0

        .section .rodata
path:   .asciz "/bin/sh"
