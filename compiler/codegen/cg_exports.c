/*
** cg_exports.c: the one symbol libkpic-codegen.so exports, the table through
** which the driver calls the back end after loading it (codegen.h,
** compiler/driver/cg_loader.c). Built only into that module; the linker's
** version script (codegen.map) hides every other symbol, so the module's own
** copies of the arena and the runtime never clash with kpic's.
*/
#include "codegen.h"

#ifndef KPI_VERSION
#error "KPI_VERSION must name kpic's version, which the loader compares"
#endif

__attribute__((visibility("default"))) const kpi_cg_table kpi_cg_exports = {
    .size = sizeof(kpi_cg_table),
    .kpic_version = KPI_VERSION,
    .lower = kpi_cg_lower,
    .dispose = kpi_cg_dispose,
    .name = kpi_cg_name,
    .verify = kpi_cg_verify,
    .optimize = kpi_cg_optimize,
    .write = kpi_cg_write,
    .link = kpi_cg_link,
    .write_header = kpi_cg_write_header,
    .jit_run = kpi_cg_jit_run,
};
