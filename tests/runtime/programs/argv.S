// Writes each argv[i] followed by a newline, then exits with argc.
#include "sandbox.inc"
        .text
        .globl _start
_start:
        movl (%esp), %r12d      // argc
        lea 8(%rsp), %r13       // &argv[0]
        xor %r14d, %r14d        // i
2:      cmp %r12d, %r14d
        jae 9f
        mov (%r13d,%r14d,8), %rsi
        xor %edx, %edx
3:      cmpb $0, (%esi,%edx)    // strlen
        je 4f
        inc %edx
        jmp 3b
4:      mov $1, %eax
        mov $1, %edi
        ZSYSCALL
        mov $1, %eax
        mov $1, %edi
        lea newline(%rip), %rsi
        mov $1, %edx
        ZSYSCALL
        inc %r14d
        jmp 2b
9:      ZEXIT %r12d

        .section .rodata
newline: .ascii "\n"
