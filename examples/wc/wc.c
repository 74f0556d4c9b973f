/* wc: counts the lines, words and bytes of every regular file under a directory of the
 * zapp's read-only image (default "/", without the channels in /dev), like
 * `wc $(find DIR -type f | sort)`.
 * The table goes to the channel /dev/output when the zapp has one, else to stdout.
 * Exit status: 0, or 1 when a file or directory cannot be read. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct paths {
    char** items;
    size_t count, capacity;
};

static int failed;

static void add_path(struct paths* p, const char* path) {
    if (p->count == p->capacity) {
        p->capacity = p->capacity ? 2 * p->capacity : 64;
        p->items = realloc(p->items, p->capacity * sizeof *p->items);
        if (!p->items) {
            perror("wc: realloc");
            exit(1);
        }
    }
    p->items[p->count++] = strdup(path);
}

/* Collects the regular files under `dir`, following no symbolic links to directories. */
static void walk(struct paths* p, const char* dir) {
    DIR* d = opendir(dir);
    if (!d) {
        fprintf(stderr, "wc: %s: %s\n", dir, strerror(errno));
        failed = 1;
        return;
    }
    struct dirent* e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        char path[4096];
        snprintf(path, sizeof path, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/",
                 e->d_name);
        /* /dev holds the zapp's channels, not files of the image. */
        if (!strcmp(path, "/dev")) continue;
        struct stat st;
        if (lstat(path, &st) != 0) {
            fprintf(stderr, "wc: %s: %s\n", path, strerror(errno));
            failed = 1;
        } else if (S_ISDIR(st.st_mode)) {
            walk(p, path);
        } else if (S_ISREG(st.st_mode)) {
            add_path(p, path);
        }
    }
    closedir(d);
}

static int by_name(const void* a, const void* b) {
    return strcmp(*(char* const*)a, *(char* const*)b);
}

int main(int argc, char** argv) {
    const char* root = argc > 1 ? argv[1] : "/";
    FILE* out = fopen("/dev/output", "w");
    if (!out) out = stdout;

    struct paths p = {0};
    walk(&p, root);
    qsort(p.items, p.count, sizeof *p.items, by_name);

    long total_lines = 0, total_words = 0, total_bytes = 0;
    for (size_t i = 0; i < p.count; ++i) {
        FILE* f = fopen(p.items[i], "r");
        if (!f) {
            fprintf(stderr, "wc: %s: %s\n", p.items[i], strerror(errno));
            failed = 1;
            continue;
        }
        long lines = 0, words = 0, bytes = 0;
        int c, in_word = 0;
        while ((c = getc(f)) != EOF) {
            ++bytes;
            if (c == '\n') ++lines;
            if (isspace(c)) {
                in_word = 0;
            } else if (!in_word) {
                in_word = 1;
                ++words;
            }
        }
        fclose(f);
        fprintf(out, "%7ld %7ld %7ld %s\n", lines, words, bytes, p.items[i]);
        total_lines += lines;
        total_words += words;
        total_bytes += bytes;
    }
    fprintf(out, "%7ld %7ld %7ld total\n", total_lines, total_words, total_bytes);
    if (out != stdout && fclose(out) != 0) {
        perror("wc: /dev/output");
        failed = 1;
    }
    return failed;
}
