/* Wild pointers given to every file call get -EFAULT, never a host fault. Run with the
 * image of fs_run_test.cpp. Prints "efault ok". */
#include "ztest.h"

#define NULL_REGION 0x100L
#define HOST_ADDR 0x7fff00000000L
#define UNMAPPED 0x80000000L

enum { NR_mmap = 9, NR_munmap = 11 };

static const char ro_data[64] = "read-only";
static char buf[4096];

int main(int argc, char** argv) {
    (void)argc;
    (void)argv;
    const long bad[3] = {NULL_REGION, HOST_ADDR, UNMAPPED};
    struct kstat st;
    i64 fd = SYS(NR_open, "/hello.txt", O_RDONLY);
    i64 dfd = SYS(NR_open, "/dir", O_RDONLY | O_DIRECTORY);
    CHECK(fd >= 0 && dfd >= 0, 1);
    for (int i = 0; i < 3; ++i) {
        const long p = bad[i];
        /* Paths. */
        CHECK(SYS(NR_open, p, O_RDONLY), -EFAULT);
        CHECK(SYS(NR_openat, AT_FDCWD, p, O_RDONLY), -EFAULT);
        CHECK(SYS(NR_openat, dfd, p, O_RDONLY), -EFAULT);
        CHECK(SYS(NR_stat, p, &st), -EFAULT);
        CHECK(SYS(NR_lstat, p, &st), -EFAULT);
        CHECK(SYS(NR_newfstatat, AT_FDCWD, p, &st, 0), -EFAULT);
        CHECK(SYS(NR_statx, AT_FDCWD, p, 0, 0x7ff, buf), -EFAULT);
        CHECK(SYS(NR_access, p, R_OK), -EFAULT);
        CHECK(SYS(NR_faccessat, AT_FDCWD, p, R_OK), -EFAULT);
        CHECK(SYS(NR_faccessat2, AT_FDCWD, p, R_OK, 0), -EFAULT);
        CHECK(SYS(NR_chdir, p), -EFAULT);
        CHECK(SYS(NR_readlink, p, buf, 100), -EFAULT);
        CHECK(SYS(NR_readlinkat, AT_FDCWD, p, buf, 100), -EFAULT);
        /* Output buffers. */
        CHECK(SYS(NR_stat, "/hello.txt", p), -EFAULT);
        CHECK(SYS(NR_lstat, "/hello.txt", p), -EFAULT);
        CHECK(SYS(NR_fstat, fd, p), -EFAULT);
        CHECK(SYS(NR_newfstatat, AT_FDCWD, "/hello.txt", p, 0), -EFAULT);
        CHECK(SYS(NR_statx, AT_FDCWD, "/hello.txt", 0, 0x7ff, p), -EFAULT);
        CHECK(SYS(NR_getdents64, dfd, p, 4096), -EFAULT);
        CHECK(SYS(NR_read, fd, p, 10), -EFAULT);
        CHECK(SYS(NR_pread64, fd, p, 10, 0), -EFAULT);
        CHECK(SYS(NR_readv, fd, p, 1), -EFAULT);
        struct kiovec iov[2] = {{buf, 4}, {(void*)p, 4}};
        CHECK(SYS(NR_readv, fd, iov, 2), -EFAULT);
        CHECK(SYS(NR_getcwd, p, 100), -EFAULT);
        CHECK(SYS(NR_readlink, "/dir/link", p, 100), -EFAULT);
        CHECK(SYS(NR_pwrite64, 1, p, 5, 0), -EFAULT);
        CHECK(SYS(NR_write, 1, p, 5), -EFAULT);
    }
    /* Read-only memory is not a buffer the runtime may write. */
    CHECK(SYS(NR_read, fd, ro_data, 10), -EFAULT);
    CHECK(SYS(NR_fstat, fd, ro_data), -EFAULT);
    CHECK(SYS(NR_getdents64, dfd, ro_data, 64), -EFAULT);
    CHECK(SYS(NR_getcwd, ro_data, 64), -EFAULT);
    /* A path running into an unmapped page before its NUL; one without a NUL in PATH_MAX. */
    char* page = (char*)SYS(NR_mmap, 0, 0x3000, 3, 0x22, -1, 0);
    CHECK((i64)page > 0, 1);
    CHECK(SYS(NR_munmap, page + 0x2000, 0x1000), 0);
    for (int i = 0; i < 0x2000; ++i) page[i] = 'a';
    CHECK(SYS(NR_open, page + 0x1ffd, O_RDONLY), -EFAULT);
    CHECK(SYS(NR_open, page, O_RDONLY), -ENAMETOOLONG);
    page[0x1fff] = 0;
    CHECK(SYS(NR_open, page + 0x1ff0, O_RDONLY), -ENOENT);
    put(1, "efault ok\n");
    return 0;
}
