#include "runtime/random.h"

#include <gtest/gtest.h>

namespace zvm::runtime {
namespace {

TEST(DeterministicRandom, SameSeedSameBytes) {
    DeterministicRandom a(42), b(42), c(43);
    unsigned char x[37], y[37], z[37];
    a.fill(x, sizeof x);
    b.fill(y, sizeof y);
    c.fill(z, sizeof z);
    EXPECT_EQ(0, memcmp(x, y, sizeof x));
    EXPECT_NE(0, memcmp(x, z, sizeof x));
}

} // namespace
} // namespace zvm::runtime
