/* Phase 1 start file: _start for a nexe.
 *
 * The runtime enters _start with %rsp pointing at argc, then argv[], NULL, envp[], NULL, auxv
 * (as Linux does) and every other register zero. _start clears the frame pointer, aligns the
 * stack to 16 bytes as the SysV ABI wants at a call, and calls _start_c(sp), which calls
 * main(argc, argv, envp) and exit()s with its result. Written like musl's crt1 so that the
 * switch to musl (Phase 2) changes nothing for the runtime. */
#include <stdlib.h>

int main(int, char**, char**);

__asm__(".text\n"
        ".global _start\n"
        ".type _start,@function\n"
        "_start:\n"
        "	xor %rbp,%rbp\n"
        "	mov %rsp,%rdi\n"
        "	andq $-16,%rsp\n" /* zvm-as: andl $-16,%esp */
        "	call _start_c\n"
        "	hlt\n");

void _start_c(long* sp) __attribute__((used, noreturn));

void _start_c(long* sp) {
    int argc = (int)sp[0];
    char** argv = (char**)(sp + 1);
    char** envp = argv + argc + 1;
    exit(main(argc, argv, envp));
}
