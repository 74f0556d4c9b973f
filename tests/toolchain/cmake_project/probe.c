/* try_run's program: prints its own name (zvm passes the nexe's file name) and exits with 7. */
#include <stdio.h>
#include <string.h>

int main(int argc, char** argv) {
    (void)argc;
    const char* slash = strrchr(argv[0], '/');
    printf("probe ran as %s\n", slash ? slash + 1 : argv[0]);
    return 7;
}
