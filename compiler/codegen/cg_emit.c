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
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <llvm-c/BitWriter.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>
#include <llvm-c/Transforms/PassBuilder.h>

#include "cg_internal.h"

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

static bool write_ir(kpi_cg_module *m, const char *path, kpi_cg_error *err) {
    if (strcmp(path, "-") == 0) {
        char *text = LLVMPrintModuleToString(m->mod);
        fputs(text, stdout);
        LLVMDisposeMessage(text);
        if (fflush(stdout) != 0) {
            kpi_cg_set_error(err, "cannot write the IR to standard output");
            return false;
        }
        return true;
    }
    char *msg = NULL;
    if (LLVMPrintModuleToFile(m->mod, path, &msg)) {
        kpi_cg_set_error(err, "cannot write %s: %s", path, msg ? msg : "");
        LLVMDisposeMessage(msg);
        return false;
    }
    return true;
}

static bool write_bitcode(kpi_cg_module *m, const char *path, kpi_cg_error *err) {
    if (strcmp(path, "-") == 0) {
        /* stdio's buffer first, so that nothing written before comes after */
        if (fflush(stdout) != 0 || LLVMWriteBitcodeToFD(m->mod, STDOUT_FILENO, 0, 1) != 0) {
            kpi_cg_set_error(err, "cannot write the bitcode to standard output");
            return false;
        }
        return true;
    }
    if (LLVMWriteBitcodeToFile(m->mod, path) != 0) {
        kpi_cg_set_error(err, "cannot write %s", path);
        return false;
    }
    return true;
}

bool kpi_cg_write(kpi_cg_module *m, kpi_cg_file_kind kind, int opt_level, const char *path,
                  kpi_cg_error *err) {
    if (kind == KPI_CG_FILE_IR) return write_ir(m, path, err);
    if (kind == KPI_CG_FILE_BITCODE) return write_bitcode(m, path, err);
    LLVMTargetMachineRef tm = kpi_cg_target_machine(m, opt_level, err);
    if (!tm) return false;
    set_target(m, tm);
    LLVMCodeGenFileType type = kind == KPI_CG_FILE_ASSEMBLY ? LLVMAssemblyFile : LLVMObjectFile;
    char *msg = NULL;
    bool ok;
    if (strcmp(path, "-") == 0 && kind == KPI_CG_FILE_ASSEMBLY) {
        LLVMMemoryBufferRef buf = NULL;
        ok = !LLVMTargetMachineEmitToMemoryBuffer(tm, m->mod, type, &msg, &buf);
        if (ok) {
            fwrite(LLVMGetBufferStart(buf), 1, LLVMGetBufferSize(buf), stdout);
            LLVMDisposeMemoryBuffer(buf);
            ok = fflush(stdout) == 0;
        }
    } else {
        /* LLVMTargetMachineEmitToFile takes a non-const char * on older releases */
        char *file = kpi_arena_strdup(&m->arena, path);
        ok = !LLVMTargetMachineEmitToFile(tm, m->mod, file, type, &msg);
    }
    if (!ok) kpi_cg_set_error(err, "cannot write %s: %s", path, msg ? msg : "write error");
    LLVMDisposeMessage(msg);
    LLVMDisposeTargetMachine(tm);
    return ok;
}
