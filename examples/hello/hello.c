/* hello: the smallest zapp. Prints a greeting and its arguments, one per line, and exits with
 * the number of arguments (so that tests can check that the exit status comes through).
 * Uses only write() and strlen(): the smallest use of the sandbox's C library (musl). */
#include <string.h>
#include <unistd.h>

static void put_line(const char* s) {
    write(STDOUT_FILENO, s, strlen(s));
    write(STDOUT_FILENO, "\n", 1);
}

int main(int argc, char** argv) {
    put_line("Hello from the zvm sandbox!");
    for (int i = 1; i < argc; ++i)
        put_line(argv[i]);
    return argc - 1;
}
