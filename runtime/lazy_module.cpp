#include "runtime/lazy_module.h"

#include <climits>
#include <dlfcn.h>
#include <unistd.h>

namespace zvm::runtime {

void* lazy_module_symbol(const char* name, const char* symbol, std::string* error) {
    char exe[PATH_MAX];
    const ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) {
        *error = "cannot find zvm's own path";
        return nullptr;
    }
    std::string path(exe, static_cast<size_t>(n));
    path = path.substr(0, path.find_last_of('/')) + "/../lib/" + name + ".so";
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
        const char* why = dlerror();
        *error = why != nullptr ? why : path + ": cannot load";
        return nullptr;
    }
    void* sym = dlsym(handle, symbol);
    if (sym == nullptr) *error = path + ": no symbol " + symbol;
    return sym;
}

} // namespace zvm::runtime
