/* The read-only image, through every file call: run by fs_run_test.cpp with the image it
 * builds (see kImage there). Prints "fs ok" and exits 0, or names the failing line. */
#include "ztest.h"

static char buf[8192];
static char long_path[6000];

static i64 open_ro(const char* path) { return SYS(NR_open, path, O_RDONLY); }

static i64 read_all(const char* path, char* out, u64 cap) {
    i64 fd = open_ro(path);
    if (fd < 0) return fd;
    i64 n = SYS(NR_read, fd, out, cap);
    SYS(NR_close, fd);
    return n;
}

/* "name:type," for each entry of the directory fd, read `chunk` bytes at a time. */
static void list_dir(i64 fd, u64 chunk, char* out) {
    static char dents[4096];
    u64 o = 0;
    for (;;) {
        i64 n = SYS(NR_getdents64, fd, dents, chunk);
        CHECK(n >= 0, 1);
        if (n == 0) break;
        for (i64 at = 0; at < n;) {
            u16 reclen = *(u16*)(dents + at + 16);
            u8 type = *(u8*)(dents + at + 18);
            const char* name = dents + at + 19;
            for (u64 i = 0; name[i]; ++i) out[o++] = name[i];
            out[o++] = ':';
            if (type >= 10) out[o++] = (char)('0' + type / 10);
            out[o++] = (char)('0' + type % 10);
            out[o++] = ',';
            at += reclen;
        }
    }
    out[o] = 0;
}

static void files(void) {
    struct kstat st;
    i64 fd = open_ro("/hello.txt");
    CHECK(fd >= 3, 1);
    CHECK(SYS(NR_read, fd, buf, 100), 13);
    CHECK(meq(buf, "hello, image\n", 13), 1);
    CHECK(SYS(NR_read, fd, buf, 100), 0);
    CHECK(SYS(NR_fstat, fd, &st), 0);
    CHECK(st.st_size, 13);
    CHECK(st.st_mode, S_IFREG | 0644);
    CHECK(st.st_nlink, 2); /* /hard */
    CHECK(SYS(NR_lseek, fd, 7, SEEK_SET), 7);
    CHECK(SYS(NR_read, fd, buf, 5), 5);
    CHECK(meq(buf, "image", 5), 1);
    CHECK(SYS(NR_lseek, fd, 0, SEEK_CUR), 12);
    CHECK(SYS(NR_lseek, fd, -1, SEEK_END), 12);
    CHECK(SYS(NR_lseek, fd, -100, SEEK_SET), -EINVAL);
    CHECK(SYS(NR_lseek, fd, 0, 77), -EINVAL);
    CHECK(SYS(NR_pread64, fd, buf, 5, 0), 5);
    CHECK(meq(buf, "hello", 5), 1);
    CHECK(SYS(NR_lseek, fd, 0, SEEK_CUR), 12); /* pread leaves the offset */
    CHECK(SYS(NR_pread64, fd, buf, 5, -1), -EINVAL);
    CHECK(SYS(NR_pread64, fd, buf, 5, 1000), 0);
    CHECK(SYS(NR_lseek, fd, 0, SEEK_SET), 0);
    struct kiovec iov[2] = {{buf, 5}, {buf + 100, 100}};
    CHECK(SYS(NR_readv, fd, iov, 2), 13);
    CHECK(meq(buf, "hello", 5) && meq(buf + 100, ", image\n", 8), 1);
    /* Never writable. */
    CHECK(SYS(NR_write, fd, "x", 1), -EBADF);
    CHECK(SYS(NR_pwrite64, fd, "x", 1, 0), -EBADF);
    CHECK(SYS(NR_open, "/hello.txt", O_WRONLY), -EROFS);
    CHECK(SYS(NR_open, "/hello.txt", O_RDWR), -EROFS);
    CHECK(SYS(NR_open, "/hello.txt", O_RDONLY | O_TRUNC), -EROFS);
    CHECK(SYS(NR_open, "/new.txt", O_WRONLY | O_CREAT, 0644), -EROFS);
    CHECK(SYS(NR_open, "/dir/new.txt", O_RDONLY | O_CREAT, 0644), -EROFS);
    CHECK(SYS(NR_open, "/nodir/new.txt", O_WRONLY | O_CREAT, 0644), -ENOENT);
    CHECK(SYS(NR_open, "/hello.txt", O_RDONLY | O_CREAT | O_EXCL, 0644), -EEXIST);
    i64 fd2 = SYS(NR_open, "/hello.txt", O_RDONLY | O_CREAT, 0644);
    CHECK(fd2 > fd, 1);
    CHECK(SYS(NR_close, fd2), 0);
    CHECK(SYS(NR_mkdir, "/d", 0755), -EROFS);
    CHECK(SYS(NR_unlink, "/hello.txt"), -EROFS);
    CHECK(SYS(NR_close, fd), 0);
    CHECK(SYS(NR_close, fd), -EBADF);
    /* Errors of lookup. */
    CHECK(open_ro("/nope"), -ENOENT);
    CHECK(open_ro(""), -ENOENT);
    CHECK(open_ro("/hello.txt/x"), -ENOTDIR);
    CHECK(open_ro("/hello.txt/"), -ENOTDIR);
    CHECK(SYS(NR_open, "/hello.txt", O_RDONLY | O_DIRECTORY), -ENOTDIR);
    for (int i = 0; i < 300; ++i) long_path[i + 1] = 'a';
    long_path[0] = '/';
    long_path[301] = 0;
    CHECK(open_ro(long_path), -ENAMETOOLONG);
    for (int i = 0; i < 5000; ++i) long_path[i] = i % 2 ? '/' : 'a';
    long_path[5000] = 0;
    CHECK(open_ro(long_path), -ENAMETOOLONG);
    /* Implied directories and long names. */
    CHECK(SYS(NR_stat, "/implied", &st), 0);
    CHECK(st.st_mode & S_IFMT, S_IFDIR);
    CHECK(read_all("/implied/deep/file.txt", buf, 100), 5);
    CHECK(meq(buf, "deep\n", 5), 1);
    CHECK(read_all("/a-very-long-directory-name-that-does-not-fit-in-the-ustar-name-field-of-one-"
                   "hundred-bytes/and-a-long-file-name-too.txt",
                   buf, 100),
          5);
    CHECK(meq(buf, "long\n", 5), 1);
    CHECK(SYS(NR_stat, "/", &st), 0);
    CHECK(st.st_mode & S_IFMT, S_IFDIR);
}

static void directories(void) {
    char list[1024];
    i64 dfd = SYS(NR_open, "/dir", O_RDONLY | O_DIRECTORY);
    CHECK(dfd >= 0, 1);
    CHECK(SYS(NR_read, dfd, buf, 10), -EISDIR);
    CHECK(SYS(NR_open, "/dir", O_WRONLY), -EISDIR);
    list_dir(dfd, 4096, list);
    CHECK(seq(list, ".:4,..:4,a.txt:8,b.txt:8,link:10,sub:4,"), 1);
    CHECK(SYS(NR_getdents64, dfd, buf, 4096), 0);
    CHECK(SYS(NR_lseek, dfd, 0, SEEK_SET), 0);
    list_dir(dfd, 32, list); /* one record per call */
    CHECK(seq(list, ".:4,..:4,a.txt:8,b.txt:8,link:10,sub:4,"), 1);
    CHECK(SYS(NR_lseek, dfd, 0, SEEK_SET), 0);
    CHECK(SYS(NR_getdents64, dfd, buf, 8), -EINVAL);
    i64 fd = open_ro("/hello.txt");
    CHECK(SYS(NR_getdents64, fd, buf, 4096), -ENOTDIR);
    CHECK(SYS(NR_getdents64, 60, buf, 4096), -EBADF);
    /* openat from a directory descriptor. */
    CHECK(SYS(NR_openat, dfd, "b.txt", O_RDONLY), fd + 1);
    CHECK(SYS(NR_read, fd + 1, buf, 10), 3);
    CHECK(meq(buf, "BB\n", 3), 1);
    CHECK(SYS(NR_close, fd + 1), 0);
    i64 afd = SYS(NR_openat, dfd, "/hello.txt", O_RDONLY);
    CHECK(afd >= 0, 1);
    CHECK(SYS(NR_close, afd), 0);
    CHECK(SYS(NR_openat, fd, "x", O_RDONLY), -ENOTDIR);
    CHECK(SYS(NR_openat, 60, "x", O_RDONLY), -EBADF);
    /* The working directory. */
    CHECK(SYS(NR_getcwd, buf, 100), 2);
    CHECK(seq(buf, "/"), 1);
    CHECK(SYS(NR_chdir, "/dir"), 0);
    CHECK(SYS(NR_getcwd, buf, 100), 5);
    CHECK(seq(buf, "/dir"), 1);
    CHECK(SYS(NR_getcwd, buf, 4), -ERANGE);
    CHECK(read_all("a.txt", buf, 10), 2);
    CHECK(SYS(NR_openat, AT_FDCWD, "b.txt", O_RDONLY) >= 0, 1);
    CHECK(SYS(NR_chdir, "sub"), 0);
    CHECK(SYS(NR_getcwd, buf, 100), 9);
    CHECK(seq(buf, "/dir/sub"), 1);
    CHECK(SYS(NR_chdir, "../.."), 0);
    CHECK(SYS(NR_getcwd, buf, 100), 2);
    CHECK(SYS(NR_chdir, "/hello.txt"), -ENOTDIR);
    CHECK(SYS(NR_chdir, "/nope"), -ENOENT);
    i64 ifd = SYS(NR_open, "/implied", O_RDONLY | O_DIRECTORY);
    CHECK(SYS(NR_fchdir, ifd), 0);
    CHECK(SYS(NR_getcwd, buf, 100), 9);
    CHECK(seq(buf, "/implied"), 1);
    CHECK(SYS(NR_fchdir, fd), -ENOTDIR);
    CHECK(SYS(NR_chdir, "/"), 0);
    for (i64 i = 3; i < 64; ++i) SYS(NR_close, i);
}

static void links(void) {
    struct kstat st, st2;
    CHECK(read_all("/dir/link", buf, 100), 13);
    CHECK(meq(buf, "hello, image\n", 13), 1);
    CHECK(SYS(NR_lstat, "/dir/link", &st), 0);
    CHECK(st.st_mode & S_IFMT, S_IFLNK);
    CHECK(st.st_size, 12);
    CHECK(SYS(NR_stat, "/dir/link", &st), 0);
    CHECK(st.st_mode & S_IFMT, S_IFREG);
    CHECK(SYS(NR_readlink, "/dir/link", buf, 100), 12);
    CHECK(meq(buf, "../hello.txt", 12), 1);
    CHECK(SYS(NR_readlink, "/dir/link", buf, 3), 3);
    CHECK(SYS(NR_readlink, "/hello.txt", buf, 100), -EINVAL);
    CHECK(SYS(NR_readlinkat, AT_FDCWD, "/abs", buf, 100), 10);
    CHECK(read_all("/abs", buf, 100), 2);
    CHECK(meq(buf, "A\n", 2), 1);
    CHECK(read_all("/escape", buf, 100), 13); /* ../../../../hello.txt stays inside */
    CHECK(read_all("/loop1", buf, 100), -ELOOP);
    CHECK(read_all("/dangling", buf, 100), -ENOENT);
    CHECK(SYS(NR_open, "/dir/link", O_RDONLY | O_NOFOLLOW), -ELOOP);
    CHECK(read_all("/dirlink/a.txt", buf, 100), 2);
    CHECK(read_all("/dirlink/../hello.txt", buf, 100), 13);
    CHECK(SYS(NR_stat, "/dirlink/", &st), 0);
    CHECK(st.st_mode & S_IFMT, S_IFDIR);
    /* A hard link is the same file. */
    CHECK(SYS(NR_stat, "/hard", &st), 0);
    CHECK(SYS(NR_stat, "/hello.txt", &st2), 0);
    CHECK(st.st_ino, st2.st_ino);
    CHECK(st.st_nlink, 2);
    CHECK(read_all("/hard", buf, 100), 13);
}

static void status_calls(void) {
    struct kstat st;
    static u8 sx[256];
    CHECK(SYS(NR_access, "/hello.txt", R_OK), 0);
    CHECK(SYS(NR_access, "/hello.txt", W_OK), -EROFS);
    CHECK(SYS(NR_access, "/hello.txt", X_OK), -EACCES);
    CHECK(SYS(NR_access, "/run.sh", X_OK), 0);
    CHECK(SYS(NR_access, "/dir", X_OK), 0);
    CHECK(SYS(NR_access, "/nope", F_OK), -ENOENT);
    CHECK(SYS(NR_access, "/hello.txt", 8), -EINVAL);
    i64 dfd = SYS(NR_open, "/dir", O_RDONLY | O_DIRECTORY);
    CHECK(SYS(NR_faccessat, dfd, "a.txt", R_OK), 0);
    CHECK(SYS(NR_faccessat2, AT_FDCWD, "/dangling", F_OK, AT_SYMLINK_NOFOLLOW), 0);
    CHECK(SYS(NR_faccessat2, AT_FDCWD, "/dangling", F_OK, 0), -ENOENT);
    CHECK(SYS(NR_faccessat2, AT_FDCWD, "/hello.txt", F_OK, 0x4), -EINVAL);
    i64 fd = open_ro("/hello.txt");
    CHECK(SYS(NR_newfstatat, fd, "", &st, AT_EMPTY_PATH), 0);
    CHECK(st.st_size, 13);
    CHECK(SYS(NR_newfstatat, fd, "", &st, 0), -ENOENT);
    CHECK(SYS(NR_newfstatat, dfd, "a.txt", &st, 0), 0);
    CHECK(st.st_size, 2);
    CHECK(SYS(NR_newfstatat, AT_FDCWD, "/dir/link", &st, AT_SYMLINK_NOFOLLOW), 0);
    CHECK(st.st_mode & S_IFMT, S_IFLNK);
    CHECK(SYS(NR_newfstatat, AT_FDCWD, "/hello.txt", &st, 0x8000), -EINVAL);
    CHECK(SYS(NR_statx, AT_FDCWD, "/hello.txt", 0, 0x7ff, sx), 0);
    CHECK(*(u64*)(sx + 40), 13);                /* stx_size */
    CHECK(*(u16*)(sx + 28) & S_IFMT, S_IFREG);   /* stx_mode */
    CHECK(*(u32*)(sx + 16), 2);                 /* stx_nlink */
    CHECK(SYS(NR_statx, fd, "", AT_EMPTY_PATH, 0x7ff, sx), 0);
    CHECK(*(u64*)(sx + 40), 13);
    CHECK(SYS(NR_statx, AT_FDCWD, "/hello.txt", 0x80000, 0x7ff, sx), -EINVAL);
    /* Descriptors share offsets through dup; flags. */
    i64 fd2 = SYS(NR_dup, fd);
    CHECK(SYS(NR_lseek, fd, 3, SEEK_SET), 3);
    CHECK(SYS(NR_lseek, fd2, 0, SEEK_CUR), 3);
    CHECK(SYS(NR_fcntl, fd, F_GETFL), O_RDONLY);
    CHECK(SYS(NR_fcntl, fd, F_GETFD), 0);
    i64 cfd = SYS(NR_open, "/hello.txt", O_RDONLY | O_CLOEXEC);
    CHECK(SYS(NR_fcntl, cfd, F_GETFD), 1);
    CHECK(SYS(NR_fcntl, cfd, F_SETFD, 0), 0);
    CHECK(SYS(NR_fcntl, cfd, F_GETFD), 0);
    CHECK(SYS(NR_fcntl, fd, F_DUPFD, 50), 50);
    CHECK(SYS(NR_dup2, fd, 40), 40);
    CHECK(SYS(NR_close, 40), 0);
    CHECK(SYS(NR_close, 40), -EBADF);
    CHECK(SYS(NR_dup2, fd, 64), -EBADF);
    /* Descriptor exhaustion. */
    int opened = 0;
    i64 r;
    while ((r = open_ro("/hello.txt")) >= 0) ++opened;
    CHECK(r, -EMFILE);
    CHECK(opened > 40, 1);
    CHECK(SYS(NR_dup, fd), -EMFILE);
    for (i64 i = 3; i < 64; ++i) SYS(NR_close, i);
}

/* struct flock on x86-64. */
struct kflock {
    short type, whence;
    i64 start, len;
    int pid;
};
enum { F_GETLK = 5, F_SETLK = 6, F_SETLKW = 7, F_RDLCK = 0, F_WRLCK = 1, F_UNLCK = 2, ENOLCK = 37 };

/* Record locks: granted on the private, read-only image (read locks only: its files open
 * read-only), F_GETLK finds no conflict; refused on channels. */
static void locks(void) {
    i64 fd = open_ro("/hello.txt");
    CHECK(fd >= 3, 1);
    struct kflock l = {F_RDLCK, SEEK_SET, 0, 0, 0};
    CHECK(SYS(NR_fcntl, fd, F_SETLK, &l), 0);
    CHECK(SYS(NR_fcntl, fd, F_SETLKW, &l), 0);
    l.type = F_WRLCK;
    CHECK(SYS(NR_fcntl, fd, F_SETLK, &l), -EBADF);
    CHECK(SYS(NR_fcntl, fd, F_GETLK, &l), 0);
    CHECK(l.type, F_UNLCK);
    l.type = F_UNLCK;
    CHECK(SYS(NR_fcntl, fd, F_SETLK, &l), 0);
    struct kflock bad = {7, SEEK_SET, 0, 0, 0};
    CHECK(SYS(NR_fcntl, fd, F_SETLK, &bad), -EINVAL);
    struct kflock before = {F_RDLCK, SEEK_END, -14, 1, 0}; /* the file has 13 bytes */
    CHECK(SYS(NR_fcntl, fd, F_SETLK, &before), -EINVAL);
    before.start = -13;
    CHECK(SYS(NR_fcntl, fd, F_SETLK, &before), 0);
    struct kflock whence = {F_RDLCK, 3, 0, 0, 0};
    CHECK(SYS(NR_fcntl, fd, F_GETLK, &whence), -EINVAL);
    CHECK(SYS(NR_fcntl, fd, F_SETLK, 0x10), -EFAULT);
    CHECK(SYS(NR_fcntl, 50, F_SETLK, &l), -EBADF);
    l.type = F_WRLCK;
    CHECK(SYS(NR_fcntl, 1, F_SETLK, &l), -ENOLCK);
    CHECK(SYS(NR_close, fd), 0);
}

static void devices(void) {
    struct kstat st;
    char list[512];
    CHECK(SYS(NR_stat, "/dev/stdout", &st), 0);
    i64 out = SYS(NR_open, "/dev/stdout", O_WRONLY);
    CHECK(out >= 3, 1);
    CHECK(SYS(NR_write, out, "via /dev/stdout\n", 16), 16);
    CHECK(SYS(NR_open, "/dev/stdin", O_WRONLY), -EACCES);
    CHECK(SYS(NR_open, "/dev/stdout", O_RDONLY), -EACCES);
    i64 dev = SYS(NR_open, "/dev", O_RDONLY | O_DIRECTORY);
    list_dir(dev, 4096, list);
    CHECK(seq(list, ".:4,..:4,stderr:2,stdin:2,stdout:2,"), 1);
    CHECK(SYS(NR_close, dev), 0);
    CHECK(SYS(NR_close, out), 0);
    CHECK(SYS(NR_lseek, 1, 0, SEEK_CUR), -29); /* stdout is sequential: -ESPIPE */
}

int main(int argc, char** argv) {
    (void)argc;
    (void)argv;
    files();
    directories();
    links();
    status_calls();
    locks();
    devices();
    put(1, "fs ok\n");
    return 0;
}
