// A write through a null pointer at the entry point (0x20000): every register is zero
// there, so %eax is 0. SIGSEGV.
#include "sandbox.inc"
        .text
        .globl _start
_start:
        movl $1, (%eax)
        ZEXIT $0
