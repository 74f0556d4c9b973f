// Writes 4 KiB blocks to stdout forever, ignoring errors: only the session timeout ends
// it; the output quota bounds what reaches stdout.
#include "sandbox.inc"
        .text
        .globl _start
_start:
2:      mov $1, %eax            // write(1, block, 4096)
        mov $1, %edi
        lea block(%rip), %rsi
        mov $4096, %edx
        ZSYSCALL
        jmp 2b

        .data
block:  .fill 4096, 1, 0x79     // "yyy..."
