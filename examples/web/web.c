/* web: a CGI handler zapp answering HTTP requests from the read-only SQLite database of its
 * image (/data/items.db), one fresh instance per request through
 * `zvm serve --app web=web.zapp,cgi --http ADDR:PORT` (README.md):
 *
 *   GET /run/web/               an HTML page listing every item
 *   GET /run/web/items          every item, JSON
 *   GET /run/web/items?id=N     item N, JSON (404 when there is none)
 *   GET /run/web/items?category=C  the items of a category, JSON
 *
 * Anything else is 404 (unknown path) or 405 (a method other than GET or HEAD). The
 * database is opened read-only and immutable: the image cannot be written and nothing
 * else writes it, so SQLite needs no locks and no journal. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef DATABASE /* a native build for checking may name another file */
#define DATABASE "file:/data/items.db?mode=ro&immutable=1"
#endif

static const char* env(const char* name) {
    const char* v = getenv(name);
    return v ? v : "";
}

/* Writes a CGI response with a plain-text body (for errors). */
static int plain(int status, const char* reason, const char* text) {
    printf("Status: %d %s\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n%s\n", status, reason,
           text);
    return 0;
}

/* The value of `key` in a query string (no percent-decoding: the values here are numbers and
 * plain words), copied into out; 1 if present. */
static int query_value(const char* query, const char* key, char* out, size_t size) {
    const size_t klen = strlen(key);
    for (const char* p = query; *p;) {
        const char* end = strchr(p, '&');
        if (!end) end = p + strlen(p);
        if ((size_t)(end - p) > klen && strncmp(p, key, klen) == 0 && p[klen] == '=') {
            const size_t n = (size_t)(end - p) - klen - 1;
            if (n >= size) return 0;
            memcpy(out, p + klen + 1, n);
            out[n] = '\0';
            return 1;
        }
        p = *end ? end + 1 : end;
    }
    return 0;
}

static void json_string(const char* s) {
    putchar('"');
    for (; *s; ++s) {
        const unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c < 0x20)
            printf("\\u%04x", c);
        else
            putchar(c);
    }
    putchar('"');
}

static void html_text(const char* s) {
    for (; *s; ++s) {
        switch (*s) {
        case '<':
            fputs("&lt;", stdout);
            break;
        case '>':
            fputs("&gt;", stdout);
            break;
        case '&':
            fputs("&amp;", stdout);
            break;
        case '"':
            fputs("&quot;", stdout);
            break;
        default:
            putchar(*s);
        }
    }
}

static void json_item(sqlite3_stmt* st) {
    printf("{\"id\":%lld,\"name\":", sqlite3_column_int64(st, 0));
    json_string((const char*)sqlite3_column_text(st, 1));
    printf(",\"category\":");
    json_string((const char*)sqlite3_column_text(st, 2));
    printf(",\"price\":\"%lld.%02lld\",\"stock\":%lld}", sqlite3_column_int64(st, 3) / 100,
           sqlite3_column_int64(st, 3) % 100, sqlite3_column_int64(st, 4));
}

#define COLUMNS "SELECT id, name, category, price_cents, stock FROM items "

/* GET /items[?id=N | ?category=C]. */
static int items(sqlite3* db, const char* query) {
    char value[64];
    sqlite3_stmt* st = NULL;
    int one = 0;
    if (query_value(query, "id", value, sizeof value)) {
        char* end;
        const long long id = strtoll(value, &end, 10);
        if (*value == '\0' || *end != '\0') return plain(400, "Bad Request", "id must be a number");
        sqlite3_prepare_v2(db, COLUMNS "WHERE id = ?1", -1, &st, NULL);
        sqlite3_bind_int64(st, 1, id);
        one = 1;
    } else if (query_value(query, "category", value, sizeof value)) {
        sqlite3_prepare_v2(db, COLUMNS "WHERE category = ?1 ORDER BY id", -1, &st, NULL);
        sqlite3_bind_text(st, 1, value, -1, SQLITE_TRANSIENT);
    } else {
        sqlite3_prepare_v2(db, COLUMNS "ORDER BY id", -1, &st, NULL);
    }
    if (st == NULL) return plain(500, "Internal Server Error", sqlite3_errmsg(db));
    int rc = sqlite3_step(st);
    if (one) {
        if (rc != SQLITE_ROW) {
            sqlite3_finalize(st);
            printf("Status: 404 Not Found\r\nContent-Type: application/json\r\n\r\n"
                   "{\"error\":\"no item %s\"}\n",
                   value);
            return 0;
        }
        printf("Content-Type: application/json\r\n\r\n");
        json_item(st);
        putchar('\n');
        sqlite3_finalize(st);
        return 0;
    }
    printf("Content-Type: application/json\r\n\r\n[");
    for (int n = 0; rc == SQLITE_ROW; rc = sqlite3_step(st), ++n) {
        if (n) putchar(',');
        json_item(st);
    }
    printf("]\n");
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : 1;
}

/* GET /: every item as an HTML table. */
static int index_page(sqlite3* db) {
    sqlite3_stmt* st = NULL;
    if (sqlite3_prepare_v2(db, COLUMNS "ORDER BY id", -1, &st, NULL) != SQLITE_OK)
        return plain(500, "Internal Server Error", sqlite3_errmsg(db));
    printf("Content-Type: text/html; charset=utf-8\r\n\r\n"
           "<!DOCTYPE html>\n<html><head><title>Items</title></head><body>\n"
           "<h1>Items</h1>\n<table>\n<tr><th>id</th><th>name</th><th>category</th>"
           "<th>price</th><th>stock</th></tr>\n");
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const long long id = sqlite3_column_int64(st, 0), cents = sqlite3_column_int64(st, 3);
        printf("<tr><td><a href=\"items?id=%lld\">%lld</a></td><td>", id, id);
        html_text((const char*)sqlite3_column_text(st, 1));
        printf("</td><td>");
        html_text((const char*)sqlite3_column_text(st, 2));
        printf("</td><td>%lld.%02lld</td><td>%lld</td></tr>\n", cents / 100, cents % 100,
               sqlite3_column_int64(st, 4));
    }
    printf("</table>\n</body></html>\n");
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : 1;
}

int main(void) {
    const char *method = env("REQUEST_METHOD"), *path = env("PATH_INFO");
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        printf("Status: 405 Method Not Allowed\r\nAllow: GET, HEAD\r\n"
               "Content-Type: text/plain\r\n\r\n%s is not allowed here\n",
               method);
        return 0;
    }
    const int is_index = strcmp(path, "") == 0 || strcmp(path, "/") == 0;
    if (!is_index && strcmp(path, "/items") != 0) {
        printf("Status: 404 Not Found\r\nContent-Type: text/plain\r\n\r\nno page %s\n", path);
        return 0;
    }
    sqlite3* db = NULL;
    if (sqlite3_open_v2(DATABASE, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) != SQLITE_OK) {
        fprintf(stderr, "web: %s: %s\n", DATABASE, db ? sqlite3_errmsg(db) : "out of memory");
        plain(500, "Internal Server Error", "the database cannot be opened");
        sqlite3_close(db);
        return 1;
    }
    const int status = is_index ? index_page(db) : items(db, env("QUERY_STRING"));
    sqlite3_close(db);
    return status;
}
