// Prints "dividing\n", then divides by zero at the label `divide` (SIGFPE).
#include "sandbox.inc"
        .text
        .globl _start
_start:
        mov $1, %eax            // write(1, msg, len)
        mov $1, %edi
        lea msg(%rip), %rsi
        mov $len, %edx
        ZSYSCALL
        xor %ecx, %ecx
        mov $7, %eax
        xor %edx, %edx
        .p2align 5              // divide lands at 0x20040 (the test checks it)
        .globl divide
divide: div %ecx
        ZEXIT $0

        .section .rodata
msg:    .ascii "dividing\n"
        .set len, . - msg
