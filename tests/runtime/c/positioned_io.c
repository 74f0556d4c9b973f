/* preadv, pwritev, preadv2, pwritev2, ftruncate and utimensat on the read-only image and on
 * channels. Run by limits_run_test.cpp with an image holding /hello.txt ("hello, image\n")
 * and the channel /dev/data (type 3, read-write, "0123456789"); prints "positioned_io ok"
 * and exits 0, or names the failing line. */
#include "ztest.h"

enum {
    NR_ftruncate = 77,
    NR_utimensat = 280,
    NR_preadv = 295,
    NR_pwritev = 296,
    NR_preadv2 = 327,
    NR_pwritev2 = 328,
};
enum { EOPNOTSUPP = 95, RWF_HIPRI = 1, RWF_APPEND = 0x10, UTIME_NOW = 0x3fffffff };

struct ktimespec {
    i64 sec, nsec;
};

static char a[16], b[16];

static void image_file(void) {
    i64 fd = SYS(NR_open, "/hello.txt", O_RDONLY);
    CHECK(fd >= 3, 1);
    struct kiovec iov[2] = {{a, 5}, {b, 3}};
    /* At offset 2, without moving the file's offset. */
    CHECK(SYS(NR_preadv, fd, iov, 2, 2, 0), 8);
    CHECK(meq(a, "llo, ", 5), 1);
    CHECK(meq(b, "ima", 3), 1);
    CHECK(SYS(NR_read, fd, a, 5), 5);
    CHECK(meq(a, "hello", 5), 1);
    /* Past the end: 0; a negative offset: -EINVAL. */
    CHECK(SYS(NR_preadv, fd, iov, 2, 100, 0), 0);
    CHECK(SYS(NR_preadv, fd, iov, 2, -1, 0), -EINVAL);
    /* preadv2: offset -1 reads at the file's offset and moves it; flags other than 0 refused. */
    CHECK(SYS(NR_preadv2, fd, iov, 2, -1, 0, 0), 8);
    CHECK(meq(a, ", ima", 5), 1);
    CHECK(meq(b, "ge\n", 3), 1);
    CHECK(SYS(NR_read, fd, a, 5), 0);
    CHECK(SYS(NR_preadv2, fd, iov, 1, 0, 0, 0), 5);
    CHECK(meq(a, "hello", 5), 1);
    CHECK(SYS(NR_preadv2, fd, iov, 1, 0, 0, RWF_HIPRI), -EOPNOTSUPP);
    /* Empty entries, even with a null base (musl's stdio writes such ones), count nothing. */
    struct kiovec holes[3] = {{0, 0}, {a, 2}, {0, 0}};
    CHECK(SYS(NR_preadv, fd, holes, 3, 7, 0), 2);
    CHECK(meq(a, "im", 2), 1);
    CHECK(SYS(NR_preadv, fd, holes, 1, 0, 0), 0);
    /* Bad descriptor, bad iovec array, bad buffer, too many iovecs. */
    CHECK(SYS(NR_preadv, 50, iov, 2, 0, 0), -EBADF);
    CHECK(SYS(NR_preadv, fd, 0x10, 2, 0, 0), -EFAULT);
    struct kiovec wild = {(void*)0xfffff000ul, 5};
    CHECK(SYS(NR_preadv, fd, &wild, 1, 0, 0), -EFAULT);
    CHECK(SYS(NR_preadv, fd, iov, 1025, 0, 0), -EINVAL);
    /* The image is never written: its files are open read-only. */
    CHECK(SYS(NR_pwritev, fd, iov, 1, 0, 0), -EBADF);
    CHECK(SYS(NR_pwritev2, fd, iov, 1, 0, 0, 0), -EBADF);
    CHECK(SYS(NR_ftruncate, fd, 0), -EINVAL);
    CHECK(SYS(NR_ftruncate, 50, 0), -EBADF);
    /* utimensat: -EROFS for whatever exists, after the checks Linux makes first. */
    struct ktimespec t[2] = {{1, 0}, {2, UTIME_NOW}};
    CHECK(SYS(NR_utimensat, AT_FDCWD, "/hello.txt", 0, 0), -EROFS);
    CHECK(SYS(NR_utimensat, AT_FDCWD, "/hello.txt", t, AT_SYMLINK_NOFOLLOW), -EROFS);
    CHECK(SYS(NR_utimensat, AT_FDCWD, "/missing", t, 0), -ENOENT);
    CHECK(SYS(NR_utimensat, AT_FDCWD, 0x10, t, 0), -EFAULT);
    CHECK(SYS(NR_utimensat, AT_FDCWD, "/hello.txt", t, 4), -EINVAL);
    CHECK(SYS(NR_utimensat, AT_FDCWD, "/hello.txt", 0x10, 0), -EFAULT);
    t[1].nsec = 1000000000;
    CHECK(SYS(NR_utimensat, AT_FDCWD, "/hello.txt", t, 0), -EINVAL);
    CHECK(SYS(NR_utimensat, fd, 0, 0, 0), -EROFS);
    CHECK(SYS(NR_utimensat, fd, 0, 0, AT_SYMLINK_NOFOLLOW), -EINVAL);
    CHECK(SYS(NR_utimensat, 50, 0, 0, 0), -EBADF);
    CHECK(SYS(NR_utimensat, AT_FDCWD, 0, 0, 0), -EFAULT);
    CHECK(SYS(NR_close, fd), 0);
}

static void channels(void) {
    i64 fd = SYS(NR_open, "/dev/data", O_RDWR);
    CHECK(fd >= 3, 1);
    struct kiovec iov[2] = {{"A", 1}, {"BC", 2}};
    CHECK(SYS(NR_pwritev, fd, iov, 2, 4, 0), 3);
    CHECK(SYS(NR_pwritev2, fd, iov, 1, 8, 0, 0), 1);
    CHECK(SYS(NR_pwritev2, fd, iov, 1, 0, 0, RWF_APPEND), -EOPNOTSUPP);
    CHECK(SYS(NR_pwritev, fd, iov, 1, -5, 0), -EINVAL);
    struct kiovec holes[3] = {{0, 0}, {"A", 1}, {0, 0}};
    CHECK(SYS(NR_pwritev, fd, holes, 3, 8, 0), 1);
    CHECK(SYS(NR_pwritev, fd, holes, 1, 8, 0), 0);
    struct kiovec in[2] = {{a, 4}, {b, 6}};
    CHECK(SYS(NR_preadv, fd, in, 2, 0, 0), 10);
    CHECK(meq(a, "0123", 4), 1);
    CHECK(meq(b, "ABC7A9", 6), 1);
    CHECK(SYS(NR_ftruncate, fd, 0), -EINVAL);
    CHECK(SYS(NR_utimensat, AT_FDCWD, "/dev/data", 0, 0), -EROFS);
    CHECK(SYS(NR_close, fd), 0);
    /* stdin and stdout are sequential. */
    CHECK(SYS(NR_preadv, 0, in, 1, 0, 0), -ESPIPE);
    CHECK(SYS(NR_pwritev, 1, iov, 1, 0, 0), -ESPIPE);
}

int main(int argc, char** argv) {
    (void)argc, (void)argv;
    image_file();
    channels();
    put(1, "positioned_io ok\n");
    return 0;
}
