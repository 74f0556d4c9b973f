/* The stack protector's canary (zcc compiles with -mstack-protector-guard=global, so it is a
 * global, not %fs:0x28) and its failure handler. */
#include <stdint.h>
#include <stdlib.h>

uintptr_t __stack_chk_guard = 0x5a766d5f63616e61u;

_Noreturn void __stack_chk_fail(void) {
    abort();
}
