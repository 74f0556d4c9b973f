#include "greet.h"

#include <stdio.h>

int greet(char* out, unsigned long size, const char* name) {
    return snprintf(out, size, "hello, %s", name);
}
