// hlt at the entry point (0x20000): a privileged instruction, SIGSEGV.
#include "sandbox.inc"
        .text
        .globl _start
_start:
        hlt
