/* The reduce step of examples/wordcount: reads the "WORD COUNT" lines of N mappers from
 * the channels /dev/in0 ... /dev/in<N-1> (ZeroMQ channels in run.sh: each read to its end
 * of stream), adds the counts and prints "COUNT WORD" lines, most frequent first, then
 * alphabetically: the same table native.c prints for all the files at once.
 *   reducer N
 * Exit status: 0; 1 when a channel cannot be read or holds a malformed line. */
#include "count.h"

#include <errno.h>

static int add_lines(struct table* t, const char* name, FILE* in) {
    char line[512];
    unsigned long lineno = 0;
    while (fgets(line, sizeof line, in)) {
        ++lineno;
        char* space = strchr(line, ' ');
        char* end = NULL;
        errno = 0;
        const unsigned long long n = space ? strtoull(space + 1, &end, 10) : 0;
        if (!space || space == line || errno || !end || (*end != '\n' && *end != '\0')) {
            fprintf(stderr, "reducer: %s:%lu: not 'WORD COUNT'\n", name, lineno);
            return 1;
        }
        table_add(t, line, (size_t)(space - line), n);
    }
    if (ferror(in)) {
        fprintf(stderr, "reducer: %s: %s\n", name, strerror(errno));
        return 1;
    }
    return 0;
}

int main(int argc, char** argv) {
    const int n = argc == 2 ? atoi(argv[1]) : 0;
    if (n <= 0) {
        fputs("usage: reducer N (reads /dev/in0 ... /dev/in<N-1>)\n", stderr);
        return 1;
    }
    struct table t = {0};
    int status = 0;
    for (int i = 0; i < n; ++i) {
        char name[32];
        snprintf(name, sizeof name, "/dev/in%d", i);
        FILE* in = fopen(name, "r");
        if (!in) {
            fprintf(stderr, "reducer: %s: %s\n", name, strerror(errno));
            status = 1;
            continue;
        }
        status |= add_lines(&t, name, in);
        fclose(in);
    }
    struct entry* e = table_sorted(&t);
    for (size_t i = 0; i < t.used; ++i)
        printf("%llu %s\n", (unsigned long long)e[i].count, e[i].word);
    table_free(&t, e);
    return status;
}
