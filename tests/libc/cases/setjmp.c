/* setjmp/longjmp through several frames, with locals that survive (volatile), and
 * sigsetjmp/siglongjmp. */
#include <setjmp.h>
#include <stdio.h>

static jmp_buf env;
static int depth_reached;

static void dive(int depth) {
    char pad[100];
    pad[depth % 100] = (char)depth;
    depth_reached = depth + pad[depth % 100] - (char)depth;
    if (depth == 50) longjmp(env, depth);
    dive(depth + 1);
}

int main(void) {
    volatile int count = 0;
    int r = setjmp(env);
    count++;
    if (r == 0) dive(0);
    printf("longjmp returned %d after depth %d, count %d\n", r, depth_reached, count);
    r = setjmp(env);
    if (r < 5) longjmp(env, r + 1);
    printf("loop ended at %d\n", r);
    if (setjmp(env) == 0) longjmp(env, 0);
    printf("longjmp(0) gives 1\n");
    sigjmp_buf senv;
    volatile double acc = 1.5;
    int s = sigsetjmp(senv, 1);
    acc *= 2;
    if (s < 3) siglongjmp(senv, s + 1);
    printf("siglongjmp %d acc %g\n", s, acc);
    return 0;
}
