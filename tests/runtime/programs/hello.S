// Writes "hello, sandbox\n" to stdout and exits 0.
#include "sandbox.inc"
        .text
        .globl _start
_start:
        mov $1, %eax            // write
        mov $1, %edi
        lea msg(%rip), %rsi
        mov $len, %edx
        ZSYSCALL
        ZEXIT $0

        .section .rodata
msg:    .ascii "hello, sandbox\n"
        .set len, . - msg
