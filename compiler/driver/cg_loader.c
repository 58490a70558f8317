/*
** cg_loader.c: finds libkpic-codegen.so and loads it with dlopen, so that
** only `kpic build` and `kpic run` pay for relocating libLLVM (about 20 ms
** of CPU and 50 MB at start-up; docs/performance.md). The module is looked
** for relative to the running kpic (/proc/self/exe), like the runtime
** (cg_link.c), and nowhere else, so a kpic always loads the back end of its
** own build or installation:
**
**   1. <bindir>/KPI_INSTALL_CODEGEN_REL   (installed: <prefix>/bin/../lib/kpic,
**                                          the path from bindir to the module's
**                                          folder, whatever CMAKE_INSTALL_LIBDIR);
**   2. KPI_INSTALL_CODEGEN_DIR itself, when CMAKE_INSTALL_LIBDIR is absolute
**      (then it stays there when `cmake --install --prefix` moves bindir);
**   3. <bindir>                           (the build tree: build/kpic beside
**                                          build/libkpic-codegen.so).
**
** The module is never closed: the program's memory and LLVM's statics stay
** valid to the end, and LeakSanitizer can still name the module's frames.
*/
#include "cg_loader.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "driver.h"
#include "support/executable.h"

#ifndef KPI_VERSION
#define KPI_VERSION "unknown"
#endif
#ifndef KPI_CODEGEN_MODULE
#define KPI_CODEGEN_MODULE "libkpic-codegen.so"
#endif
#ifndef KPI_INSTALL_CODEGEN_DIR
#define KPI_INSTALL_CODEGEN_DIR "lib/kpic"
#endif
#ifndef KPI_INSTALL_CODEGEN_REL
#define KPI_INSTALL_CODEGEN_REL "../" KPI_INSTALL_CODEGEN_DIR
#endif

static bool is_file(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The first candidate that exists, else the build tree's (which the error then names). */
static bool module_path(char *buf, size_t size) {
    char dir[PATH_MAX];
    if (!kpi_executable_dir(kpi_drv_argv0, dir, sizeof dir)) return false;
    bool absolute = KPI_INSTALL_CODEGEN_DIR[0] == '/';
    /* folder, and whether it is relative to kpic's */
    const struct {
        const char *folder;
        bool relative;
    } tries[3] = {{KPI_INSTALL_CODEGEN_REL "/", true},
                  {absolute ? KPI_INSTALL_CODEGEN_DIR "/" : NULL, false},
                  {"", true}};
    for (int i = 0; i < 3; i++) {
        if (!tries[i].folder) continue;
        if (snprintf(buf, size, "%s%s%s%s", tries[i].relative ? dir : "", tries[i].relative ? "/" : "",
                     tries[i].folder, KPI_CODEGEN_MODULE) >= (int)size)
            return false;
        if (is_file(buf)) return true;
    }
    return true;
}

bool kpi_drv_codegen_path(char *buf, size_t size) {
    return module_path(buf, size);
}

/* dlerror's text without the path it repeats ("PATH: file too short"). */
static const char *reason(const char *path) {
    const char *text = dlerror();
    if (!text) return "unknown error";
    size_t n = strlen(path);
    return strncmp(text, path, n) == 0 && strncmp(text + n, ": ", 2) == 0 ? text + n + 2 : text;
}

static const kpi_cg_table *load(void) {
    char path[PATH_MAX];
    if (!module_path(path, sizeof path)) {
        kpi_drv_error(NULL, "cannot load the code generator '%s': cannot tell where kpic is",
                      KPI_CODEGEN_MODULE);
        return NULL;
    }
    /* Lazy binding, as when kpic linked LLVM: the module was linked with
       --no-undefined against this libLLVM's soname, and binding all of
       libLLVM's calls at once (RTLD_NOW) costs `kpic run` 2% more. */
    void *handle = dlopen(path, RTLD_LAZY | RTLD_LOCAL);
    if (!handle) {
        kpi_drv_error(NULL, "cannot load the code generator '%s': %s", path, reason(path));
        if (!is_file(path))
            fprintf(stderr,
                    "kpic: note: 'kpic build' and 'kpic run' need %s, next to kpic in a build "
                    "tree or in %s%s when installed\n",
                    KPI_CODEGEN_MODULE, KPI_INSTALL_CODEGEN_DIR[0] == '/' ? "" : "<prefix>/",
                    KPI_INSTALL_CODEGEN_DIR);
        return NULL;
    }
    const kpi_cg_table *table = dlsym(handle, KPI_CG_EXPORTS_SYMBOL);
    if (!table) {
        kpi_drv_error(NULL, "cannot load the code generator '%s': %s", path, reason(path));
    } else if (table->size != sizeof *table || strcmp(table->kpic_version, KPI_VERSION) != 0) {
        /* a module left from another build or installation of kpic */
        kpi_drv_error(
            NULL, "cannot load the code generator '%s': it was built for kpic %s, not for this kpic %s", path,
            table->size == sizeof *table ? table->kpic_version : "of another version", KPI_VERSION);
        table = NULL;
    }
    if (!table) dlclose(handle);
    return table;
}

const kpi_cg_table *kpi_drv_load_codegen(void) {
    static const kpi_cg_table *table;
    static bool tried;
    if (!tried) {
        tried = true;
        table = load();
    }
    return table;
}
