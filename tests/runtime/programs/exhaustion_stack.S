// Unbounded recursion: overflows the stack into the guard below it (SIGSEGV).
#include "sandbox.inc"
        .text
        .globl _start
_start:
recurse:
        ZCALL recurse
        ZEXIT $0
