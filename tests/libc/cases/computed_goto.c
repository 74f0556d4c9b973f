/* Computed goto (GCC's labels as values), as Lua's and many interpreters' dispatch loops use:
 * every `&&label` must land on its label after the sandbox masks the indirect jump. */
#include <stdio.h>

static long run(const unsigned char* code, long acc) {
    static const void* const table[] = {&&op_inc, &&op_dec, &&op_dbl, &&op_neg, &&op_sq, &&op_halt};
#define NEXT goto* table[*pc++]
    const unsigned char* pc = code;
    NEXT;
op_inc:
    acc += 1;
    NEXT;
op_dec:
    acc -= 1;
    NEXT;
op_dbl:
    acc *= 2;
    NEXT;
op_neg:
    acc = -acc;
    NEXT;
op_sq:
    acc = (acc * acc) % 1000003;
    NEXT;
op_halt:
    return acc;
}

int main(void) {
    unsigned char prog[1001];
    unsigned state = 7;
    for (int i = 0; i < 1000; ++i) {
        state = state * 1103515245u + 12345u;
        prog[i] = (unsigned char)((state >> 16) % 5);
    }
    prog[1000] = 5;
    long acc = 0;
    for (int round = 0; round < 100; ++round)
        acc = run(prog, acc + round);
    printf("interpreter result %ld\n", acc);
    void* targets[3] = {&&first, &&second, &&done};
    int step = 0;
    goto* targets[step];
first:
    printf("first\n");
    goto* targets[++step];
second:
    printf("second\n");
    goto* targets[++step];
done:
    printf("done\n");
    return 0;
}
