// Division by zero at the entry point (0x20000): every register is zero there. SIGFPE.
#include "sandbox.inc"
        .text
        .globl _start
_start:
        div %ecx
        ZEXIT $0
