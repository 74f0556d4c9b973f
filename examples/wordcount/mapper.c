/* The map step of examples/wordcount: counts the words of the files named on its command
 * line (files of its zapp's read-only image) and writes "WORD COUNT" lines, one per
 * distinct word, to stdout, which run.sh joins to the reducer by a ZeroMQ channel.
 * Exit status: 0, or 1 when a file cannot be read. */
#include "count.h"

static char* read_file(const char* path, size_t* size) {
    FILE* f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 65536, n = 0;
    char* buf = wc_alloc(cap);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            buf = realloc(buf, cap *= 2);
            if (!buf) exit(2);
        }
    }
    const int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return NULL;
    }
    *size = n;
    return buf;
}

int main(int argc, char** argv) {
    struct table t = {0};
    int status = 0;
    for (int i = 1; i < argc; ++i) {
        size_t n = 0;
        char* text = read_file(argv[i], &n);
        if (!text) {
            perror(argv[i]);
            status = 1;
            continue;
        }
        table_count_text(&t, text, n);
        free(text);
    }
    struct entry* e = table_sorted(&t);
    for (size_t i = 0; i < t.used; ++i)
        printf("%s %llu\n", e[i].word, (unsigned long long)e[i].count);
    table_free(&t, e);
    if (fflush(stdout) != 0) {
        perror("mapper: stdout");
        return 1;
    }
    return status;
}
