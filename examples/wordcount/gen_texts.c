/* Writes the corpus of examples/wordcount at build time: COUNT text files of made-up
 * sentences over a small vocabulary, with a skewed (roughly Zipf-like) choice of words,
 * capitals and punctuation, the same on every build (a fixed linear congruential
 * generator). No third-party text.
 *   gen_texts DIR COUNT        writes DIR/text-00.txt ... */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static const char* const kWords[] = {
    "the",     "a",       "and",     "of",      "to",      "in",      "sandbox", "channel",
    "is",      "it",      "zapp",    "that",    "runs",    "with",    "for",     "on",
    "every",   "reader",  "writer",  "message", "stream",  "byte",    "page",    "code",
    "memory",  "host",    "call",    "image",   "file",    "report",  "timeout", "quota",
    "mapper",  "reducer", "word",    "count",   "river",   "stone",   "lantern", "orchard",
    "harbour", "winter",  "copper",  "meadow",  "thistle", "compass", "ember",   "falcon",
    "granite", "hollow",  "island",  "juniper", "kettle",  "lichen",  "marble",  "nettle",
    "otter",   "pepper",  "quarry",  "raven",   "saffron", "tundra",  "umber",   "velvet",
    "willow",  "yarrow",  "zephyr",  "quiet",   "bright",  "slow",    "early",   "late",
    "under",   "over",    "between", "beside",  "beyond",  "within",  "without", "again",
    "never",   "always",  "often",   "seldom",  "carries", "follows", "watches", "gathers",
    "counts",  "writes",  "reads",   "waits",   "ends",    "begins",  "returns", "sleeps",
};
#define NWORDS (sizeof kWords / sizeof kWords[0])

static uint64_t state;

static uint32_t next(void) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(state >> 33);
}

/* A word index, small ones far more often: the minimum of three uniform draws. */
static size_t pick(void) {
    size_t w = next() % NWORDS;
    for (int i = 0; i < 2; ++i) {
        const size_t v = next() % NWORDS;
        if (v < w) w = v;
    }
    return w;
}

int main(int argc, char** argv) {
    if (argc != 3) {
        fputs("usage: gen_texts DIR COUNT\n", stderr);
        return 2;
    }
    const int count = atoi(argv[2]);
    for (int f = 0; f < count; ++f) {
        char path[4096];
        snprintf(path, sizeof path, "%s/text-%02d.txt", argv[1], f);
        FILE* out = fopen(path, "w");
        if (!out) {
            perror(path);
            return 1;
        }
        state = 0x5eed0000u + (uint64_t)f;
        const int lines = 40 + (int)(next() % 60);
        for (int l = 0; l < lines; ++l) {
            const int words = 4 + (int)(next() % 12);
            for (int w = 0; w < words; ++w) {
                const char* word = kWords[pick()];
                if (w == 0) {
                    fputc(word[0] - 'a' + 'A', out);
                    fputs(word + 1, out);
                } else {
                    fputc(' ', out);
                    fputs(word, out);
                }
                if (w + 1 < words && next() % 9 == 0) fputc(',', out);
            }
            fputs(next() % 4 ? ".\n" : "!\n", out);
        }
        if (fclose(out) != 0) {
            perror(path);
            return 1;
        }
    }
    return 0;
}
