/* Prints what the configure-time checks found, then greets argv[1]. */
#include "config.h"
#include "greet.h"

#include <stdio.h>

int main(int argc, char** argv) {
    printf("crosscompiling %s\n", CROSSCOMPILING);
    printf("stdint.h %d, no/such/header.h %d, snprintf %d\n", HAVE_STDINT_H, HAVE_NO_SUCH_HEADER,
           HAVE_SNPRINTF);
    printf("sizeof(long) %d, sizeof(__int128) %d\n", SIZEOF_LONG, SIZEOF_INT128);
    printf("try_run: exit %d, output '%s'\n", PROBE_EXIT, PROBE_OUTPUT);
    printf("check_c_source_runs(__int128 division) %d\n", INT128_DIVISION_RUNS);
    char text[64];
    greet(text, sizeof text, argc > 1 ? argv[1] : "nobody");
    printf("%s\n", text);
    return 0;
}
