/* Exec mode's files of the working directory (runtime/channels/cwd_file.h), run by
 * exec_run_test.cpp with `zvm exec` in a scratch directory holding: in.txt ("input\n"),
 * link (a symbolic link to ../outside.txt), sub/ (a directory), fifo (a FIFO). With the
 * argument "run" (under `zvm run`) it checks that nothing of this reaches the host; with
 * "args" it prints its argv and the variables ZVM_TEST_*, copies stdin to stdout and exits
 * with status 3. Otherwise prints "exec files ok". */
#include "ztest.h"

enum { NR_ftruncate = 77, ENOSPC_ = 28 };

#define NULL_REGION 0x100L
#define HOST_ADDR 0x7fff00000000L
#define UNMAPPED 0x80000000L

static char buf[256];
static const char ro_data[16] = "read-only";

static void run_mode(void) {
    /* zvm run: plain names are the image's (empty, read-only), never the host's. */
    CHECK(SYS(NR_open, "conftest.val", O_WRONLY | O_CREAT | O_TRUNC, 0666), -EROFS);
    CHECK(SYS(NR_open, "in.txt", O_RDONLY), -ENOENT);
    put(1, "run mode ok\n");
    zexit(0);
}

static void args_mode(int argc, char** argv) {
    for (int i = 0; i < argc; ++i) {
        put(1, "argv: ");
        put(1, argv[i]);
        put(1, "\n");
    }
    for (char** e = argv + argc + 1; *e; ++e) {
        if (meq(*e, "ZVM_TEST_", 9)) {
            put(1, "env: ");
            put(1, *e);
            put(1, "\n");
        }
    }
    i64 n;
    while ((n = SYS(NR_read, 0, buf, sizeof buf)) > 0) SYS(NR_write, 1, buf, n);
    zexit(3);
}

int main(int argc, char** argv) {
    if (argc > 1 && seq(argv[1], "run")) run_mode();
    if (argc > 1 && seq(argv[1], "args")) args_mode(argc, argv);
    struct kstat st;

    /* What configure's AC_CHECK_SIZEOF does: fopen("conftest.val", "w"), write, close. */
    i64 fd = SYS(NR_open, "conftest.val", O_WRONLY | O_CREAT | O_TRUNC, 0666);
    CHECK(fd >= 3, 1);
    CHECK(SYS(NR_write, fd, "8\n", 2), 2);
    CHECK(SYS(NR_fstat, fd, &st), 0);
    CHECK(st.st_mode & S_IFMT, S_IFREG);
    CHECK(st.st_size, 2);
    CHECK(SYS(NR_read, fd, buf, 1), -EBADF); /* write-only */
    CHECK(SYS(NR_close, fd), 0);

    /* Read it back; lseek, pread, fstat. */
    fd = SYS(NR_openat, AT_FDCWD, "conftest.val", O_RDONLY);
    CHECK(fd >= 3, 1);
    CHECK(SYS(NR_read, fd, buf, sizeof buf), 2);
    CHECK(meq(buf, "8\n", 2), 1);
    CHECK(SYS(NR_lseek, fd, 0, SEEK_END), 2);
    CHECK(SYS(NR_lseek, fd, 1, SEEK_SET), 1);
    CHECK(SYS(NR_read, fd, buf, 1), 1);
    CHECK(buf[0], '\n');
    CHECK(SYS(NR_pread64, fd, buf, 1, 0), 1);
    CHECK(buf[0], '8');
    CHECK(SYS(NR_write, fd, "x", 1), -EBADF); /* read-only */
    CHECK(SYS(NR_close, fd), 0);

    /* An existing file, read-write with positioned I/O. */
    fd = SYS(NR_open, "in.txt", O_RDWR);
    CHECK(fd >= 3, 1);
    CHECK(SYS(NR_read, fd, buf, 5), 5);
    CHECK(meq(buf, "input", 5), 1);
    CHECK(SYS(NR_pwrite64, fd, "IN", 2, 0), 2);
    CHECK(SYS(NR_write, fd, "!", 1), 1); /* at offset 5 */
    CHECK(SYS(NR_close, fd), 0);

    /* O_APPEND: every write at the end. */
    fd = SYS(NR_open, "log.txt", O_WRONLY | O_CREAT | O_APPEND, 0644);
    CHECK(fd >= 3, 1);
    CHECK(SYS(NR_write, fd, "a", 1), 1);
    CHECK(SYS(NR_close, fd), 0);
    fd = SYS(NR_open, "log.txt", O_WRONLY | O_APPEND);
    CHECK(SYS(NR_write, fd, "b", 1), 1);
    CHECK(SYS(NR_close, fd), 0);

    /* O_CREAT | O_EXCL of an existing file. */
    CHECK(SYS(NR_open, "in.txt", O_WRONLY | O_CREAT | O_EXCL, 0644), -EEXIST);
    CHECK(SYS(NR_open, "missing.txt", O_RDONLY), -ENOENT);

    /* Hostile names: nothing but a plain name reaches the host. Others are looked up in
     * the empty read-only image. */
    CHECK(SYS(NR_open, "../x", O_WRONLY | O_CREAT | O_TRUNC, 0666), -EROFS);
    CHECK(SYS(NR_open, "../outside.txt", O_RDONLY), -ENOENT);
    CHECK(SYS(NR_open, "/etc/passwd", O_RDONLY), -ENOENT);
    CHECK(SYS(NR_open, "/x", O_WRONLY | O_CREAT, 0666), -EROFS);
    CHECK(SYS(NR_open, "sub/new", O_WRONLY | O_CREAT, 0666), -ENOENT);
    CHECK(SYS(NR_open, "./conftest.val", O_RDONLY), -ENOENT);
    CHECK(SYS(NR_open, ".", O_WRONLY), -EISDIR);
    CHECK(SYS(NR_open, "..", O_WRONLY | O_CREAT, 0666), -EISDIR);
    CHECK(SYS(NR_open, "", O_RDONLY), -ENOENT);
    /* A symbolic link in the directory (to a file outside it): never followed. */
    CHECK(SYS(NR_open, "link", O_RDONLY), -EACCES);
    CHECK(SYS(NR_open, "link", O_WRONLY | O_CREAT | O_TRUNC, 0666), -EACCES);
    CHECK(SYS(NR_open, "link", O_WRONLY | O_CREAT | O_EXCL, 0666), -EEXIST);
    /* A directory, a FIFO: only regular files. */
    CHECK(SYS(NR_open, "sub", O_RDONLY), -EACCES);
    CHECK(SYS(NR_open, "sub", O_RDONLY | O_DIRECTORY), -EACCES);
    CHECK(SYS(NR_open, "fifo", O_RDONLY), -EACCES);
    CHECK(SYS(NR_open, "fifo", O_WRONLY), -EACCES);
    /* Only relative to the working directory, not to another descriptor. */
    i64 root = SYS(NR_open, "/", O_RDONLY | O_DIRECTORY);
    CHECK(root >= 3, 1);
    CHECK(SYS(NR_openat, root, "in.txt", O_RDONLY), -ENOENT);
    CHECK(SYS(NR_close, root), 0);
    /* Still read-only by path: unlink, rename, stat go to the image. */
    CHECK(SYS(NR_unlink, "conftest.val"), -EROFS);
    CHECK(SYS(NR_stat, "conftest.val", &st), -ENOENT);

    /* Wild pointers: -EFAULT, never a host fault, nothing created. */
    const long bad[3] = {NULL_REGION, HOST_ADDR, UNMAPPED};
    fd = SYS(NR_open, "wild.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 3, 1);
    for (int i = 0; i < 3; ++i) {
        CHECK(SYS(NR_open, bad[i], O_WRONLY | O_CREAT, 0666), -EFAULT);
        CHECK(SYS(NR_openat, AT_FDCWD, bad[i], O_RDONLY), -EFAULT);
        CHECK(SYS(NR_write, fd, bad[i], 4), -EFAULT);
        CHECK(SYS(NR_read, fd, bad[i], 4), -EFAULT);
        CHECK(SYS(NR_fstat, fd, bad[i]), -EFAULT);
    }
    CHECK(SYS(NR_write, fd, "abc", 3), 3);
    CHECK(SYS(NR_lseek, fd, 0, SEEK_SET), 0);
    CHECK(SYS(NR_read, fd, (long)ro_data, 3), -EFAULT); /* not writable */
    CHECK(SYS(NR_close, fd), 0);

    /* Descriptors: dup shares the file; closing the last one closes the host file. */
    fd = SYS(NR_open, "in.txt", O_RDONLY);
    i64 fd2 = SYS(NR_dup, fd);
    CHECK(fd2 > fd, 1);
    CHECK(SYS(NR_close, fd), 0);
    CHECK(SYS(NR_read, fd2, buf, 2), 2);
    CHECK(meq(buf, "IN", 2), 1);
    CHECK(SYS(NR_close, fd2), 0);
    /* Far more opens than descriptors: each close gives its host descriptor back. */
    for (int i = 0; i < 1000; ++i) {
        fd = SYS(NR_open, "in.txt", O_RDONLY);
        CHECK(fd >= 3, 1);
        CHECK(SYS(NR_close, fd), 0);
    }

    put(1, "exec files ok\n");
    return 0;
}
