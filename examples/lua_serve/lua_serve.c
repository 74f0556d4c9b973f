/* lua_serve: Lua with its standard libraries and a handler script loaded once, answering
 * requests from the snapshot taken after that start-up (docs/serve.md).
 *
 * Start-up: a Lua state, luaL_openlibs, then the script /app/handler.lua of the zapp's image
 * (which may prepare data); then zvm_snapshot. Under `zvm serve --app NAME=lua_serve.zapp,
 * snapshot` every request resumes there: handle(input, arg1, arg2, ...) is called with the
 * request's stdin and arguments and returns the text to write to stdout and optionally an
 * exit status. Under `zvm run` (or served without `,snapshot`) the same happens once per
 * process, after the full start-up. A script error goes to stderr with exit status 1. */
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zvm/serve.h>

#ifndef SCRIPT /* a native build for checking may name another file */
#define SCRIPT "/app/handler.lua"
#endif

/* All of stdin into a Lua string on the stack. */
static int push_stdin(lua_State* L) {
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    size_t n;
    do {
        char* p = luaL_prepbuffer(&b);
        n = fread(p, 1, LUAL_BUFFERSIZE, stdin);
        luaL_addsize(&b, n);
    } while (n == LUAL_BUFFERSIZE);
    if (ferror(stdin)) return 0;
    luaL_pushresult(&b);
    return 1;
}

static int traceback(lua_State* L) {
    luaL_traceback(L, L, lua_tostring(L, 1), 1);
    return 1;
}

int main(int argc, char** argv) {
    lua_State* L = luaL_newstate();
    if (L == NULL) {
        fprintf(stderr, "lua_serve: cannot create a Lua state (out of memory)\n");
        return 1;
    }
    luaL_openlibs(L);
    if (luaL_dofile(L, SCRIPT) != LUA_OK) {
        fprintf(stderr, "lua_serve: %s\n", lua_tostring(L, -1));
        return 1;
    }
    lua_getglobal(L, "handle");
    if (!lua_isfunction(L, -1)) {
        fprintf(stderr, "lua_serve: %s defines no function 'handle'\n", SCRIPT);
        return 1;
    }
    lua_pop(L, 1);
    fflush(NULL); /* nothing buffered may leak into the requests */
    if (zvm_snapshot(&argc, &argv) < 0) {
        perror("lua_serve: zvm_snapshot");
        return 1;
    }

    /* One request: handle(input, args...). */
    lua_pushcfunction(L, traceback);
    lua_getglobal(L, "handle");
    if (!push_stdin(L)) {
        perror("lua_serve: reading stdin");
        return 1;
    }
    if (!lua_checkstack(L, argc)) {
        fprintf(stderr, "lua_serve: %d arguments do not fit on Lua's stack\n", argc - 1);
        return 1;
    }
    for (int i = 1; i < argc; ++i)
        lua_pushstring(L, argv[i]);
    if (lua_pcall(L, argc, 2, 1) != LUA_OK) {
        fprintf(stderr, "lua_serve: handle: %s\n", lua_tostring(L, -1));
        return 1;
    }
    size_t len = 0;
    const char* out = lua_tolstring(L, -2, &len);
    if (out == NULL && !lua_isnil(L, -2)) {
        fprintf(stderr, "lua_serve: handle returned a %s, not a string\n", luaL_typename(L, -2));
        return 1;
    }
    int status = lua_isinteger(L, -1) ? (int)lua_tointeger(L, -1) : 0;
    if (out != NULL && fwrite(out, 1, len, stdout) != len) {
        perror("lua_serve: writing stdout");
        return 1;
    }
    if (fflush(stdout) != 0) {
        perror("lua_serve: writing stdout");
        return 1;
    }
    return status;
}
