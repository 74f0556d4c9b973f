/* A stdin-to-stdout filter: reads lines with getline and characters with getchar, writes
 * with puts/fputs/putchar/fwrite, and counts lines, words and bytes like wc. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    char* line = NULL;
    size_t cap = 0;
    ssize_t len;
    long lines = 0, words = 0, bytes = 0;
    while ((len = getline(&line, &cap, stdin)) > 0) {
        lines++;
        bytes += len;
        int in = 0;
        for (ssize_t i = 0; i < len; ++i) {
            unsigned char c = (unsigned char)line[i];
            if (isspace(c)) in = 0;
            else if (!in) in = 1, words++;
            if (isalpha(c)) line[i] = (char)((tolower(c) - 'a' + 13) % 26 + (isupper(c) ? 'A' : 'a'));
        }
        fputs(line, stdout);
        if (lines % 100 == 0) fflush(stdout);
    }
    free(line);
    printf("%ld %ld %ld\n", lines, words, bytes);
    fwrite("end\n", 1, 4, stdout);
    return ferror(stdin) ? 1 : 0;
}
