// Calls getpid forever: the session timeout must end it whether it fires in sandbox
// code or while the runtime handles a call.
#include "sandbox.inc"
        .text
        .globl _start
_start:
2:      mov $39, %eax           // getpid
        ZSYSCALL
        jmp 2b
