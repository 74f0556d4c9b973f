// The host side of the trampoline: see runtime/trampoline.h for the convention and
// docs/sfi-model.md for the model. Every step carries the reason it is sound.
#include "runtime/trampoline.h"

// Byte offsets of the saved sandbox registers in zvm_context (hardware order).
#define G_RAX (ZVM_CTX_GPR + 0)
#define G_RCX (ZVM_CTX_GPR + 8)
#define G_RDX (ZVM_CTX_GPR + 16)
#define G_RBX (ZVM_CTX_GPR + 24)
#define G_RSP (ZVM_CTX_GPR + 32)
#define G_RBP (ZVM_CTX_GPR + 40)
#define G_RSI (ZVM_CTX_GPR + 48)
#define G_RDI (ZVM_CTX_GPR + 56)
#define G_R8 (ZVM_CTX_GPR + 64)
#define G_R9 (ZVM_CTX_GPR + 72)
#define G_R10 (ZVM_CTX_GPR + 80)
#define G_R11 (ZVM_CTX_GPR + 88)
#define G_R12 (ZVM_CTX_GPR + 96)
#define G_R13 (ZVM_CTX_GPR + 104)
#define G_R14 (ZVM_CTX_GPR + 112)
#define G_R15 (ZVM_CTX_GPR + 120)

// The one context of this process (runtime/trampoline.h). Hidden: it is reached
// rip-relative from this file and never exported.
        .bss
        .balign 64
        .globl zvm_context
        .hidden zvm_context
        .type zvm_context, @object
        .size zvm_context, ZVM_CTX_SIZE
zvm_context:
        .zero ZVM_CTX_SIZE

// The trampoline target of this thread (zvm_trampoline_entry_avx or _sse), set by
// zvm_enter_sandbox and zvm_resume_sandbox. Entry 0 jumps through it, %fs-relative: the
// host thread's TLS, which lies outside the sandbox and which sandbox code cannot address
// (segment prefixes are rejected, R3), so no host address is readable in the sandbox.
        .section .tbss, "awT", @nobits
        .balign 8
        .hidden zvm_trampoline_target
zvm_trampoline_target:
        .zero 8

        .section .rodata
// Trampoline entry 0 as the loader copies it to ZVM_TRAMPOLINE_SYSCALL (local-exec TLS:
// the displacement is fixed when zvm is linked).
        .globl zvm_trampoline_entry0
        .globl zvm_trampoline_entry0_end
zvm_trampoline_entry0:
        jmp *%fs:zvm_trampoline_target@tpoff
zvm_trampoline_entry0_end:

        .balign 4
host_mxcsr:
        .long ZVM_HOST_MXCSR
host_fcw:
        .short ZVM_HOST_FCW

        .text

// Saving and restoring the sandbox's vector and floating-point state, with
// %rbx = &zvm_context. What the host code called here can change is saved: the 16 vector
// registers (ymm with AVX, else xmm), mxcsr and the x87 control word. The x87 data
// registers are not saved: the dispatcher, the handlers and the C library functions they
// call use no x87 instruction (no long double), so they stay as the sandbox left them.
// (xsave/xrstor of the same state costs about 220 ns here, 32 moves a few ns.)
#define FP_MXCSR (ZVM_CTX_FPSTATE + ZVM_CTX_FP_MXCSR)
#define FP_FCW (ZVM_CTX_FPSTATE + ZVM_CTX_FP_FCW)
#define FP_SCRATCH (ZVM_CTX_FPSTATE + ZVM_CTX_FP_SCRATCH)
// ldmxcsr costs about 370 ns on this machine type (a virtual machine), so the control
// words are loaded only when they differ from what is already loaded (rarely: compiled
// code keeps the defaults).
.macro FP_CONTROL_TO_HOST
        stmxcsr FP_MXCSR(%rbx)
        fnstcw FP_FCW(%rbx)
        cmpl $ZVM_HOST_MXCSR, FP_MXCSR(%rbx)
        je 3f
        ldmxcsr host_mxcsr(%rip)
3:      cmpw $ZVM_HOST_FCW, FP_FCW(%rbx)
        je 4f
        fldcw host_fcw(%rip)
4:
.endm
// Back to the sandbox's control words. The host code may have set mxcsr status flags:
// compare the whole register, not only the default.
.macro FP_CONTROL_FROM_CONTEXT
        stmxcsr FP_SCRATCH(%rbx)
        mov FP_SCRATCH(%rbx), %eax
        cmp FP_MXCSR(%rbx), %eax
        je 5f
        ldmxcsr FP_MXCSR(%rbx)
5:      cmpw $ZVM_HOST_FCW, FP_FCW(%rbx)
        je 6f
        fldcw FP_FCW(%rbx)
6:
.endm
.macro SAVE_AVX
        .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
        vmovdqu %ymm\n, ZVM_CTX_FPSTATE+32*\n(%rbx)
        .endr
        FP_CONTROL_TO_HOST
        // The upper halves are saved: clear them so the host's SSE code pays no
        // transition penalty.
        vzeroupper
.endm
.macro RESTORE_AVX
        .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
        vmovdqu ZVM_CTX_FPSTATE+32*\n(%rbx), %ymm\n
        .endr
        FP_CONTROL_FROM_CONTEXT
.endm
.macro SAVE_SSE
        .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
        movdqu %xmm\n, ZVM_CTX_FPSTATE+16*\n(%rbx)
        .endr
        FP_CONTROL_TO_HOST
.endm
.macro RESTORE_SSE
        .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
        movdqu ZVM_CTX_FPSTATE+16*\n(%rbx), %xmm\n
        .endr
        FP_CONTROL_FROM_CONTEXT
.endm

.macro TRAMPOLINE_ENTRY name, save, restore
        .globl \name
        .type \name, @function
        .p2align 5
\name:
        // Arrived from entry 0 with the sandbox's registers; %rcx holds this address
        // (not sandbox state: the convention clobbers %rcx). Save every sandbox GPR with
        // rip-relative stores: this needs no free register and writes nothing to the
        // sandbox stack, whose red zone may be live.
        mov %rax, zvm_context+G_RAX(%rip)
        mov %rdx, zvm_context+G_RDX(%rip)
        mov %rbx, zvm_context+G_RBX(%rip)
        mov %rsp, zvm_context+G_RSP(%rip)
        mov %rbp, zvm_context+G_RBP(%rip)
        mov %rsi, zvm_context+G_RSI(%rip)
        mov %rdi, zvm_context+G_RDI(%rip)
        mov %r8, zvm_context+G_R8(%rip)
        mov %r9, zvm_context+G_R9(%rip)
        mov %r10, zvm_context+G_R10(%rip)
        mov %r11, zvm_context+G_R11(%rip)
        mov %r12, zvm_context+G_R12(%rip)
        mov %r13, zvm_context+G_R13(%rip)
        mov %r14, zvm_context+G_R14(%rip)
        mov %r15, zvm_context+G_R15(%rip)
        // Switch to the host stack saved by zvm_enter_sandbox: everything below it is
        // free (zvm_enter_sandbox's frame is above), and it is 16-byte aligned.
        mov zvm_context+ZVM_CTX_HOST_RSP(%rip), %rsp
        // Keep the sandbox's flags (Linux's syscall preserves them, DF included).
        pushfq
        popq zvm_context+ZVM_CTX_RFLAGS(%rip)
        // The host ABI requires DF clear on function entry.
        cld
        lea zvm_context(%rip), %rbx
        // Save the sandbox's vector registers and control words; load the host ABI's
        // default mxcsr and x87 control word (the sandbox may have changed both).
        \save
        mov %rbx, %rdi
        // %rsp is 16-byte aligned here, as the ABI requires at a call.
        call *ZVM_CTX_DISPATCH(%rbx)
        // %rbx is callee-saved: still &zvm_context. Park the result in the context.
        mov %rax, ZVM_CTX_RESULT(%rbx)
        // zvm_resume_sandbox joins here (%rbx = &zvm_context, result parked).
\name\()_resume:
        \restore
        // The sandbox chose %r11: mask it (zero-extending 32-bit and) so the target is
        // below 4 GiB and 32-byte aligned: a validated bundle start, a trampoline entry
        // or a non-executable page. Done before popfq, since and writes the flags.
        mov G_R11(%rbx), %r11
        and $-32, %r11d
        push ZVM_CTX_RFLAGS(%rbx)
        popfq
        // From here on only mov: the flags stay the sandbox's.
        mov G_RDX(%rbx), %rdx
        mov G_RSI(%rbx), %rsi
        mov G_RDI(%rbx), %rdi
        mov G_RBP(%rbx), %rbp
        mov G_R8(%rbx), %r8
        mov G_R9(%rbx), %r9
        mov G_R10(%rbx), %r10
        mov G_R12(%rbx), %r12
        mov G_R13(%rbx), %r13
        mov G_R14(%rbx), %r14
        mov G_R15(%rbx), %r15
        mov ZVM_CTX_RESULT(%rbx), %rax
        mov G_RSP(%rbx), %rsp
        mov G_RBX(%rbx), %rbx
        // %rcx held this code's address: clear it (mov keeps the flags). Every other
        // register now holds a sandbox value or the result; no host address is left.
        mov $0, %ecx
        jmp *%r11
        .size \name, . - \name
.endm

TRAMPOLINE_ENTRY zvm_trampoline_entry_avx, SAVE_AVX, RESTORE_AVX
TRAMPOLINE_ENTRY zvm_trampoline_entry_sse, SAVE_SSE, RESTORE_SSE

// Points this thread's trampoline target at the entry for the context's vector state
// (%rbx = &zvm_context; uses %rax).
.macro SET_TRAMPOLINE_TARGET
        lea zvm_trampoline_entry_avx(%rip), %rax
        cmpq $0, ZVM_CTX_FPMODE(%rbx)
        jne 7f
        lea zvm_trampoline_entry_sse(%rip), %rax
7:      mov %rax, %fs:zvm_trampoline_target@tpoff
.endm

// int zvm_enter_sandbox(uint64_t entry /* %rdi */, uint64_t stack /* %rsi */)
        .globl zvm_enter_sandbox
        .type zvm_enter_sandbox, @function
        .p2align 4
zvm_enter_sandbox:
        // Save the host's callee-saved registers; zvm_exit_sandbox pops them.
        push %rbp
        push %rbx
        push %r12
        push %r13
        push %r14
        push %r15
        // Entry %rsp was 8 mod 16; six pushes keep that; 8 more make it 16-byte aligned
        // for the trampoline's call.
        sub $8, %rsp
        mov %rsp, zvm_context+ZVM_CTX_HOST_RSP(%rip)
        mov %rdi, %r11
        mov %rsi, %r12
        // The sandbox's initial x87/SSE/AVX state: an empty x87 stack, then the state
        // prepared by init_context: zero registers, default control words (no host value
        // survives).
        lea zvm_context(%rip), %rbx
        SET_TRAMPOLINE_TARGET
        fninit
        cmpq $0, ZVM_CTX_FPMODE(%rbx)
        je 1f
        vzeroall
        RESTORE_AVX
        jmp 2f
1:      RESTORE_SSE
2:      mov %r12, %rsp
        // Zero every general register but %rsp (the sandbox stack) and %r11 (the entry
        // point, a sandbox address): no host address is handed to the sandbox.
        xor %eax, %eax
        xor %ebx, %ebx
        xor %ecx, %ecx
        xor %edx, %edx
        xor %esi, %esi
        xor %edi, %edi
        xor %ebp, %ebp
        xor %r8d, %r8d
        xor %r9d, %r9d
        xor %r10d, %r10d
        xor %r12d, %r12d
        xor %r13d, %r13d
        xor %r14d, %r14d
        xor %r15d, %r15d
        cld
        jmp *%r11
        .size zvm_enter_sandbox, . - zvm_enter_sandbox

// int zvm_resume_sandbox(int64_t result /* %rdi */): returns to the sandbox from the call
// whose state zvm_context holds (restored there by a serving worker), with %rax = result.
// Like zvm_enter_sandbox, it returns when the instance ends.
        .globl zvm_resume_sandbox
        .type zvm_resume_sandbox, @function
        .p2align 4
zvm_resume_sandbox:
        push %rbp
        push %rbx
        push %r12
        push %r13
        push %r14
        push %r15
        sub $8, %rsp
        mov %rsp, zvm_context+ZVM_CTX_HOST_RSP(%rip)
        lea zvm_context(%rip), %rbx
        mov %rdi, ZVM_CTX_RESULT(%rbx)
        SET_TRAMPOLINE_TARGET
        // An empty x87 stack; the restore below loads the context's control words.
        fninit
        cmpq $0, ZVM_CTX_FPMODE(%rbx)
        je 1f
        jmp zvm_trampoline_entry_avx_resume
1:      jmp zvm_trampoline_entry_sse_resume
        .size zvm_resume_sandbox, . - zvm_resume_sandbox

// void zvm_exit_sandbox(int status /* %edi */): never returns to its caller.
        .globl zvm_exit_sandbox
        .type zvm_exit_sandbox, @function
        .p2align 4
zvm_exit_sandbox:
        // Back to zvm_enter_sandbox's frame: the saved host %rsp points at its padding
        // slot, above it the callee-saved registers and its return address. Whatever
        // lies below (dispatcher frames) is abandoned.
        mov zvm_context+ZVM_CTX_HOST_RSP(%rip), %rsp
        movq $0, zvm_context+ZVM_CTX_HOST_RSP(%rip)
        add $8, %rsp
        pop %r15
        pop %r14
        pop %r13
        pop %r12
        pop %rbx
        pop %rbp
        mov %edi, %eax
        ret
        .size zvm_exit_sandbox, . - zvm_exit_sandbox

// The fault handler resumes a faulting instance here (status in %edi), with the
// sandbox's x87/SSE control state and flags still loaded: reset them to the host ABI's.
        .globl zvm_fault_exit
        .type zvm_fault_exit, @function
        .p2align 4
zvm_fault_exit:
        fninit
        ldmxcsr host_mxcsr(%rip)
        cld
        jmp zvm_exit_sandbox
        .size zvm_fault_exit, . - zvm_fault_exit

        .section .note.GNU-stack, "", @progbits
