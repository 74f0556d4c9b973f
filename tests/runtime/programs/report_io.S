// For the report's accounting: reads stdin until end of file (4-byte reads), writes
// "ab" and "cde" to stdout and "f\n" to stderr, then exits 7.
#include "sandbox.inc"
        .text
        .globl _start
_start:
2:      xor %eax, %eax          // read(0, buf, 4)
        xor %edi, %edi
        lea buf(%rip), %rsi
        mov $4, %edx
        ZSYSCALL
        test %rax, %rax
        jg 2b
        mov $1, %eax            // write(1, "ab", 2)
        mov $1, %edi
        lea msg(%rip), %rsi
        mov $2, %edx
        ZSYSCALL
        mov $1, %eax            // write(1, "cde", 3)
        mov $1, %edi
        lea msg+2(%rip), %rsi
        mov $3, %edx
        ZSYSCALL
        mov $1, %eax            // write(2, "f\n", 2)
        mov $2, %edi
        lea msg+5(%rip), %rsi
        mov $2, %edx
        ZSYSCALL
        ZEXIT $7

        .section .rodata
msg:    .ascii "abcdef\n"
        .data
buf:    .zero 16
