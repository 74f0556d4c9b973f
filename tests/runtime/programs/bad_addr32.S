// A memory access without the 0x67 address-size prefix at 0x20000: fails validation
// (R3), so zvm refuses to run it (status 126).
#include "sandbox.inc"
        .text
        .globl _start
_start:
        movl (%rax), %eax
        ZEXIT $0
