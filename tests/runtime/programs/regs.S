// A null call (an unknown number) preserves every register but %rax (the result), %rcx
// and %r11, the flags, the vector registers (ymm0-15) and the red zone; %rcx is zero and
// %r11 the (masked) return address: no host address leaks. Also mxcsr and the x87
// control word. Exits 0 when all holds, else
// the number of the first check that failed.
#include "sandbox.inc"

.macro EXPECT reg, value, case
        movabs \value, %rcx
        cmp %rcx, \reg
        je 2f
        ZEXIT \case
2:
.endm

.macro EXPECT_YMM n, case
        vpcmpeqb 32*\n(%eax), %ymm\n, %ymm\n
        vpmovmskb %ymm\n, %ecx
        cmp $-1, %ecx
        je 2f
        ZEXIT \case
2:
.endm

        .text
        .globl _start
_start:
        lea pattern(%rip), %rax
        vmovdqu 0(%eax), %ymm0
        vmovdqu 32(%eax), %ymm1
        vmovdqu 64(%eax), %ymm2
        vmovdqu 96(%eax), %ymm3
        vmovdqu 128(%eax), %ymm4
        vmovdqu 160(%eax), %ymm5
        vmovdqu 192(%eax), %ymm6
        vmovdqu 224(%eax), %ymm7
        vmovdqu 256(%eax), %ymm8
        vmovdqu 288(%eax), %ymm9
        vmovdqu 320(%eax), %ymm10
        vmovdqu 352(%eax), %ymm11
        vmovdqu 384(%eax), %ymm12
        vmovdqu 416(%eax), %ymm13
        vmovdqu 448(%eax), %ymm14
        vmovdqu 480(%eax), %ymm15
        // Non-default control words: round toward zero in both.
        movl $0x7F80, -16(%esp)
        ldmxcsr -16(%esp)
        movw $0x0F7F, -16(%esp)
        fldcw -16(%esp)
        // The red zone below %rsp.
        movq $0x5a5a5a5a, -8(%esp)
        movq $0x3c3c3c3c, -128(%esp)
        movabs $0x1111111111111111, %rbx
        movabs $0x2222222222222222, %rdx
        movabs $0x3333333333333333, %rsi
        movabs $0x4444444444444444, %rdi
        movabs $0x5555555555555555, %rbp
        movabs $0x8888888888888888, %r8
        movabs $0x9999999999999999, %r9
        movabs $0xaaaaaaaaaaaaaaaa, %r10
        movabs $0xcccccccccccccccc, %r12
        movabs $0xdddddddddddddddd, %r13
        movabs $0xeeeeeeeeeeeeeeee, %r14
        movabs $0xffffffffffffff0f, %r15
        mov $9999, %eax
        stc
        ZSYSCALL
returned:
        jc 3f                   // the carry flag survived
        ZEXIT $30
3:      test %rcx, %rcx
        je 4f
        ZEXIT $31
4:      lea returned(%rip), %rcx
        cmp %rcx, %r11
        je 5f
        ZEXIT $32
5:      cmp $-38, %rax
        je 6f
        ZEXIT $33
6:      EXPECT %rbx, $0x1111111111111111, $3
        EXPECT %rdx, $0x2222222222222222, $4
        EXPECT %rsi, $0x3333333333333333, $5
        EXPECT %rdi, $0x4444444444444444, $6
        EXPECT %rbp, $0x5555555555555555, $7
        EXPECT %r8, $0x8888888888888888, $8
        EXPECT %r9, $0x9999999999999999, $9
        EXPECT %r10, $0xaaaaaaaaaaaaaaaa, $10
        EXPECT %r12, $0xcccccccccccccccc, $12
        EXPECT %r13, $0xdddddddddddddddd, $13
        EXPECT %r14, $0xeeeeeeeeeeeeeeee, $14
        EXPECT %r15, $0xffffffffffffff0f, $15
        cmpq $0x5a5a5a5a, -8(%esp)
        je 7f
        ZEXIT $34
7:      cmpq $0x3c3c3c3c, -128(%esp)
        je 8f
        ZEXIT $35
8:      stmxcsr -16(%esp)
        cmpl $0x7F80, -16(%esp)
        je 9f
        ZEXIT $36
9:      fnstcw -16(%esp)
        cmpw $0x0F7F, -16(%esp)
        je 10f
        ZEXIT $37
10:     lea pattern(%rip), %rax
        EXPECT_YMM 0, $40
        EXPECT_YMM 1, $41
        EXPECT_YMM 2, $42
        EXPECT_YMM 3, $43
        EXPECT_YMM 4, $44
        EXPECT_YMM 5, $45
        EXPECT_YMM 6, $46
        EXPECT_YMM 7, $47
        EXPECT_YMM 8, $48
        EXPECT_YMM 9, $49
        EXPECT_YMM 10, $50
        EXPECT_YMM 11, $51
        EXPECT_YMM 12, $52
        EXPECT_YMM 13, $53
        EXPECT_YMM 14, $54
        EXPECT_YMM 15, $55
        ZEXIT $0

        .section .rodata
        .balign 32
pattern:                        // 16 x 32 distinct bytes
        .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
        .rept 32
        .byte 0x10 + \n * 7
        .endr
        .endr
