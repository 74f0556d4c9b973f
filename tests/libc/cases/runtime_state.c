/* _Thread_local, errno and atexit: initial values of thread-local data (the static TLS block
 * musl sets up from PT_TLS), errno from library calls, exit handlers in reverse order and the
 * exit status they cannot change. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

_Thread_local int tl_init = 42;
_Thread_local long tl_zero;
_Thread_local char tl_buf[100] = "thread-local";
static _Thread_local double tl_arr[4] = {1.5, 2.5};

static int* addr(void) { return &tl_init; }

static void bye1(void) { printf("atexit 1 (last), tl_init=%d\n", tl_init); }
static void bye2(void) { printf("atexit 2\n"); }
static void bye3(void) {
    printf("atexit 3 (first)\n");
    fflush(stdout);
}

int main(void) {
    printf("tls %d %ld %s %g %g\n", tl_init, tl_zero, tl_buf, tl_arr[0], tl_arr[1]);
    tl_init++, tl_zero = -7, strcat(tl_buf, "!"), tl_arr[3] = 9;
    *addr() += 10;
    printf("tls %d %ld %s %g same=%d\n", tl_init, tl_zero, tl_buf, tl_arr[3], addr() == &tl_init);
    errno = 0;
    strtol("99999999999999999999", NULL, 10);
    printf("errno strtol %d %s\n", errno == ERANGE, strerror(errno));
    errno = 0;
    (void)log(-1.0);
    printf("errno log %d\n", errno == EDOM);
    errno = 0;
    ssize_t w = write(77, "x", 1); /* before reading errno: argument order is unspecified */
    printf("write to bad fd %zd errno EBADF %d\n", w, errno == EBADF);
    errno = 0;
    void* volatile p = malloc((size_t)-1 / 2);
    /* Read through a volatile lvalue: LLVM assumes malloc leaves errno alone and would fold
     * the errno = 0 stored above into the comparison (gcc does not). */
    printf("malloc huge %p errno ENOMEM %d\n", p, *(volatile int*)&errno == ENOMEM);
    errno = 0;
    int c = close(-1);
    printf("close -1 %d errno %d\n", c, errno == EBADF);
    atexit(bye1);
    atexit(bye2);
    atexit(bye3);
    printf("main returns 3\n");
    return 3;
}
