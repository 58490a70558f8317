/*
** run_cache.h: `kpic run`'s cache of compiled evaluators (run_cache.c).
**
** A checked spec is looked up by a key over everything that decides its
** code; on a hit the cached shared library runs without loading LLVM at
** all, which is what brings `kpic run` to the start-up of a built
** evaluator. docs/cli.md describes the cache as users see it.
*/
#ifndef KPI_DRV_RUN_CACHE_H
#define KPI_DRV_RUN_CACHE_H

#include <limits.h>
#include <stdbool.h>

#include "cg_loader.h"
#include "pipeline.h"

typedef struct kpi_run_cache {
    char dir[PATH_MAX];        /* $XDG_CACHE_HOME/kpic, else $HOME/.cache/kpic */
    char entry[PATH_MAX + 48]; /* dir/KEY.so */
    char note[PATH_MAX + 160]; /* why there is no cache or no hit, for --verbose */
} kpi_run_cache;

/*
** Computes the key: the text and path of every file the pipeline read (the
** spec and all it imports), the spec's absolute path (default data paths
** are resolved against its folder), kpic's options (`options`, count
** entries), kpic's and LLVM's versions, this kpic and its code generator
** as files, the machine, and the environment the link step reads (CC,
** KPIC_RUNTIME_DIR, KPI_EVALUATOR_LDFLAGS). Creates the folder (mode 0700).
** false, with c->note set, when there is no usable cache folder.
*/
bool kpi_run_cache_open(kpi_run_cache *c, const kpi_pipeline *p, const char *spec_path, char **options,
                        int count);

/*
** Runs the cached evaluator when the entry exists and is whole (its
** checksum matches): *status is its exit status and true is returned.
** false with c->note set when there is no entry or it is damaged.
*/
bool kpi_run_cache_run(kpi_run_cache *c, int argc, char **argv, int *status);

/*
** Compiles the module into the entry: an object, linked with the runtime as
** `kpic build --shared` links, a checksum appended, then renamed into place,
** so concurrent runs never see half an entry. Removes entries unused for 30
** days. false with c->note set when it cannot (no C compiler, say).
*/
bool kpi_run_cache_store(kpi_run_cache *c, const kpi_cg_table *api, kpi_cg_module *m, int opt_level);

#endif
