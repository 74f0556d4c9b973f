// The trampoline benchmark's sandbox side: 2^21 getppid calls through the trampoline,
// then exit_group(0). Obeys docs/sfi-model.md (validated by the benchmark before it runs).
        .bundle_align_mode 5
        .text
        .globl _start
_start:
        mov $(1 << 21), %ebx
2:      mov $110, %eax          // getppid
        .bundle_lock align_to_end
        lea 1f(%rip), %r11
        jmp 0x10000
        .bundle_unlock
1:      dec %ebx
        jnz 2b
        mov $231, %eax          // exit_group(0)
        xor %edi, %edi
        .bundle_lock align_to_end
        lea 1f(%rip), %r11
        jmp 0x10000
        .bundle_unlock
1:      hlt
