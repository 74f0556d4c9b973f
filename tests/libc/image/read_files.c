/* Reading files: run natively on a host folder and in the sandbox on the same tree packed into
 * the read-only image (make_tree.cmake); argv[1] is the tree's root (the folder natively, "/" in
 * the sandbox). stdio reads and seeks across buffer refills, stat/lstat/fstat, opendir/readdir,
 * scanf from a file, and the errors a read-only tree gives either way. Nothing that differs
 * between a host folder and an image by design is printed: no owner, no time stamp, no inode
 * number, no absolute path. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static unsigned long checksum(const unsigned char* p, size_t n, unsigned long h) {
    for (size_t i = 0; i < n; ++i)
        h = h * 31 + p[i];
    return h;
}

static const char* kind(mode_t mode) {
    return S_ISREG(mode) ? "file" : S_ISDIR(mode) ? "dir" : S_ISLNK(mode) ? "link" : "other";
}

static void lines(const char* path) {
    FILE* f = fopen(path, "r");
    if (!f) {
        printf("fopen %s: %s\n", path, strerror(errno));
        return;
    }
    char buf[64];
    int n = 0;
    while (fgets(buf, sizeof buf, f))
        printf("%s line %d: [%.*s]\n", path, ++n, (int)strcspn(buf, "\n"), buf);
    printf("%s: eof %d error %d\n", path, feof(f) != 0, ferror(f) != 0);
    fclose(f);
}

static void seeks(const char* path) {
    FILE* f = fopen(path, "rb");
    if (!f) {
        printf("fopen %s: %s\n", path, strerror(errno));
        return;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    printf("%s: size %ld\n", path, size);
    static const long offsets[] = {0, 1, 4095, 4096, 4097, 65536, 100000, 205000, 205189};
    for (unsigned i = 0; i < sizeof offsets / sizeof offsets[0]; ++i) {
        char buf[24] = {0};
        int r = fseek(f, offsets[i], SEEK_SET);
        size_t got = fread(buf, 1, 20, f);
        long now = ftell(f);
        printf("at %ld: seek %d read %zu [%s] now %ld\n", offsets[i], r, got, buf, now);
    }
    fseek(f, -30, SEEK_END);
    /* (each call in its own statement: the order of evaluating arguments is unspecified) */
    char tail[40] = {0};
    size_t got = fread(tail, 1, 39, f);
    printf("from end: %zu [%s]\n", got, tail);
    fseek(f, 5000, SEEK_SET);
    fseek(f, -1000, SEEK_CUR);
    long at = ftell(f);
    int c = getc(f);
    printf("SEEK_CUR back: %ld, getc '%c'\n", at, c);
    int r = fseek(f, size + 100, SEEK_SET);
    got = fread(tail, 1, 10, f);
    printf("past the end: seek %d, read %zu, eof %d\n", r, got, feof(f) != 0);
    rewind(f);
    unsigned long h = 0;
    size_t total = 0, n;
    unsigned char chunk[777]; /* an odd size: reads straddle stdio's buffer */
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        h = checksum(chunk, n, h);
        total += n;
    }
    printf("whole file: %zu bytes, checksum %lx\n", total, h);
    fclose(f);
}

static void describe(const char* path) {
    struct stat st, lst;
    if (stat(path, &st) != 0) {
        printf("stat %s: %s\n", path, strerror(errno));
        return;
    }
    lstat(path, &lst);
    printf("stat %s: %s size %lld mode %03o; lstat: %s\n", path, kind(st.st_mode),
           S_ISREG(st.st_mode) ? (long long)st.st_size : -1LL, (unsigned)(st.st_mode & 0777),
           kind(lst.st_mode));
}

static int by_name(const void* a, const void* b) {
    return strcmp(*(char* const*)a, *(char* const*)b);
}

static void list(const char* path) {
    DIR* d = opendir(path);
    if (!d) {
        printf("opendir %s: %s\n", path, strerror(errno));
        return;
    }
    char* names[64];
    int n = 0;
    struct dirent* e;
    while ((e = readdir(d)) && n < 64) {
        /* the sandbox's root also holds the runtime's /dev (docs/syscalls.md), not in the tree */
        if (strcmp(path, ".") == 0 && strcmp(e->d_name, "dev") == 0) continue;
        char entry[300];
        const char* type = e->d_type == DT_DIR ? "/" : e->d_type == DT_LNK ? "@" : "";
        snprintf(entry, sizeof entry, "%s%s", e->d_name, type);
        names[n++] = strdup(entry);
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], by_name); /* readdir's order is the file system's */
    printf("%s:", path);
    for (int i = 0; i < n; ++i) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

static void numbers(void) {
    FILE* f = fopen("data/numbers.txt", "r");
    int a, b, c, e;
    double x, y;
    int got = fscanf(f, "%d %lf %d %d %lf %i", &a, &x, &b, &c, &y, &e);
    int more = fscanf(f, "%d", &a);
    printf("fscanf %d: %d %g %d %d %g %d; then %d\n", got, a, x, b, c, y, e, more);
    fclose(f);
}

static void low_level(void) {
    int fd = open("data/sub/deep.txt", O_RDONLY);
    char buf[32] = {0};
    struct stat st;
    fstat(fd, &st);
    ssize_t r = pread(fd, buf, 10, 6);
    off_t end = lseek(fd, 0, SEEK_END);
    printf("open/fstat/pread: size %lld, pread %zd [%s], lseek end %lld\n", (long long)st.st_size,
           r, buf, (long long)end);
    close(fd);
    fd = open("data", O_RDONLY | O_DIRECTORY);
    errno = 0;
    r = read(fd, buf, sizeof buf);
    printf("read a directory: %zd %s\n", r, strerror(errno));
    close(fd);
    fd = open("data/missing", O_RDONLY);
    printf("open missing: %d %s\n", fd, strerror(errno));
    fd = open("hello.txt/x", O_RDONLY);
    printf("open file as directory: %d %s\n", fd, strerror(errno));
    printf("access R_OK %d\n", access("hello.txt", R_OK));
}

int main(int argc, char** argv) {
    if (argc != 2 || chdir(argv[1]) != 0) {
        fprintf(stderr, "usage: read_files ROOT (a readable folder)\n");
        return 2;
    }
    lines("hello.txt");
    lines("link.txt");
    lines("empty.txt");
    lines("data/../data/sub/deep.txt");
    lines("missing.txt");
    seeks("data/blob.txt");
    numbers();
    static const char* paths[] = {"hello.txt", "link.txt",      "empty.txt", "empty",     "data",
                                  "data/sub",  "data/blob.txt", "nothing",   "hello.txt/"};
    for (unsigned i = 0; i < sizeof paths / sizeof paths[0]; ++i)
        describe(paths[i]);
    list(".");
    list("data");
    list("data/sub/");
    list("empty");
    list("hello.txt");
    list("nowhere");
    low_level();
    return 0;
}
