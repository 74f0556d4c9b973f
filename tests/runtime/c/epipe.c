/* Writes to stdout until a write fails, then prints "write: RESULT" on stderr and exits 3
 * (0 if 1000 writes of 4 KiB all succeed). Run by channels_run_test.cpp with stdout a
 * pipe whose reader is gone: the write must return -EPIPE (32), not kill zvm. */
#include "ztest.h"

int main(int argc, char** argv) {
    (void)argc, (void)argv;
    static char buf[4096];
    memset(buf, 'x', sizeof buf);
    for (int i = 0; i < 1000; ++i) {
        const i64 n = SYS(NR_write, 1, buf, sizeof buf);
        if (n < 0) {
            put(2, "write: ");
            put_num(2, n);
            put(2, "\n");
            return 3;
        }
    }
    return 0;
}
