// dup(1) until it fails: exits 0 if it failed with -EMFILE after at least one success,
// 1 if it never succeeded, 2 if it failed otherwise.
#include "sandbox.inc"
        .text
        .globl _start
_start:
        xor %ebx, %ebx          // successful dups
2:      mov $32, %eax           // dup(1)
        mov $1, %edi
        ZSYSCALL
        test %rax, %rax
        js 3f
        add $1, %ebx
        jmp 2b
3:      test %ebx, %ebx
        jz 4f
        cmp $-24, %rax          // -EMFILE
        jne 5f
        ZEXIT $0
4:      ZEXIT $1
5:      ZEXIT $2
