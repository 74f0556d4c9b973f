// Writes 4 KiB blocks to stdout until a write fails: exits 3 if it failed with
// -EDQUOT (the output quota), 4 otherwise.
#include "sandbox.inc"
        .text
        .globl _start
_start:
2:      mov $1, %eax            // write(1, block, 4096)
        mov $1, %edi
        lea block(%rip), %rsi
        mov $4096, %edx
        ZSYSCALL
        test %rax, %rax
        jns 2b
        cmp $-122, %rax         // -EDQUOT
        jne 3f
        ZEXIT $3
3:      ZEXIT $4

        .data
block:  .fill 4096, 1, 0x78     // "xxx..."
