// Maps 1 MiB blocks (touching each) until mmap fails. Exits with the number of blocks
// if the failure was -ENOMEM, 255 if it was anything else.
#include "sandbox.inc"
        .text
        .globl _start
_start:
        xor %ebx, %ebx          // blocks mapped
2:      mov $9, %eax            // mmap(0, 1 MiB, PROT_READ|PROT_WRITE,
        xor %edi, %edi          //      MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)
        mov $0x100000, %esi
        mov $3, %edx
        mov $0x22, %r10d
        mov $-1, %r8
        xor %r9d, %r9d
        ZSYSCALL
        cmp $-4095, %rax
        jae 3f                  // -errno
        movb $1, (%eax)         // touch it (addr32: inside the sandbox)
        add $1, %ebx
        jmp 2b
3:      cmp $-12, %rax          // -ENOMEM
        jne 4f
        ZEXIT %ebx
4:      ZEXIT $255
