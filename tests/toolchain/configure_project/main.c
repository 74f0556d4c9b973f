/* Prints what ./configure found (its results arrive as -D flags in DEFS). */
#include <math.h>
#include <stdio.h>

#ifndef HAVE_STDINT_H
#define HAVE_STDINT_H 0
#endif
#ifndef HAVE_NO_SUCH_HEADER_H
#define HAVE_NO_SUCH_HEADER_H 0
#endif
#ifndef HAVE_SNPRINTF
#define HAVE_SNPRINTF 0
#endif
#ifndef HAVE_STRTOLD
#define HAVE_STRTOLD 0
#endif
#ifndef HAVE_NO_SUCH_FUNCTION_IN_ZVM
#define HAVE_NO_SUCH_FUNCTION_IN_ZVM 0
#endif
#ifdef WORDS_BIGENDIAN
#define ENDIAN "big"
#else
#define ENDIAN "little"
#endif

int main(void) {
    volatile double zero = 0;
    printf("headers: stdint.h %d, no/such/header.h %d\n", HAVE_STDINT_H, HAVE_NO_SUCH_HEADER_H);
    printf("functions: snprintf %d, strtold %d, no_such_function_in_zvm %d\n", HAVE_SNPRINTF,
           HAVE_STRTOLD, HAVE_NO_SUCH_FUNCTION_IN_ZVM);
    printf("sizeof: long %d, __int128 %d; %s endian\n", SIZEOF_LONG, SIZEOF___INT128, ENDIAN);
    printf("cross compiling: %s; AC_RUN_IFELSE: %s\n", CROSS_COMPILING, RUN_RESULT);
    printf("run check wrote: %s\n", RUN_OUTPUT);
    printf("cos(0) = %g\n", cos(zero));
    return 0;
}
