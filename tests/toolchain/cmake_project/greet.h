/* The static library of the example project. */
#pragma once

/* Writes "hello, NAME" into out (at most size bytes); returns the length it needed. */
int greet(char* out, unsigned long size, const char* name);
