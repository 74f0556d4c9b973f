/* The Linux system-call convention: number in %rax, arguments in %rdi %rsi %rdx %r10 %r8 %r9,
 * result in %rax (-errno on failure), %rcx and %r11 clobbered. zvm-as turns the `syscall`
 * instruction into a call of the runtime's trampoline with the same convention. */
#ifndef ZVM_MINI_SYSCALL_H
#define ZVM_MINI_SYSCALL_H

#define SYS_write 1
#define SYS_exit 60
#define SYS_exit_group 231

static inline long __syscall1(long n, long a) {
    long ret;
    __asm__ __volatile__("syscall" : "=a"(ret) : "a"(n), "D"(a) : "rcx", "r11", "memory");
    return ret;
}

static inline long __syscall3(long n, long a, long b, long c) {
    long ret;
    __asm__ __volatile__("syscall"
                         : "=a"(ret)
                         : "a"(n), "D"(a), "S"(b), "d"(c)
                         : "rcx", "r11", "memory");
    return ret;
}

long __syscall_ret(long r); /* -errno -> errno, -1 */

#endif
