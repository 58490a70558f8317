/*
** cg_jit.c: `kpic run`, the evaluator compiled in memory and run at once.
**
** The module goes to an ORC LLJIT instance (the C API of llvm-c/LLJIT.h,
** the same from LLVM 14 to 19). Generated code calls the runtime's kpirt_*
** functions: kpic links libkpirt.a, and this file defines each of them in
** the JIT's main dylib as an absolute symbol at its address in this process
** (taking the addresses here is also what makes the linker keep them). For
** anything else (memcmp and whatever the optimiser introduces from libc) a
** generator searches the process's own symbols. Then kpirt_main runs in this
** process on the program descriptor the JIT built, exactly as main() does in
** a built executable, so both print the same bytes.
*/
#include <stdlib.h>
#include <string.h>

#include <llvm-c/Error.h>
#include <llvm-c/LLJIT.h>
#include <llvm-c/Orc.h>
#include <llvm-c/Target.h>

#include "cg_internal.h"

typedef struct runtime_symbol {
    const char *name;
    void (*address)(void);
} runtime_symbol;

#define RT(fn) \
    { #fn, (void (*)(void))fn }
static const runtime_symbol runtime_symbols[] = {
    RT(kpirt_field_text), RT(kpirt_field_decimal),     RT(kpirt_field_date),    RT(kpirt_field_number),
    RT(kpirt_day_cells),  RT(kpirt_cell_add),          RT(kpirt_distinct_add),  RT(kpirt_overflow),
    RT(kpirt_base_value), RT(kpirt_goal_target_value), RT(kpirt_derived_value), RT(kpirt_text_in),
    RT(kpirt_main),
};
#undef RT

static bool failed(LLVMErrorRef e, const char *what, kpi_cg_error *err) {
    if (!e) return false;
    char *msg = LLVMGetErrorMessage(e);
    kpi_cg_set_error(err, "JIT: %s: %s", what, msg);
    LLVMDisposeErrorMessage(msg);
    return true;
}

static bool define_runtime(LLVMOrcLLJITRef jit, LLVMOrcJITDylibRef dylib, kpi_cg_error *err) {
    size_t n = sizeof runtime_symbols / sizeof *runtime_symbols;
    /* the pair struct's name differs between LLVM releases; the pointer typedef does not */
    LLVMOrcCSymbolMapPairs pairs = calloc(n, sizeof *pairs);
    if (!pairs) {
        kpi_cg_set_error(err, "out of memory");
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        pairs[i].Name = LLVMOrcLLJITMangleAndIntern(jit, runtime_symbols[i].name);
        pairs[i].Sym.Address = (LLVMOrcExecutorAddress)(uintptr_t)runtime_symbols[i].address;
        pairs[i].Sym.Flags.GenericFlags =
            LLVMJITSymbolGenericFlagsExported | LLVMJITSymbolGenericFlagsCallable;
        pairs[i].Sym.Flags.TargetFlags = 0;
    }
    LLVMOrcMaterializationUnitRef mu = LLVMOrcAbsoluteSymbols(pairs, n);
    free(pairs);
    return !failed(LLVMOrcJITDylibDefine(dylib, mu), "defining the runtime's symbols", err);
}

struct kpi_cg_jit {
    LLVMOrcLLJITRef jit;
    const kpirt_program *program;
};

kpi_cg_jit *kpi_cg_jit_open(kpi_cg_module *m, kpi_cg_error *err) {
    kpi_cg_jit *j = calloc(1, sizeof *j);
    if (!j) {
        kpi_cg_set_error(err, "out of memory");
        kpi_cg_dispose(m);
        return NULL;
    }
    if (LLVMInitializeNativeTarget() || LLVMInitializeNativeAsmPrinter()) {
        kpi_cg_set_error(err, "JIT: LLVM has no code generator for this machine");
        goto fail;
    }
    if (failed(LLVMOrcCreateLLJIT(&j->jit, NULL), "cannot create the JIT", err)) goto fail;
    LLVMOrcJITDylibRef dylib = LLVMOrcLLJITGetMainJITDylib(j->jit);
    LLVMOrcDefinitionGeneratorRef gen = NULL;
    if (failed(LLVMOrcCreateDynamicLibrarySearchGeneratorForProcess(&gen, LLVMOrcLLJITGetGlobalPrefix(j->jit),
                                                                    NULL, NULL),
               "cannot search the process's symbols", err))
        goto fail;
    LLVMOrcJITDylibAddGenerator(dylib, gen);
    if (!define_runtime(j->jit, dylib, err)) goto fail;

    /* the JIT's data layout wins over the one set for objects */
    LLVMSetDataLayout(m->mod, LLVMOrcLLJITGetDataLayoutStr(j->jit));
    LLVMSetTarget(m->mod, LLVMOrcLLJITGetTripleString(j->jit));
    LLVMOrcThreadSafeModuleRef tsm = LLVMOrcCreateNewThreadSafeModule(m->mod, m->tsc);
    m->mod = NULL; /* owned by tsm now, then by the JIT */
    if (failed(LLVMOrcLLJITAddLLVMIRModule(j->jit, dylib, tsm), "cannot add the module", err)) {
        LLVMOrcDisposeThreadSafeModule(tsm);
        goto fail;
    }
    char *getter = kpi_arena_printf(&m->arena, "%s_program", m->name);
    LLVMOrcExecutorAddress address = 0;
    if (failed(LLVMOrcLLJITLookup(j->jit, &address, getter), "cannot compile the evaluator", err)) goto fail;
    const kpirt_program *(*program_fn)(void) = (const kpirt_program *(*)(void))(uintptr_t)address;
    j->program = program_fn();
    kpi_cg_dispose(m); /* the JIT keeps its own reference to the context */
    return j;

fail:
    kpi_cg_dispose(m);
    kpi_cg_jit_close(j);
    return NULL;
}

const kpirt_program *kpi_cg_jit_program(const kpi_cg_jit *j) {
    return j->program;
}

void kpi_cg_jit_close(kpi_cg_jit *j) {
    if (!j) return;
    if (j->jit) {
        LLVMErrorRef e = LLVMOrcDisposeLLJIT(j->jit);
        if (e) LLVMConsumeError(e);
    }
    free(j);
}

int kpi_cg_jit_run(kpi_cg_module *m, int argc, char **argv, kpi_cg_error *err) {
    kpi_cg_jit *j = kpi_cg_jit_open(m, err);
    if (!j) return -1;
    int status = kpirt_main(j->program, argc, argv);
    kpi_cg_jit_close(j);
    return status;
}
