// ud2 at the entry point (0x20000): SIGILL.
#include "sandbox.inc"
        .text
        .globl _start
_start:
        ud2
