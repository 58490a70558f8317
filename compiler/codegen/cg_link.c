/*
** cg_link.c: linking an evaluator with the runtime, and the --shared header.
**
** kpic does not link by itself: it spawns the system C compiler driver
** ($CC, default "cc"), which knows the platform's start files and libc:
**
**   cc -o OUTPUT OBJECT /path/to/libkpirt.a KPI_RUNTIME_LIBS          (executable)
**   cc -shared -o OUTPUT OBJECT -Wl,--whole-archive /path/to/libkpirt.a
**      -Wl,--no-whole-archive KPI_RUNTIME_LIBS                         (--shared)
**
** A --shared library carries the whole runtime, not only the parts the
** evaluator calls: a program that loads it uses kpirt.h through it and links
** no libkpirt of its own, which would be a second copy of the runtime's
** globals (docs/install.md).
**
** KPI_RUNTIME_LIBS is what the runtime needs after it (zlib, libzstd and
** threads for compressed input, libm), from runtime/CMakeLists.txt.
**
** The runtime is found relative to the running kpic (from /proc/self/exe,
** falling back to argv[0]), so both a build tree and an installed copy work
** wherever they were put:
**
**   1. $KPIC_RUNTIME_DIR, when set (an explicit override);
**   2. <bindir>/KPI_INSTALL_RUNTIME_REL   (installed: <prefix>/bin/../lib, or
**                                          whatever path leads from bindir to
**                                          CMAKE_INSTALL_LIBDIR);
**   3. <bindir>/runtime                   (the build tree's layout);
**   4. KPI_INSTALL_RUNTIME_DIR            (CMAKE_INSTALL_LIBDIR when absolute,
**                                          which stays where it is when
**                                          `cmake --install --prefix` moves bindir);
**   5. KPI_BUILD_RUNTIME_DIR              (the build tree this kpic came from,
**                                          unless built with KPI_BUILD_TREE_PATHS=OFF).
**
** An object for another machine (--target) cannot be linked this way; see
** link_foreign below.
*/
#include <errno.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <llvm/Config/llvm-config.h>

#include "cg_internal.h"
#include "support/executable.h"

#define KPI_CG_STR_(x) #x
#define KPI_CG_STR(x) KPI_CG_STR_(x)

#ifndef KPI_INSTALL_RUNTIME_REL
#define KPI_INSTALL_RUNTIME_REL "../lib"
#endif
#ifndef KPI_INSTALL_RUNTIME_DIR
#define KPI_INSTALL_RUNTIME_DIR ""
#endif
#ifndef KPI_BUILD_RUNTIME_DIR
#define KPI_BUILD_RUNTIME_DIR ""
#endif

extern char **environ;

static bool has_runtime(const char *dir) {
    char path[PATH_MAX];
    struct stat st;
    if (snprintf(path, sizeof path, "%s/libkpirt.a", dir) >= (int)sizeof path) return false;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

const char *kpi_cg_runtime_dir(const char *argv0, char *buf, size_t size, kpi_cg_error *err) {
    const char *env = getenv("KPIC_RUNTIME_DIR");
    if (env && env[0]) {
        if (has_runtime(env)) return snprintf(buf, size, "%s", env) < (int)size ? buf : NULL;
        kpi_cg_set_error(err, "KPIC_RUNTIME_DIR=%s holds no libkpirt.a", env);
        return NULL;
    }
    char dir[PATH_MAX];
    if (kpi_executable_dir(argv0, dir, sizeof dir)) {
        const char *rels[2] = {KPI_INSTALL_RUNTIME_REL, "runtime"};
        for (int i = 0; i < 2; i++) {
            char cand[PATH_MAX];
            if (snprintf(cand, sizeof cand, "%s/%s", dir, rels[i]) >= (int)sizeof cand) continue;
            if (has_runtime(cand)) return snprintf(buf, size, "%s", cand) < (int)size ? buf : NULL;
        }
    }
    const char *fixed[2] = {KPI_INSTALL_RUNTIME_DIR, KPI_BUILD_RUNTIME_DIR};
    for (int i = 0; i < 2; i++)
        if (fixed[i][0] && has_runtime(fixed[i]))
            return snprintf(buf, size, "%s", fixed[i]) < (int)size ? buf : NULL;
    kpi_cg_set_error(err,
                     "cannot find the runtime library libkpirt.a next to kpic "
                     "(looked in %s/%s and %s/runtime); set KPIC_RUNTIME_DIR to its folder",
                     dir, KPI_INSTALL_RUNTIME_REL, dir);
    return NULL;
}

#ifndef KPI_RUNTIME_LINK_FLAGS
#define KPI_RUNTIME_LINK_FLAGS ""
#endif
#ifndef KPI_RUNTIME_LIBS
#define KPI_RUNTIME_LIBS "-lzstd -lz -pthread -lm"
#endif

/* Splits $CC on blanks ("ccache gcc" is common) into argv; returns the count. */
static int split_cc(char *cc, char **argv, int cap) {
    int n = 0;
    for (char *tok = strtok(cc, " \t"); tok && n < cap; tok = strtok(NULL, " \t")) argv[n++] = tok;
    return n;
}

/*
** Runs argv[0] (searched on PATH) and waits. Returns 1 when it exited with 0,
** 0 after it failed (err set), -1 when it could not be started at all (err
** set too).
*/
static int spawn_and_wait(const char *tool, char **argv, const char *output, kpi_cg_error *err) {
    pid_t pid;
    int rc = posix_spawnp(&pid, tool, NULL, NULL, argv, environ);
    if (rc != 0) {
        kpi_cg_set_error(err, "cannot run the C compiler '%s' to link: %s (set CC to a C compiler)", tool,
                         strerror(rc));
        return -1;
    }
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            kpi_cg_set_error(err, "waiting for '%s': %s", tool, strerror(errno));
            return 0;
        }
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        kpi_cg_set_error(err, "linking %s with '%s' failed (its messages are above)", output, tool);
        return 0;
    }
    return 1;
}

/*
** Another machine's object. cc links only for this machine, and libkpirt.a
** here is this machine's, so: with a cross compiler in $CC and that
** machine's runtime in $KPIC_RUNTIME_DIR, the usual command (returns -1 to
** say so); a shared library without them is linked by ld.lld, which links
** for every target, and leaves the runtime's symbols to the runtime of the
** program that loads it; an executable is an error that says what to do.
*/
static bool cross_toolchain(void) {
    const char *cc = getenv("CC"), *rt = getenv("KPIC_RUNTIME_DIR");
    return cc && cc[0] && rt && rt[0];
}

/* Whether a --shared library for triple carries the runtime (else link_foreign left it out). */
static bool shared_has_runtime(const char *triple) {
    return kpi_cg_triple_is_host(triple) || cross_toolchain();
}

static int link_foreign(const kpi_cg_link_request *req, kpi_cg_error *err) {
    if (cross_toolchain()) return -1;
    char *triple = LLVMNormalizeTargetTriple(req->triple);
    if (!req->shared) {
        kpi_cg_set_error(err,
                         "cannot link an executable for %s on this machine: that needs a cross "
                         "linker and a runtime built for %s; build an object (-c) or a library "
                         "(--shared) and link it there with the runtime, or set CC to a cross "
                         "compiler and KPIC_RUNTIME_DIR to the folder of that machine's libkpirt.a",
                         triple, triple);
        LLVMDisposeMessage(triple);
        return 0;
    }
    LLVMDisposeMessage(triple);
    static const char *const linkers[] = {"ld.lld", "ld.lld-" KPI_CG_STR(LLVM_VERSION_MAJOR)};
    for (size_t i = 0; i < sizeof linkers / sizeof *linkers; i++) {
        char *argv[] = {(char *)linkers[i], "-shared", "-o", (char *)req->output, (char *)req->object, NULL};
        int r = spawn_and_wait(linkers[i], argv, req->output, err);
        if (r >= 0) return r;
    }
    kpi_cg_set_error(err, "linking a shared library for another machine needs ld.lld (Debian package lld), "
                          "or a cross compiler in CC with that machine's runtime in KPIC_RUNTIME_DIR");
    return 0;
}

bool kpi_cg_link(const kpi_cg_link_request *req, kpi_cg_error *err) {
    if (!kpi_cg_triple_is_host(req->triple)) {
        int r = link_foreign(req, err);
        if (r >= 0) return r == 1;
    }
    char rtdir[PATH_MAX];
    if (!kpi_cg_runtime_dir(req->argv0, rtdir, sizeof rtdir, err)) return false;
    char runtime[PATH_MAX + 16];
    snprintf(runtime, sizeof runtime, "%s/libkpirt.a", rtdir);

    const char *cc_env = getenv("CC");
    char cc[1024];
    snprintf(cc, sizeof cc, "%s", cc_env && cc_env[0] ? cc_env : "cc");
    char *argv[48];
    int argc = split_cc(cc, argv, 32);
    if (argc == 0) {
        kpi_cg_set_error(err, "$CC is blank");
        return false;
    }
    const char *compiler = argv[0];
    if (req->shared) argv[argc++] = "-shared";
    argv[argc++] = "-o";
    argv[argc++] = (char *)req->output;
    argv[argc++] = (char *)req->object;
    if (req->shared) argv[argc++] = "-Wl,--whole-archive"; /* every kpirt.h call, not only the evaluator's */
    argv[argc++] = runtime;
    if (req->shared) argv[argc++] = "-Wl,--no-whole-archive";
    /* A runtime built with sanitizers needs them at the link too (the build
    ** defines KPI_RUNTIME_LINK_FLAGS then); $KPI_EVALUATOR_LDFLAGS adds more. */
    const char *ld_env = getenv("KPI_EVALUATOR_LDFLAGS");
    char extra[1024];
    snprintf(extra, sizeof extra, "%s %s %s", KPI_RUNTIME_LIBS, KPI_RUNTIME_LINK_FLAGS, ld_env ? ld_env : "");
    argc += split_cc(extra, argv + argc, 47 - argc);
    argv[argc] = NULL;

    return spawn_and_wait(compiler, argv, req->output, err) == 1;
}

/* "out/libgoals.so" -> "-lgoals"; other names are linked as files. */
static void link_flag(const char *library, char *buf, size_t size) {
    const char *base = strrchr(library, '/');
    base = base ? base + 1 : library;
    size_t len = strlen(base);
    if (strncmp(base, "lib", 3) == 0 && len > 6 && strcmp(base + len - 3, ".so") == 0)
        snprintf(buf, size, "-l%.*s", (int)(len - 6), base + 3);
    else snprintf(buf, size, "%s", base);
}

bool kpi_cg_write_header(const kpi_cg_module *m, const char *path, const char *library, kpi_cg_error *err) {
    FILE *f = fopen(path, "w");
    if (!f) {
        kpi_cg_set_error(err, "cannot write %s: %s", path, strerror(errno));
        return false;
    }
    const char *n = m->name;
    char flag[512];
    link_flag(library, flag, sizeof flag);
    const char *lib_base = strrchr(library, '/');
    lib_base = lib_base ? lib_base + 1 : library;
    const char *spec = m->program->spec_path ? m->program->spec_path : n;
    const char *base = strrchr(spec, '/');
    base = base ? base + 1 : spec;
    fprintf(f,
            "/*\n"
            "** %s.h: the goals of %s, compiled by kpic into a shared library.\n"
            "**\n"
            "** Generated by `kpic build --shared`; do not edit. Link with %s\n",
            n, base, lib_base);
    if (shared_has_runtime(m->triple))
        fprintf(f,
                "** (cc ... %s $(pkg-config --cflags kpirt)). The library contains the\n"
                "** whole runtime, so the calls of kpirt.h (kpirt_evaluate,\n"
                "** kpirt_write_json, ...) work on the program it returns; include kpirt.h\n"
                "** to use them, and do not link libkpirt again.\n",
                flag);
    else
        fprintf(f,
                "** (cc ... %s $(pkg-config --cflags --libs kpirt)) on the machine it was\n"
                "** built for. The library holds the evaluator only, not the runtime: its\n"
                "** kpirt_* references, and the calls of kpirt.h, are served by the\n"
                "** runtime the program links for that machine.\n",
                flag);
    fprintf(f,
            "*/\n"
            "#ifndef KPI_GENERATED_%s_H\n"
            "#define KPI_GENERATED_%s_H\n\n"
            "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n"
            "struct kpirt_program;\n\n"
            "/* The program descriptor (kpirt_abi.h); valid for the library's lifetime. */\n"
            "const struct kpirt_program *%s_program(void);\n\n"
            "/*\n"
            "** Runs the evaluator as its executable would: argv holds the same flags\n"
            "** (%s_evaluate with --help lists them; argv[0] is the name used in\n"
            "** messages). The report goes to stdout; returns the exit code.\n"
            "*/\n"
            "int %s_evaluate(int argc, char **argv);\n\n"
            "#ifdef __cplusplus\n}\n#endif\n\n"
            "#endif\n",
            n, n, n, n, n);
    if (fclose(f) != 0) {
        kpi_cg_set_error(err, "cannot write %s: %s", path, strerror(errno));
        return false;
    }
    return true;
}
