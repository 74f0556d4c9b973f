/* string.h at every alignment and length (musl's x86-64 memcpy/memmove/memset are assembly). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned checksum(const unsigned char* p, size_t n) {
    unsigned h = 2166136261u;
    for (size_t i = 0; i < n; ++i)
        h = (h ^ p[i]) * 16777619u;
    return h;
}

int main(void) {
    static unsigned char a[600], b[600];
    unsigned total = 0;
    for (size_t off = 0; off < 17; ++off)
        for (size_t len = 0; len < 300; len += 7) {
            for (size_t i = 0; i < sizeof a; ++i)
                a[i] = (unsigned char)(i * 31 + off), b[i] = 0;
            memcpy(b + off, a + (16 - off), len);
            total += checksum(b, sizeof b);
            memmove(a + off + 3, a + off, len);
            total += checksum(a, sizeof a);
            memmove(a + off, a + off + 5, len);
            total += checksum(a, sizeof a);
            memset(b + off, (int)len, len);
            total += checksum(b, sizeof b);
            total += (unsigned)memcmp(a + off, b + off, len) > 0;
        }
    printf("mem* checksum %08x\n", total);
    char s[64] = "hello, world";
    strcat(s, "! again");
    printf("%s %zu %s %s\n", s, strlen(s), strchr(s, 'w'), strrchr(s, 'o'));
    printf("%s %s %d %d %d\n", strstr(s, "world"), strpbrk(s, ",!"), strcmp("abc", "abd") < 0,
           strncmp("abcx", "abcy", 3), strcasecmp("HeLLo", "hello"));
    printf("%zu %zu\n", strspn("aabbcx", "ab"), strcspn("xyz;abc", ";"));
    char t[] = "a,b;;c,,d";
    for (char* tok = strtok(t, ",;"); tok; tok = strtok(NULL, ",;"))
        printf("[%s]", tok);
    printf("\n");
    char* d = strdup("duplicate");
    printf("%s %s\n", d, strndup("truncate", 5));
    free(d);
    printf("%p\n", memchr("abc", 'z', 3));
    printf("%s\n", (char*)memchr("abcdef", 'd', 6));
    for (int e = 1; e < 40; e += 3)
        printf("%d: %s\n", e, strerror(e));
    char dst[10];
    printf("strncpy '%s' strlcpy-like %zu\n", strncpy(dst, "abc", sizeof dst), strnlen("abcdef", 4));
    return 0;
}
