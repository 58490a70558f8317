/*
** compile.h: what `kpic build` and `kpic run` share: the code generation
** options (-O0..-O3, --name) and the way from a .kpi file to an optimised
** LLVM module (parse and check through the pipeline, then lower).
*/
#ifndef KPI_DRV_COMPILE_H
#define KPI_DRV_COMPILE_H

#include "cg_loader.h"
#include "pipeline.h"

#define KPI_DRV_DEFAULT_OPT_LEVEL 2

typedef struct kpi_drv_codegen {
    int opt_level;      /* -O0 .. -O3; default 2 */
    const char *name;   /* --name=ID; NULL: from the file name */
    const char *triple; /* --target=TRIPLE (build only); NULL: this machine */
    const char *cpu;    /* -march=/--cpu= NAME or native; NULL: the triple's baseline */
} kpi_drv_codegen;

/* The option spellings, for did-you-mean; NULL-terminated. */
extern const char *const kpi_drv_codegen_option_names[];

/*
** Tries argv[*i] as a code generation option. Returns 1 when it was one,
** 0 when not, -1 after printing a usage error.
*/
int kpi_drv_codegen_option(kpi_drv_codegen *cg, const char *command, int argc, char **argv, int *i);

/* The spec's name without folder and .kpi, in buf: "dir/goals.kpi" -> "goals" ("goals" when empty). */
void kpi_drv_spec_stem(const char *path, char *buf, size_t size);

/*
** Parses and checks path, prints the diagnostics, then loads the back end
** (cg_loader.h; only a file without errors pays for loading LLVM) and lowers
** and optimises the program. p must outlive the module (the module refers
** to the program in p's arena). *api is the back end's table, for the
** caller's further calls on the module. Returns NULL with *status set (1:
** errors in the file, 2: usage, I/O or a back end that cannot be loaded)
** when nothing can be built.
*/
kpi_cg_module *kpi_drv_compile_file(kpi_pipeline *p, const char *path, const kpi_drv_codegen *cg,
                                    bool with_main, const kpi_cg_table **api, int *status);

/* The second half of kpi_drv_compile_file, after kpi_pipeline_program, for `kpic run`, whose cache needs the checked files first. */
kpi_cg_module *kpi_drv_lower_program(const kpi_program *program, const char *path, const kpi_drv_codegen *cg,
                                     bool with_main, const kpi_cg_table **api, int *status);

#endif
