// NOT a valid nexe: a raw `syscall` for write(1, "raw\n", 4). write is on the runtime's
// allow-list, but not from a sandbox address: the instruction-pointer filter must stop
// it (report "blocked host call 1 (write)"), and "raw" must not appear.
#include "sandbox.inc"
        .text
        .globl _start
_start:
        mov $1, %eax            // write
        mov $1, %edi
        lea msg(%rip), %rsi
        mov $4, %edx
        syscall
        ZEXIT $0

        .section .rodata
msg:    .ascii "raw\n"
