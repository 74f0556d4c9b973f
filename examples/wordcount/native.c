/* The single-process count of examples/wordcount, built natively with the host's compiler
 * from the same counting code (count.h): counts the words of all the files named on its
 * command line and prints "COUNT WORD" lines as the reducer does. run.sh and the test
 * compare the map/reduce result with it. */
#include "count.h"

int main(int argc, char** argv) {
    struct table t = {0};
    for (int i = 1; i < argc; ++i) {
        FILE* f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            return 1;
        }
        static char buf[1 << 20];
        const size_t n = fread(buf, 1, sizeof buf, f);
        if (!feof(f)) {
            fprintf(stderr, "native: %s: larger than 1 MiB or unreadable\n", argv[i]);
            return 1;
        }
        fclose(f);
        table_count_text(&t, buf, n);
    }
    struct entry* e = table_sorted(&t);
    for (size_t i = 0; i < t.used; ++i)
        printf("%llu %s\n", (unsigned long long)e[i].count, e[i].word);
    table_free(&t, e);
    return 0;
}
