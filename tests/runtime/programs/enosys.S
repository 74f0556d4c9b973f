// Unknown call numbers get -ENOSYS (-38). Exits 0 when they do, else the failing case.
#include "sandbox.inc"

.macro CHECK_ENOSYS nr, case
        mov \nr, %rax
        ZSYSCALL
        cmp $-38, %rax
        je 2f
        ZEXIT \case
2:
.endm

        .text
        .globl _start
_start:
        CHECK_ENOSYS $9999, $1
        CHECK_ENOSYS $511, $2
        movabs $0x100000001, %rax
        ZSYSCALL
        cmp $-38, %rax
        je 3f
        ZEXIT $3
3:      CHECK_ENOSYS $-1, $4
        CHECK_ENOSYS $59, $5    // execve
        CHECK_ENOSYS $41, $6    // socket
        ZEXIT $0
