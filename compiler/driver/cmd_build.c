/*
** cmd_build.c: `kpic build [options] FILE`: compile goals into a native
** evaluator (or an object, assembly, LLVM IR, or a shared library with a C
** header).
**
** The output kinds follow the C compiler conventions users know: -c stops
** at the object, -S at assembly, --emit-llvm writes LLVM IR text (alone or
** with -S) or bitcode (with -c), --shared links a shared library. Output
** names default to the spec's name in the current folder: goals.kpi ->
** ./goals, goals.o, goals.s, goals.ll, goals.bc, libgoals.so + goals.h.
** Linking goes through $CC (cg_link.c).
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compile.h"
#include "driver.h"

static const char *const build_option_names[] = {
    "-o",  "-c",  "-S",     "--emit-llvm", "--shared", "--help", "-O0",      "-O1",
    "-O2", "-O3", "--name", "-march",      "--cpu",    "-mcpu",  "--target", NULL};

typedef enum output_kind {
    OUT_EXECUTABLE,
    OUT_OBJECT,
    OUT_ASSEMBLY,
    OUT_IR,
    OUT_SHARED,
    OUT_BITCODE
} output_kind;

static char *default_output(output_kind kind, const char *stem) {
    static const char *const pattern[] = {"%s", "%s.o", "%s.s", "%s.ll", "lib%s.so", "%s.bc"};
    size_t n = strlen(stem) + 8;
    char *out = malloc(n);
    if (out) snprintf(out, n, pattern[kind], stem);
    return out;
}

/* The header next to a shared library: dir/libgoals.so -> dir/<name>.h */
static char *header_path(const char *library, const char *name) {
    const char *slash = strrchr(library, '/');
    size_t dir = slash ? (size_t)(slash - library) + 1 : 0;
    size_t n = dir + strlen(name) + 3;
    char *out = malloc(n);
    if (out) snprintf(out, n, "%.*s%s.h", (int)dir, library, name);
    return out;
}

/* Writes the object to a temporary file and links it into output. */
static int link_output(const kpi_cg_table *api, kpi_cg_module *m, output_kind kind, const char *output,
                       int opt_level, const char *triple) {
    const char *tmpdir = getenv("TMPDIR");
    char obj[4096];
    snprintf(obj, sizeof obj, "%s/kpic-XXXXXX.o", tmpdir && tmpdir[0] ? tmpdir : "/tmp");
    int fd = mkstemps(obj, 2);
    if (fd < 0) {
        kpi_drv_error(NULL, "cannot create a temporary object file in %s: %s", tmpdir ? tmpdir : "/tmp",
                      strerror(errno));
        return KPI_EXIT_USAGE;
    }
    close(fd);
    kpi_cg_error err = {{0}};
    int status = KPI_EXIT_OK;
    kpi_cg_link_request req = {.object = obj,
                               .output = output,
                               .shared = kind == OUT_SHARED,
                               .argv0 = kpi_drv_argv0,
                               .triple = triple};
    if (!api->write(m, KPI_CG_FILE_OBJECT, opt_level, obj, &err) || !api->link(&req, &err)) {
        kpi_drv_error(NULL, "%s", err.message);
        status = KPI_EXIT_USAGE;
    }
    unlink(obj);
    if (status == KPI_EXIT_OK && kind == OUT_SHARED) {
        char *header = header_path(output, api->name(m));
        if (!header || !api->write_header(m, header, output, &err)) {
            kpi_drv_error(NULL, "%s", header ? err.message : "out of memory");
            status = KPI_EXIT_USAGE;
        }
        free(header);
    }
    return status;
}

typedef struct build_args {
    kpi_drv_codegen cg;
    const char *output;
    bool stop_c, stop_s, emit_llvm, shared;
} build_args;

/*
** The machine to compile for: -march=NAME, -mcpu=NAME, --cpu NAME (NAME an
** LLVM CPU, or native) and --target TRIPLE, each also as --opt=VALUE or
** --opt VALUE where cc has that form. The back end checks the names.
*/
static int target_option(kpi_drv_codegen *cg, int argc, char **argv, int *i) {
    static const struct {
        const char *name;
        bool separate, is_target;
    } forms[] = {
        {"-march", false, false},
        {"-mcpu", false, false},
        {"--cpu", true, false},
        {"--target", true, true},
    };
    const char *arg = argv[*i];
    for (size_t k = 0; k < sizeof forms / sizeof *forms; k++) {
        size_t n = strlen(forms[k].name);
        if (strncmp(arg, forms[k].name, n) != 0 || (arg[n] != '=' && arg[n] != '\0')) continue;
        const char *value = arg[n] == '=' ? arg + n + 1 : NULL;
        if (!value && forms[k].separate && *i + 1 < argc) value = argv[++*i];
        if (!value || !value[0]) {
            kpi_drv_error("build", "%s needs a value, as in %s=%s", forms[k].name, forms[k].name,
                          forms[k].is_target ? "aarch64-linux-gnu" : "native");
            return -1;
        }
        if (forms[k].is_target) cg->triple = value;
        else cg->cpu = value;
        return 1;
    }
    return 0;
}

/* The output options, then the code generation ones (compile.c). */
static int build_option(void *state, int argc, char **argv, int *i) {
    build_args *b = state;
    const char *arg = argv[*i];
    if (strcmp(arg, "-c") == 0) b->stop_c = true;
    else if (strcmp(arg, "-S") == 0) b->stop_s = true;
    else if (strcmp(arg, "--emit-llvm") == 0 || strcmp(arg, "-emit-llvm") == 0) b->emit_llvm = true;
    else if (strcmp(arg, "--shared") == 0 || strcmp(arg, "-shared") == 0) b->shared = true;
    else if (strcmp(arg, "-o") == 0 || strncmp(arg, "--output=", 9) == 0 || strncmp(arg, "-o", 2) == 0) {
        if (strcmp(arg, "-o") == 0) {
            if (*i + 1 >= argc) {
                kpi_drv_error("build", "-o needs a file name");
                return -1;
            }
            b->output = argv[++*i];
        } else {
            b->output = arg[1] == 'o' ? arg + 2 : arg + 9;
        }
    } else {
        int r = target_option(&b->cg, argc, argv, i);
        return r != 0 ? r : kpi_drv_codegen_option(&b->cg, "build", argc, argv, i);
    }
    return 1;
}

static int run_build(int argc, char **argv) {
    kpi_drv_options o;
    kpi_drv_options_init(&o, argc);
    build_args b = {.cg = {.opt_level = KPI_DRV_DEFAULT_OPT_LEVEL}};
    int status = KPI_EXIT_USAGE;
    char *owned_output = NULL;

    if (!kpi_drv_parse_args(&o, &kpi_cmd_build, argc, argv, build_option, &b, build_option_names, &status))
        goto done;
    const kpi_drv_codegen cg = b.cg;
    const char *output = b.output;
    bool stop_c = b.stop_c, stop_s = b.stop_s, emit_llvm = b.emit_llvm, shared = b.shared;
    if (o.file_count != 1) {
        kpi_drv_error("build", o.file_count ? "build takes one .kpi file" : "no input file");
        goto done;
    }
    if (shared && (stop_c || stop_s || emit_llvm)) {
        kpi_drv_error("build", "--shared cannot be combined with -c, -S or --emit-llvm");
        goto done;
    }
    if (stop_c && stop_s) {
        kpi_drv_error("build", "-c and -S ask for different outputs; choose one");
        goto done;
    }
    /* as in clang: --emit-llvm writes IR text, with -c bitcode */
    output_kind kind = emit_llvm ? (stop_c ? OUT_BITCODE : OUT_IR)
                       : stop_s  ? OUT_ASSEMBLY
                       : stop_c  ? OUT_OBJECT
                       : shared  ? OUT_SHARED
                                 : OUT_EXECUTABLE;
    bool to_stdout = output && strcmp(output, "-") == 0;
    if (to_stdout && kind != OUT_IR && kind != OUT_ASSEMBLY && kind != OUT_BITCODE) {
        kpi_drv_error("build", "only -S and --emit-llvm can write to standard output ('-o -')");
        goto done;
    }
    if (to_stdout && kind == OUT_BITCODE && isatty(STDOUT_FILENO)) {
        kpi_drv_error("build", "bitcode is binary and standard output is a terminal; write it with "
                               "-o FILE, or pipe it (e.g. into llvm-dis)");
        goto done;
    }
    char stem[256];
    kpi_drv_spec_stem(o.files[0], stem, sizeof stem);
    if (!output) output = owned_output = default_output(kind, stem);

    kpi_pipeline p;
    kpi_pipeline_init(&p, &o);
    const kpi_cg_table *api = NULL;
    kpi_cg_module *m = kpi_drv_compile_file(&p, o.files[0], &cg, kind != OUT_SHARED, &api, &status);
    if (m) {
        kpi_cg_error err = {{0}};
        if (kind == OUT_IR || kind == OUT_ASSEMBLY || kind == OUT_OBJECT || kind == OUT_BITCODE) {
            kpi_cg_file_kind fk = kind == OUT_IR         ? KPI_CG_FILE_IR
                                  : kind == OUT_BITCODE  ? KPI_CG_FILE_BITCODE
                                  : kind == OUT_ASSEMBLY ? KPI_CG_FILE_ASSEMBLY
                                                         : KPI_CG_FILE_OBJECT;
            if (!api->write(m, fk, cg.opt_level, output, &err)) {
                kpi_drv_error(NULL, "%s", err.message);
                status = KPI_EXIT_USAGE;
            }
        } else {
            status = link_output(api, m, kind, output, cg.opt_level, cg.triple);
        }
        api->dispose(m);
    }
    kpi_pipeline_free(&p);
done:
    free(owned_output);
    kpi_drv_options_free(&o);
    return status;
}

const kpi_command kpi_cmd_build = {
    "build",
    "compile goals into a native evaluator (executable, object, IR, library)",
    "usage: kpic build [options] FILE\n"
    "\n"
    "Checks FILE, compiles its goals with LLVM and links them with the runtime\n"
    "into an executable that evaluates the goals on data:\n"
    "\n"
    "  kpic build goals.kpi -o goals\n"
    "  ./goals --data shop.csv --as-of 2026-11-30 --format json\n"
    "\n"
    "The executable's flags are listed at the end. Exit status: 0 built, 1 errors\n"
    "in FILE, 2 usage, I/O or link problem.\n"
    "\n"
    "Output:\n"
    "  -o FILE          where to write (default: the spec's name in the current\n"
    "                   folder: goals, goals.o, goals.s, goals.ll, libgoals.so)\n"
    "  -c               stop at the object file (it still defines main, so\n"
    "                   'cc goals.o libkpirt.a -lzstd -lz -pthread -lm' links\n"
    "                   the same executable)\n"
    "  -S               write assembly\n"
    "  --emit-llvm      write LLVM IR as text (.ll), with -c as bitcode (.bc);\n"
    "                   '-o -' writes to stdout\n"
    "  --shared         a shared library plus a C header NAME.h next to it that\n"
    "                   declares NAME_program() and NAME_evaluate(argc, argv)\n"
    "  --name=ID        the C name prefix of the exported symbols (default: the\n"
    "                   spec's file name, e.g. goals)\n"
    "  -O0 -O1 -O2 -O3  optimisation level (default -O2)\n"
    "\n"
    "Target machine (default: this machine's architecture at its baseline CPU,\n"
    "as cc, so the output runs on any machine of that architecture):\n"
    "  -march=native    use every feature of this machine's CPU (also --cpu=native);\n"
    "                   the output may not run on older CPUs\n"
    "  -march=NAME, --cpu NAME\n"
    "                   an LLVM CPU name: x86-64-v3, skylake, neoverse-n1, ...\n"
    "                   (llc -mcpu=help lists them)\n"
    "  --target TRIPLE  compile for another architecture, e.g. aarch64-linux-gnu;\n"
    "                   -c and -S work everywhere, --shared needs ld.lld, an\n"
    "                   executable a cross CC and that machine's runtime\n"
    "\n"
    "Checking options (as for 'kpic check'):\n"
    "  --format=text|json|sarif, --color=WHEN, --draft, -Werror, -Werror=CODE,\n"
    "  -Wno-CODE, -w, -I DIR, --max-errors=N\n"
    "\n"
    "Environment: CC is the C compiler used to link (default cc);\n"
    "KPIC_RUNTIME_DIR overrides where libkpirt.a is looked for.\n",
    run_build,
    "Flags of the built executable ('./goals --help' adds its sources and goals)",
};
