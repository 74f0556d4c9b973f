/* Phase 1 mini C library (replaced by musl in Phase 2): errno is a plain global, since a
 * sandbox is single-threaded. */
#ifndef _ERRNO_H
#define _ERRNO_H

extern int errno;

#define ENOSYS 38

#endif
