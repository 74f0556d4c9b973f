// A 3 GiB bss: zvm run --memory 64M must refuse it before mapping (126), not populate
// 3 GiB of host memory first.
#include "sandbox.inc"
        .text
        .globl _start
_start:
        ZEXIT $0

        .bss
big:    .zero 0xC0000000
