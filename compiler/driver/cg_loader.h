/*
** cg_loader.h: the LLVM back end, loaded on demand. kpic does not link
** LLVM; the commands that generate code (`build`, `run`) get the back end's
** table of calls (codegen.h, kpi_cg_table) from here, and only then is
** libkpic-codegen.so, and with it libLLVM, loaded. docs/codegen.md explains
** where the module is looked for.
*/
#ifndef KPI_DRV_CG_LOADER_H
#define KPI_DRV_CG_LOADER_H

#include "codegen/codegen.h"

/*
** Loads the back end the first time and returns its table; it stays loaded
** until the process ends. NULL after printing "kpic: error: cannot load the
** code generator 'PATH': REASON" (the caller exits with status 2).
*/
const kpi_cg_table *kpi_drv_load_codegen(void);

/* Where the back end module is (or would be) loaded from, without loading it; false when unknown. */
bool kpi_drv_codegen_path(char *buf, size_t size);

#endif
