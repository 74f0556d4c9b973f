/* Calls the rewriter touches most: variadic functions (with va_copy and doubles past the
 * register area), function pointers and tables of them, tail calls, deep recursion and a
 * large switch (a jump table: a masked jump through %r11 to 32-byte aligned case labels). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static double sum(int n, ...) {
    va_list ap, copy;
    va_start(ap, n);
    va_copy(copy, ap);
    double s = 0;
    for (int i = 0; i < n; ++i)
        s += (i % 2) ? va_arg(ap, double) : (double)va_arg(ap, int);
    double first = (double)va_arg(copy, int);
    va_end(copy);
    va_end(ap);
    return s * 1000 + first;
}

static int say(char* out, const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsprintf(out, fmt, ap);
    va_end(ap);
    return n;
}

static int add(int a, int b) { return a + b; }
static int sub(int a, int b) { return a - b; }
static int mul(int a, int b) { return a * b; }
static int (*const ops[])(int, int) = {add, sub, mul};

static unsigned long long fib(int n) { return n < 2 ? (unsigned long long)n : fib(n - 1) + fib(n - 2); }
static long depth(long n, long acc) {
    volatile char frame[64];
    frame[n % 64] = 1;
    return n == 0 ? acc : depth(n - 1, acc + frame[n % 64]) + 0 * frame[0];
}
static int even(unsigned n);
static int odd(unsigned n) { return n == 0 ? 0 : even(n - 1); }
static int even(unsigned n) { return n == 0 ? 1 : odd(n - 1); }

static int big_switch(int x) {
    switch (x) {
#define C(n) case n: return (n * 7919) % 1013;
#define C10(n) C(n##0) C(n##1) C(n##2) C(n##3) C(n##4) C(n##5) C(n##6) C(n##7) C(n##8) C(n##9)
        C10(1) C10(2) C10(3) C10(4) C10(5) C10(6) C10(7) C10(8) C10(9) C10(10) C10(11) C10(12)
        C10(13) C10(14) C10(15) C10(16) C10(17) C10(18) C10(19) C10(20) C10(21) C10(22)
    default:
        return -x;
    }
}

int main(void) {
    printf("sum %.3f\n", sum(12, 1, 2.5, 3, 4.25, 5, 6.125, 7, 8.5, 9, 10.75, 11, 12.5));
    char buf[200];
    int n = say(buf, "%s|%d|%.2f|%c|%lld", "va", 42, 3.14159, 'z', -5LL);
    printf("%d %s\n", n, buf);
    int acc = 10;
    for (int i = 0; i < 30; ++i)
        acc = ops[i % 3](acc, i + 1) % 100003;
    printf("ops %d\n", acc);
    printf("fib(30) %llu\n", fib(30));
    printf("recursion depth 100000: %ld\n", depth(100000, 0));
    printf("mutual %d %d\n", even(100001), odd(77777));
    long s = 0;
    for (int i = -5; i < 240; ++i)
        s = s * 3 + big_switch(i), s %= 1000000007;
    printf("switch %ld\n", s);
    void (*volatile fp)(const char*) = (void (*)(const char*))puts;
    fp("through a function pointer");
    return 0;
}
