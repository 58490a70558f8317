/*
** codegen.h: the LLVM back end, from a checked program to a native evaluator.
**
** kpi_cg_lower() turns a kpi_program (program.h) into one LLVM module that
** defines the constant kpirt_program descriptor of runtime/include/kpirt_abi.h
** and the functions it points to (row functions, metric values, targets).
** The module is then optimised and either written out (IR, assembly, object),
** linked with the runtime library by the system C compiler, or compiled in
** memory by ORC LLJIT and run at once. The driver's `kpic build` and
** `kpic run` are thin layers over these calls; docs/codegen.md describes the
** generated IR.
*/
#ifndef KPI_CODEGEN_H
#define KPI_CODEGEN_H

#include <stdbool.h>
#include <stddef.h>

#include "program/program.h"

/* Every failure comes back as one readable line (no file:line: the program
   was checked before it reached the back end; these are I/O, LLVM and linker
   failures). */
typedef struct kpi_cg_error {
    char message[1024];
} kpi_cg_error;

typedef struct kpi_cg_options {
    /* C identifier that prefixes the exported symbols: <name>_program() and
       <name>_evaluate(). NULL: derived from the spec's file name. */
    const char *name;
    /* Define `int main(argc, argv)` that calls kpirt_main (executables, -c). */
    bool with_main;
    /* The machine to compile for (cg_target.c). triple: an LLVM target triple
       such as "aarch64-linux-gnu"; NULL is the host's. cpu: an LLVM CPU name,
       "native" for the host's CPU and all its features, NULL for the
       triple's baseline (x86-64 on x86_64, as cc), so that the output runs on
       every machine of that architecture. */
    const char *triple;
    const char *cpu;
    /* The query of the program's table sources (`kpic sql --dialect postgres`),
       compiled in for the evaluator's --engine; NULL when it has none. The
       driver makes it: the back end never writes SQL. */
    const char *sql_postgres;
} kpi_cg_options;

typedef struct kpi_cg_module kpi_cg_module;

/* Lowers a checked program; NULL (with err set) only on an internal error. */
kpi_cg_module *kpi_cg_lower(const kpi_program *program, const kpi_cg_options *options, kpi_cg_error *err);
void kpi_cg_dispose(kpi_cg_module *module);

/* The exported symbol prefix the module was lowered with ("webshop"). */
const char *kpi_cg_name(const kpi_cg_module *module);

/* Runs the LLVM verifier; false with the verifier's message on a defect. */
bool kpi_cg_verify(kpi_cg_module *module, kpi_cg_error *err);

/* The new pass manager's default<O0..O3> pipeline, for the module's target. */
bool kpi_cg_optimize(kpi_cg_module *module, int opt_level, kpi_cg_error *err);

/* Textual IR; the caller frees it with kpi_cg_free_text(). */
char *kpi_cg_ir_text(kpi_cg_module *module);
void kpi_cg_free_text(char *text);

typedef enum kpi_cg_file_kind {
    KPI_CG_FILE_IR,       /* .ll */
    KPI_CG_FILE_ASSEMBLY, /* .s, the module's target */
    KPI_CG_FILE_OBJECT,   /* .o, the module's target, position independent */
    KPI_CG_FILE_BITCODE,  /* .bc, LLVM IR as bitcode */
} kpi_cg_file_kind;

/* Writes the module; path "-" writes IR, bitcode or assembly to stdout. */
bool kpi_cg_write(kpi_cg_module *module, kpi_cg_file_kind kind, int opt_level, const char *path,
                  kpi_cg_error *err);

typedef struct kpi_cg_link_request {
    const char *object; /* the object written by kpi_cg_write */
    const char *output; /* executable or shared library */
    bool shared;        /* -shared */
    const char *argv0;  /* kpic's argv[0], to find the runtime next to it */
    const char *triple; /* the object's target triple; NULL: the host's */
} kpi_cg_link_request;

/*
** Links with the runtime by spawning $CC (default "cc"): object, libkpirt.a,
** and what the runtime needs (zlib, libzstd, threads, libm). The runtime
** is found relative to the running kpic (see cg_link.c).
** For another machine's triple see cg_link.c: a shared library is linked
** with ld.lld and without the runtime, an executable needs a cross $CC and
** that machine's runtime in $KPIC_RUNTIME_DIR.
*/
bool kpi_cg_link(const kpi_cg_link_request *request, kpi_cg_error *err);

/* The directory holding libkpirt.a for this kpic, or NULL (err set). */
const char *kpi_cg_runtime_dir(const char *argv0, char *buf, size_t size, kpi_cg_error *err);

/* The C header for the --shared library `library` built from this module. */
bool kpi_cg_write_header(const kpi_cg_module *module, const char *path, const char *library,
                         kpi_cg_error *err);

/*
** The evaluator compiled in memory (ORC LLJIT). kpi_cg_jit_open takes
** ownership of the module; the program stays valid until kpi_cg_jit_close.
** Tests use this to drive the runtime's kpirt.h calls on generated code.
*/
typedef struct kpi_cg_jit kpi_cg_jit;
kpi_cg_jit *kpi_cg_jit_open(kpi_cg_module *module, kpi_cg_error *err);
const kpirt_program *kpi_cg_jit_program(const kpi_cg_jit *jit);
void kpi_cg_jit_close(kpi_cg_jit *jit);

/*
** Compiles the module in memory (ORC LLJIT) and runs kpirt_main on it with
** argv (argv[0] is the program name shown in messages). Takes ownership of
** the module. Returns kpirt_main's exit code, or -1 with err set when the
** JIT itself failed.
*/
int kpi_cg_jit_run(kpi_cg_module *module, int argc, char **argv, kpi_cg_error *err);

/* A C identifier derived from a path's file name: "out/web-shop.kpi" -> "web_shop". */
void kpi_cg_identifier(const char *path, char *buf, size_t size);

/*
** kpic itself does not link LLVM: the back end is a module,
** libkpic-codegen.so, that `kpic build` and `kpic run` load with dlopen
** (compiler/driver/cg_loader.c, docs/codegen.md), so that every other command
** starts without relocating libLLVM. The module exports one symbol, this
** table of the calls above that the driver makes; initialising it from the
** prototypes above lets the compiler check that both sides agree. The size
** and version refuse a module from another build of kpic.
*/
#define KPI_CG_EXPORTS_SYMBOL "kpi_cg_exports"

typedef struct kpi_cg_table {
    size_t size;              /* sizeof(kpi_cg_table) where the module was built */
    const char *kpic_version; /* kpic's version (KPI_VERSION) the module was built with */
    kpi_cg_module *(*lower)(const kpi_program *, const kpi_cg_options *, kpi_cg_error *);
    void (*dispose)(kpi_cg_module *);
    const char *(*name)(const kpi_cg_module *);
    bool (*verify)(kpi_cg_module *, kpi_cg_error *);
    bool (*optimize)(kpi_cg_module *, int, kpi_cg_error *);
    bool (*write)(kpi_cg_module *, kpi_cg_file_kind, int, const char *, kpi_cg_error *);
    bool (*link)(const kpi_cg_link_request *, kpi_cg_error *);
    bool (*write_header)(const kpi_cg_module *, const char *, const char *, kpi_cg_error *);
    int (*jit_run)(kpi_cg_module *, int, char **, kpi_cg_error *);
} kpi_cg_table;

#endif
