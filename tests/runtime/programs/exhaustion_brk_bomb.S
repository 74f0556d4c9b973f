// Grows the heap with brk by 1 MiB steps (touching the last byte) until brk refuses
// (returns the old break). Exits with the number of steps that succeeded.
#include "sandbox.inc"
        .text
        .globl _start
_start:
        mov $12, %eax           // brk(0): the current break
        xor %edi, %edi
        ZSYSCALL
        mov %rax, %r12          // the break
        xor %ebx, %ebx          // steps
2:      lea 0x100000(%r12), %rdi
        mov %rdi, %r13
        mov $12, %eax
        ZSYSCALL
        cmp %r13, %rax
        jne 3f                  // refused
        movb $1, -1(%eax)       // touch the new last byte
        mov %r13, %r12
        add $1, %ebx
        jmp 2b
3:      ZEXIT %ebx
