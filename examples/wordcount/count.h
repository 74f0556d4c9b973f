/* The word table shared by the mapper, the reducer and the native single-process count:
 * words are maximal runs of ASCII letters, lower-cased; each has a count. Header-only so
 * that zcc (mapper.c, reducer.c) and the host compiler (native.c) build the same code. */
#ifndef WORDCOUNT_COUNT_H
#define WORDCOUNT_COUNT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct entry {
    char* word; /* NUL-terminated, owned */
    uint64_t count;
};

struct table {
    struct entry* slots; /* open addressing, a power of two */
    size_t capacity, used;
};

static void* wc_alloc(size_t n) {
    void* p = calloc(1, n);
    if (!p) {
        fputs("wordcount: out of memory\n", stderr);
        exit(2);
    }
    return p;
}

static uint64_t wc_hash(const char* s, size_t n) {
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (size_t i = 0; i < n; ++i)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

static void table_grow(struct table* t) {
    struct table bigger = {wc_alloc((t->capacity ? 2 * t->capacity : 1024) * sizeof(struct entry)),
                           t->capacity ? 2 * t->capacity : 1024, t->used};
    for (size_t i = 0; i < t->capacity; ++i) {
        if (!t->slots[i].word) continue;
        size_t j = wc_hash(t->slots[i].word, strlen(t->slots[i].word)) & (bigger.capacity - 1);
        while (bigger.slots[j].word)
            j = (j + 1) & (bigger.capacity - 1);
        bigger.slots[j] = t->slots[i];
    }
    free(t->slots);
    *t = bigger;
}

/* Adds `n` to the count of the word w[0..len). */
static void table_add(struct table* t, const char* w, size_t len, uint64_t n) {
    if (2 * (t->used + 1) > t->capacity) table_grow(t);
    size_t j = wc_hash(w, len) & (t->capacity - 1);
    while (t->slots[j].word) {
        if (strlen(t->slots[j].word) == len && !memcmp(t->slots[j].word, w, len)) {
            t->slots[j].count += n;
            return;
        }
        j = (j + 1) & (t->capacity - 1);
    }
    char* copy = wc_alloc(len + 1);
    memcpy(copy, w, len);
    t->slots[j].word = copy;
    t->slots[j].count = n;
    ++t->used;
}

/* Counts the words of a whole text, text[0..n). Words longer than 255 letters are cut. */
static void table_count_text(struct table* t, const char* text, size_t n) {
    char word[255];
    size_t len = 0;
    for (size_t i = 0; i <= n; ++i) {
        const unsigned char c = i < n ? (unsigned char)text[i] : ' ';
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            if (len < sizeof word) word[len++] = (char)(c | 0x20);
        } else if (len > 0) {
            table_add(t, word, len, 1);
            len = 0;
        }
    }
}

static int entry_order(const void* a, const void* b) {
    const struct entry* x = a;
    const struct entry* y = b;
    if (x->count != y->count) return x->count > y->count ? -1 : 1;
    return strcmp(x->word, y->word);
}

/* The entries, most frequent first, then alphabetically. */
static struct entry* table_sorted(const struct table* t) {
    struct entry* out = wc_alloc((t->used + 1) * sizeof *out);
    size_t k = 0;
    for (size_t i = 0; i < t->capacity; ++i)
        if (t->slots[i].word) out[k++] = t->slots[i];
    qsort(out, k, sizeof *out, entry_order);
    return out;
}

/* Frees the table's words and slots, and `sorted` (from table_sorted, or NULL). */
static void table_free(struct table* t, struct entry* sorted) {
    for (size_t i = 0; i < t->capacity; ++i)
        free(t->slots[i].word);
    free(t->slots);
    free(sorted);
    *t = (struct table){0};
}

#endif
