/* Phase 1 mini C library (replaced by musl in Phase 2): the few standard declarations hello
 * needs, with their standard prototypes. */
#ifndef _STDLIB_H
#define _STDLIB_H

#include <stddef.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

_Noreturn void exit(int status);
_Noreturn void _Exit(int status);
_Noreturn void abort(void);

#endif
