/* Phase 1 mini C library (replaced by musl in Phase 2). */
#ifndef _STRING_H
#define _STRING_H

#include <stddef.h>

size_t strlen(const char* s);
void* memcpy(void* restrict dst, const void* restrict src, size_t n);
void* memmove(void* dst, const void* src, size_t n);
void* memset(void* dst, int c, size_t n);
int memcmp(const void* a, const void* b, size_t n);

#endif
