/* A tiny freestanding harness for C test nexes (built with zcc -nostdlib, no C library):
 * _start, raw system calls (the rewriter turns `syscall` into the trampoline call),
 * output helpers and CHECK, which prints the failing line and exits 1. */
#ifndef ZTEST_H
#define ZTEST_H

typedef unsigned long u64;
typedef long i64;
typedef unsigned int u32;
typedef unsigned short u16;
typedef unsigned char u8;

/* Linux x86-64 numbers and constants used by the tests. */
enum {
    NR_read = 0, NR_write = 1, NR_open = 2, NR_close = 3, NR_stat = 4, NR_fstat = 5,
    NR_lstat = 6, NR_lseek = 8, NR_pread64 = 17, NR_pwrite64 = 18, NR_readv = 19,
    NR_access = 21, NR_dup = 32, NR_dup2 = 33, NR_fcntl = 72, NR_getcwd = 79,
    NR_chdir = 80, NR_fchdir = 81, NR_mkdir = 83, NR_unlink = 87, NR_readlink = 89,
    NR_exit_group = 231, NR_openat = 257, NR_newfstatat = 262, NR_readlinkat = 267,
    NR_faccessat = 269, NR_getdents64 = 217, NR_statx = 332, NR_faccessat2 = 439,
};
enum {
    O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0100, O_EXCL = 0200, O_TRUNC = 01000,
    O_APPEND = 02000, O_DIRECTORY = 0200000, O_NOFOLLOW = 0400000, O_CLOEXEC = 02000000,
    AT_FDCWD = -100, AT_SYMLINK_NOFOLLOW = 0x100, AT_EMPTY_PATH = 0x1000,
    SEEK_SET = 0, SEEK_CUR = 1, SEEK_END = 2,
    F_OK = 0, X_OK = 1, W_OK = 2, R_OK = 4,
    F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_DUPFD = 0,
    S_IFMT = 0170000, S_IFDIR = 0040000, S_IFREG = 0100000, S_IFLNK = 0120000,
    S_IFCHR = 0020000,
};
enum {
    EPERM = 1, ENOENT = 2, EBADF = 9, EACCES = 13, EFAULT = 14, EEXIST = 17, ENOTDIR = 20,
    EISDIR = 21, EINVAL = 22, EMFILE = 24, ESPIPE = 29, EROFS = 30, ERANGE = 34,
    ENAMETOOLONG = 36, ELOOP = 40, EDQUOT = 122,
};

/* The kernel's struct stat on x86-64. */
struct kstat {
    u64 st_dev, st_ino, st_nlink;
    u32 st_mode, st_uid, st_gid, pad0;
    u64 st_rdev;
    i64 st_size, st_blksize, st_blocks;
    i64 st_atime_, st_atime_nsec, st_mtime_, st_mtime_nsec, st_ctime_, st_ctime_nsec;
    i64 unused[3];
};

struct kiovec {
    void* base;
    u64 len;
};

static inline i64 zsys6(i64 n, i64 a, i64 b, i64 c, i64 d, i64 e, i64 f) {
    i64 ret;
    register i64 r10 __asm__("r10") = d;
    register i64 r8 __asm__("r8") = e;
    register i64 r9 __asm__("r9") = f;
    /* Rewritten by zvm-as into the trampoline call; the convention is Linux's. */
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return ret;
}
#define SYS(n, ...) zsys_(n, __VA_ARGS__, 0, 0, 0, 0, 0, 0)
#define zsys_(n, a, b, c, d, e, f, ...) zsys6((n), (i64)(a), (i64)(b), (i64)(c), (i64)(d), (i64)(e), (i64)(f))
#define SYS0(n) zsys6((n), 0, 0, 0, 0, 0, 0)

static u64 slen(const char* s) {
    u64 n = 0;
    while (s[n]) ++n;
    return n;
}
static int seq(const char* a, const char* b) {
    while (*a && *a == *b) ++a, ++b;
    return *a == *b;
}
static int meq(const void* a, const void* b, u64 n) {
    const u8 *x = a, *y = b;
    for (u64 i = 0; i < n; ++i)
        if (x[i] != y[i]) return 0;
    return 1;
}
static void put(int fd, const char* s) { SYS(NR_write, fd, s, slen(s)); }
static void put_num(int fd, i64 v) {
    char buf[24];
    int i = 23;
    int neg = v < 0;
    u64 u = neg ? (u64)(-v) : (u64)v;
    buf[i] = 0;
    do {
        buf[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (neg) buf[--i] = '-';
    put(fd, buf + i);
}
static __attribute__((noreturn)) void zexit(int code) {
    SYS(NR_exit_group, code);
    __builtin_unreachable();
}

/* CHECK(expr, want): on mismatch prints "FAIL line N: expr = got (want W)" and exits 1. */
#define CHECK(expr, want)                                                                         \
    do {                                                                                          \
        i64 got_ = (i64)(expr), want_ = (i64)(want);                                              \
        if (got_ != want_) {                                                                      \
            put(2, "FAIL line ");                                                                 \
            put_num(2, __LINE__);                                                                 \
            put(2, ": " #expr " = ");                                                             \
            put_num(2, got_);                                                                     \
            put(2, " (want ");                                                                    \
            put_num(2, want_);                                                                    \
            put(2, ")\n");                                                                        \
            zexit(1);                                                                             \
        }                                                                                         \
    } while (0)

/* The compiler may emit calls to these for struct copies and initialisation. */
void* memset(void* d, int c, u64 n) {
    u8* p = d;
    for (u64 i = 0; i < n; ++i) p[i] = (u8)c;
    return d;
}
void* memcpy(void* d, const void* s, u64 n) {
    u8* p = d;
    const u8* q = s;
    for (u64 i = 0; i < n; ++i) p[i] = q[i];
    return d;
}

int main(int argc, char** argv);

void _start_c(long* sp) __attribute__((used, noreturn));
void _start_c(long* sp) {
    zexit(main((int)sp[0], (char**)(sp + 1)));
}
__asm__(".text\n"
        ".global _start\n"
        "_start:\n"
        "	xor %rbp,%rbp\n"
        "	mov %rsp,%rdi\n"
        "	andq $-16,%rsp\n"
        "	call _start_c\n"
        "	hlt\n");

#endif
