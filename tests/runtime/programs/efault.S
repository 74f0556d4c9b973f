// Bad pointers and descriptors given to write get -EFAULT / -EBADF, never a host fault.
// Exits 0 when every case got the right error, else the number of the failing case.
#include "sandbox.inc"

// write(fd, buf, count) and expect `result`, else exit `case`
.macro CHECK_WRITE fd, buf, count, result, case
        mov $1, %eax
        mov \fd, %edi
        mov \buf, %rsi
        mov \count, %rdx
        ZSYSCALL
        cmp \result, %rax
        je 2f
        ZEXIT \case
2:
.endm

        .text
        .globl _start
_start:
        CHECK_WRITE $1, $0x100, $5, $-14, $1                    // null region
        CHECK_WRITE $1, $-4096, $5, $-14, $2                    // above 4 GiB (a host address)
        CHECK_WRITE $1, $0x80000000, $5, $-14, $3               // unmapped sandbox memory
        lea msg(%rip), %rbx
        CHECK_WRITE $1, %rbx, $0x100000, $-14, $4               // runs off the end of rodata
        CHECK_WRITE $1, $0xFFFFF000, $0x2000, $-14, $5          // crosses 4 GiB
        CHECK_WRITE $5, %rbx, $3, $-9, $6                       // not an open descriptor
        CHECK_WRITE $1, %rbx, $0, $0, $7                        // empty write
        CHECK_WRITE $1, %rbx, $3, $3, $8                        // a good one
        ZEXIT $0

        .section .rodata
msg:    .ascii "ok\n"
