// Loops forever: ended by zvm run --timeout.
#include "sandbox.inc"
        .text
        .globl _start
_start:
2:      jmp 2b
