/* Writes the trampoline region [0x10000, 0x1F000) to stdout: the sandbox can read it
 * (read + execute), so it must hold no host address. Run by sandbox_view_run_test.cpp. */
#include "ztest.h"

int main(int argc, char** argv) {
    (void)argc, (void)argv;
    const u64 start = 0x10000, end = 0x1F000;
    for (u64 at = start; at < end;) {
        const i64 n = SYS(NR_write, 1, at, end - at);
        CHECK(n > 0, 1);
        at += (u64)n;
    }
    return 0;
}
