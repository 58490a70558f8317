/*
** cg_emit.c: optimisation and output files for the module's target.
**
** Optimisation uses the new pass manager through LLVMRunPasses with the
** standard "default<On>" pipelines (the legacy pass manager is gone from
** LLVM 17). Objects and assembly come from a target machine for the
** module's triple and CPU (cg_target.c: the triple's baseline unless asked
** otherwise), position independent because Debian's cc links PIE
** executables by default and --shared needs PIC anyway.
*/
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <llvm-c/BitWriter.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>
#include <llvm-c/Transforms/PassBuilder.h>

#include "cg_internal.h"
#include "support/output.h"

static void set_target(kpi_cg_module *m, LLVMTargetMachineRef tm) {
    char *triple = LLVMGetTargetMachineTriple(tm);
    LLVMSetTarget(m->mod, triple);
    LLVMDisposeMessage(triple);
    LLVMTargetDataRef layout = LLVMCreateTargetDataLayout(tm);
    LLVMSetModuleDataLayout(m->mod, layout);
    LLVMDisposeTargetData(layout);
}

bool kpi_cg_optimize(kpi_cg_module *m, int opt_level, kpi_cg_error *err) {
    if (opt_level < 0 || opt_level > 3) {
        kpi_cg_set_error(err, "optimisation level %d is not one of 0, 1, 2, 3", opt_level);
        return false;
    }
    LLVMTargetMachineRef tm = kpi_cg_target_machine(m, opt_level, err);
    if (!tm) return false;
    set_target(m, tm);
    char pipeline[32];
    snprintf(pipeline, sizeof pipeline, "default<O%d>", opt_level);
    LLVMPassBuilderOptionsRef opts = LLVMCreatePassBuilderOptions();
    LLVMErrorRef e = LLVMRunPasses(m->mod, pipeline, tm, opts);
    LLVMDisposePassBuilderOptions(opts);
    LLVMDisposeTargetMachine(tm);
    if (e) {
        char *msg = LLVMGetErrorMessage(e);
        kpi_cg_set_error(err, "LLVM optimisation failed: %s", msg);
        LLVMDisposeErrorMessage(msg);
        return false;
    }
    return true;
}

/*
** Every output is made in memory and written by kpi_output_write: a write
** error (a full disk, /dev/full, a full TMPDIR) is an error message, where
** LLVM's own file streams abort the process ("IO failure on output stream")
** and leave a truncated file behind.
*/
static bool write_bytes(const char *path, const char *data, size_t len, kpi_cg_error *err) {
    if (strcmp(path, "-") == 0) {
        /* stdio's buffer first, so that nothing written before comes after */
        if (fflush(stdout) != 0 || fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0) {
            kpi_cg_set_error(err, "cannot write to standard output: %s", strerror(errno));
            return false;
        }
        return true;
    }
    int e = kpi_output_write(path, data, len, 0);
    if (e) kpi_cg_set_error(err, "cannot write %s: %s", path, strerror(e));
    return !e;
}

static bool write_buffer(const char *path, LLVMMemoryBufferRef buf, kpi_cg_error *err) {
    bool ok = write_bytes(path, LLVMGetBufferStart(buf), LLVMGetBufferSize(buf), err);
    LLVMDisposeMemoryBuffer(buf);
    return ok;
}

bool kpi_cg_write(kpi_cg_module *m, kpi_cg_file_kind kind, int opt_level, const char *path,
                  kpi_cg_error *err) {
    if (kind == KPI_CG_FILE_IR) {
        char *text = LLVMPrintModuleToString(m->mod);
        bool ok = write_bytes(path, text, strlen(text), err);
        LLVMDisposeMessage(text);
        return ok;
    }
    if (kind == KPI_CG_FILE_BITCODE) return write_buffer(path, LLVMWriteBitcodeToMemoryBuffer(m->mod), err);
    LLVMTargetMachineRef tm = kpi_cg_target_machine(m, opt_level, err);
    if (!tm) return false;
    set_target(m, tm);
    LLVMCodeGenFileType type = kind == KPI_CG_FILE_ASSEMBLY ? LLVMAssemblyFile : LLVMObjectFile;
    char *msg = NULL;
    LLVMMemoryBufferRef buf = NULL;
    bool ok = !LLVMTargetMachineEmitToMemoryBuffer(tm, m->mod, type, &msg, &buf);
    if (ok) ok = write_buffer(path, buf, err);
    else kpi_cg_set_error(err, "cannot generate code for %s: %s", path, msg ? msg : "LLVM error");
    LLVMDisposeMessage(msg);
    LLVMDisposeTargetMachine(tm);
    return ok;
}
