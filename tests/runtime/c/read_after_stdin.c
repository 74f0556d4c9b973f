/* Reads stdin to its end, then reads the file argv[1] of the image to its end and prints
 * "read N". Run by image_run_test.cpp, which changes the image file while the program
 * waits on stdin. */
#include "ztest.h"

int main(int argc, char** argv) {
    CHECK(argc, 2);
    static char buf[65536];
    while (SYS(NR_read, 0, buf, sizeof buf) > 0) {
    }
    const i64 fd = SYS(NR_open, argv[1], O_RDONLY);
    CHECK(fd >= 0, 1);
    i64 total = 0, n;
    while ((n = SYS(NR_read, fd, buf, sizeof buf)) > 0)
        total += n;
    CHECK(n, 0);
    put(1, "read ");
    put_num(1, total);
    put(1, "\n");
    return 0;
}
