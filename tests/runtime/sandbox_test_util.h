// Shared helpers of the runtime's unit tests.
#pragma once

#include "runtime/sandbox_memory.h"

#include <gtest/gtest.h>

#if defined(__SANITIZE_ADDRESS__)
#define ZVM_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ZVM_UNDER_ASAN 1
#endif
#endif

// AddressSanitizer's shadow memory occupies [0x7fff8000, 0x10007fff8000), inside the
// sandbox's reservation: tests that need the reservation cannot run under ASan.
#ifdef ZVM_UNDER_ASAN
#define ZVM_SKIP_UNDER_ASAN() GTEST_SKIP() << "the sandbox reservation overlaps ASan's shadow"
#else
#define ZVM_SKIP_UNDER_ASAN() (void)0
#endif
