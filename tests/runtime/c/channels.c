/* Channels, by scenario (argv[1]); run by fs_run_test.cpp with the matching channels. */
#include "ztest.h"

static char buf[65536];

static void copy(void) {
    i64 in = SYS(NR_open, "/dev/input", O_RDONLY);
    i64 out = SYS(NR_open, "/dev/output", O_WRONLY);
    CHECK(in >= 3 && out >= 3, 1);
    i64 n;
    while ((n = SYS(NR_read, in, buf, 1000)) > 0) CHECK(SYS(NR_write, out, buf, n), n);
    CHECK(n, 0);
}

static void quota(void) {
    /* /dev/input: gets 3, getsize 10; /dev/output: puts 2, putsize 5. */
    i64 in = SYS(NR_open, "/dev/input", O_RDONLY);
    i64 out = SYS(NR_open, "/dev/output", O_WRONLY);
    CHECK(SYS(NR_read, in, buf, 4), 4);
    CHECK(SYS(NR_read, in, buf, 100), 6); /* cut to the 10 bytes of getsize */
    CHECK(SYS(NR_read, in, buf, 100), -EDQUOT);
    CHECK(SYS(NR_write, out, "abc", 3), 3);
    CHECK(SYS(NR_write, out, "defg", 4), 2); /* cut to putsize */
    CHECK(SYS(NR_write, out, "x", 1), -EDQUOT);
    CHECK(SYS(NR_write, out, "", 0), 0);
}

static void gets_limit(void) {
    /* /dev/input: gets 2, getsize large. */
    i64 in = SYS(NR_open, "/dev/input", O_RDONLY);
    CHECK(SYS(NR_read, in, buf, 1), 1);
    CHECK(SYS(NR_read, in, buf, 1), 1);
    CHECK(SYS(NR_read, in, buf, 1), -EDQUOT);
}

static void random_access(void) {
    /* /dev/data: type 3, read-write, "0123456789"; /dev/seq: type 0, read-only. */
    struct kstat st;
    i64 fd = SYS(NR_open, "/dev/data", O_RDWR);
    CHECK(fd >= 3, 1);
    CHECK(SYS(NR_pread64, fd, buf, 3, 5), 3);
    CHECK(meq(buf, "567", 3), 1);
    CHECK(SYS(NR_pwrite64, fd, "XY", 2, 1), 2);
    CHECK(SYS(NR_pread64, fd, buf, 4, 0), 4);
    CHECK(meq(buf, "0XY3", 4), 1);
    CHECK(SYS(NR_lseek, fd, 0, SEEK_END), 10);
    CHECK(SYS(NR_lseek, fd, 2, SEEK_SET), 2);
    CHECK(SYS(NR_read, fd, buf, 2), 2);
    CHECK(meq(buf, "Y3", 2), 1);
    CHECK(SYS(NR_fstat, fd, &st), 0);
    CHECK(st.st_mode & S_IFMT, S_IFREG);
    CHECK(st.st_size, 10);
    i64 seqfd = SYS(NR_open, "/dev/seq", O_RDONLY);
    CHECK(SYS(NR_pread64, seqfd, buf, 1, 0), -ESPIPE);
    CHECK(SYS(NR_lseek, seqfd, 0, SEEK_SET), -ESPIPE);
    CHECK(SYS(NR_read, seqfd, buf, 3), 3);
    CHECK(meq(buf, "seq", 3), 1);
}

static void access_modes(void) {
    /* /dev/ro: read-only; /dev/wo: write-only. */
    CHECK(SYS(NR_open, "/dev/ro", O_WRONLY), -EACCES);
    CHECK(SYS(NR_open, "/dev/ro", O_RDWR), -EACCES);
    CHECK(SYS(NR_open, "/dev/wo", O_RDONLY), -EACCES);
    CHECK(SYS(NR_access, "/dev/ro", R_OK), 0);
    CHECK(SYS(NR_access, "/dev/ro", W_OK), -EACCES);
    CHECK(SYS(NR_access, "/dev/wo", W_OK), 0);
    i64 ro = SYS(NR_open, "/dev/ro", O_RDONLY);
    CHECK(SYS(NR_write, ro, "x", 1), -EBADF);
    i64 wo = SYS(NR_open, "/dev/wo", O_WRONLY);
    CHECK(SYS(NR_read, wo, buf, 1), -EBADF);
    CHECK(SYS(NR_pwrite64, wo, "x", 1, 0), -ESPIPE);
}

static void echo_stdin(void) {
    i64 n;
    while ((n = SYS(NR_read, 0, buf, sizeof buf)) > 0) CHECK(SYS(NR_write, 1, buf, n), n);
    CHECK(n, 0);
}

int main(int argc, char** argv) {
    if (argc < 2) return 2;
    const char* s = argv[1];
    if (seq(s, "copy")) copy();
    else if (seq(s, "quota")) quota();
    else if (seq(s, "gets")) gets_limit();
    else if (seq(s, "random")) random_access();
    else if (seq(s, "access")) access_modes();
    else if (seq(s, "echo")) echo_stdin();
    else if (seq(s, "env")) {
        char** envp = argv + argc + 1;
        for (int i = 0; envp[i]; ++i) {
            put(1, envp[i]);
            put(1, "\n");
        }
        for (int i = 0; i < argc; ++i) {
            put(1, argv[i]);
            put(1, "\n");
        }
    } else return 3;
    put(2, "channels ok\n");
    return 0;
}
