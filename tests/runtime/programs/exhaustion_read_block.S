// Reads stdin until end of file, which never comes when the test keeps the pipe open:
// the runtime is blocked in a host read when the session timeout fires.
#include "sandbox.inc"
        .text
        .globl _start
_start:
2:      xor %eax, %eax          // read(0, buf, 16)
        xor %edi, %edi
        lea buf(%rip), %rsi
        mov $16, %edx
        ZSYSCALL
        test %rax, %rax
        jg 2b
        ZEXIT $0

        .data
buf:    .zero 16
