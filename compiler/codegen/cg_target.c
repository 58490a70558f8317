/*
** cg_target.c: the machine an evaluator is compiled for.
**
** By default kpic does what cc does: it compiles for the host's triple at
** that triple's baseline CPU (x86-64 means SSE2, no AVX), so an evaluator
** built on a new workstation or a CI runner also runs on an older server and
** under Valgrind, which cannot decode AVX-512. The options choose otherwise
** (docs/codegen.md, "Target machine"):
**
**   cpu "native"   the host's CPU and every feature it reports (-march=native;
**                  `kpic run` always, since the JIT runs where it compiles);
**   cpu NAME       an LLVM CPU name (x86-64-v3, skylake, neoverse-n1, ...);
**   triple T       another architecture (aarch64-linux-gnu): every target of
**                  the linked LLVM is initialised, which Debian's LLVM has.
**
** LLVM only warns on stderr about a CPU name it does not know, then compiles
** for its generic CPU; that warning is caught here and turned into an error,
** so a misspelt -march never yields a silently slower or different binary.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>

#include "cg_internal.h"

static LLVMCodeGenOptLevel codegen_level(int opt_level) {
    switch (opt_level) {
    case 0: return LLVMCodeGenLevelNone;
    case 1: return LLVMCodeGenLevelLess;
    case 3: return LLVMCodeGenLevelAggressive;
    default: return LLVMCodeGenLevelDefault;
    }
}

/* The triple's architecture, the part before the first '-'. */
static size_t arch_length(const char *triple) {
    return strcspn(triple, "-");
}

/* The CPU cc assumes for an architecture when given no -march. */
static const char *baseline_cpu(const char *triple) {
    static const struct {
        const char *arch, *cpu;
    } table[] = {
        {"x86_64", "x86-64"}, {"i686", "i686"},       {"i586", "i586"},
        {"i386", "i386"},     {"aarch64", "generic"}, {"aarch64_be", "generic"},
    };
    size_t n = arch_length(triple);
    for (size_t i = 0; i < sizeof table / sizeof *table; i++)
        if (strlen(table[i].arch) == n && strncmp(triple, table[i].arch, n) == 0) return table[i].cpu;
    return ""; /* LLVM's default CPU for the triple */
}

/* arch-vendor-os-env without the vendor, which does not change the code
   (x86_64-pc-linux-gnu and x86_64-linux-gnu are the same machine). */
static void without_vendor(const char *normal, char *buf, size_t size) {
    const char *first = strchr(normal, '-');
    const char *second = first ? strchr(first + 1, '-') : NULL;
    if (!second) snprintf(buf, size, "%s", normal);
    else snprintf(buf, size, "%.*s%s", (int)(first - normal), normal, second);
}

bool kpi_cg_triple_is_host(const char *triple) {
    if (!triple) return true;
    char *host = LLVMGetDefaultTargetTriple();
    char *a = LLVMNormalizeTargetTriple(host);
    char *b = LLVMNormalizeTargetTriple(triple);
    char ka[256], kb[256];
    without_vendor(a, ka, sizeof ka);
    without_vendor(b, kb, sizeof kb);
    bool same = strcmp(ka, kb) == 0;
    LLVMDisposeMessage(host);
    LLVMDisposeMessage(a);
    LLVMDisposeMessage(b);
    return same;
}

/*
** LLVMCreateTargetMachine with stderr caught in a temporary file: LLVM's
** "'x' is not a recognized processor/feature" becomes *complaint (malloc'd,
** NULL when LLVM said nothing).
*/
static LLVMTargetMachineRef create_checked(LLVMTargetRef target, const char *triple, const char *cpu,
                                           const char *features, int opt_level, char **complaint) {
    *complaint = NULL;
    FILE *catch = tmpfile();
    int saved = catch ? dup(STDERR_FILENO) : -1;
    fflush(stderr);
    if (saved >= 0) dup2(fileno(catch), STDERR_FILENO);
    LLVMTargetMachineRef tm = LLVMCreateTargetMachine(target, triple, cpu, features, codegen_level(opt_level),
                                                      LLVMRelocPIC, LLVMCodeModelDefault);
    if (saved >= 0) {
        dup2(saved, STDERR_FILENO);
        close(saved);
        off_t size = lseek(fileno(catch), 0, SEEK_END);
        if (size > 0) {
            char *text = calloc((size_t)size + 1, 1);
            if (text && lseek(fileno(catch), 0, SEEK_SET) == 0 &&
                read(fileno(catch), text, (size_t)size) > 0) {
                text[strcspn(text, "\n")] = '\0';
                *complaint = text;
            } else {
                free(text);
            }
        }
    }
    if (catch) fclose(catch);
    return tm;
}

static bool init_targets(bool host_only, kpi_cg_error *err) {
    if (host_only) {
        if (LLVMInitializeNativeTarget() || LLVMInitializeNativeAsmPrinter()) {
            kpi_cg_set_error(err, "LLVM has no code generator for this machine");
            return false;
        }
        return true;
    }
    LLVMInitializeAllTargetInfos();
    LLVMInitializeAllTargets();
    LLVMInitializeAllTargetMCs();
    LLVMInitializeAllAsmPrinters();
    return true;
}

LLVMTargetMachineRef kpi_cg_target_machine(const kpi_cg_module *m, int opt_level, kpi_cg_error *err) {
    bool host = kpi_cg_triple_is_host(m->triple);
    if (!init_targets(host, err)) return NULL;
    char *triple = m->triple ? LLVMNormalizeTargetTriple(m->triple) : LLVMGetDefaultTargetTriple();
    LLVMTargetRef target = NULL;
    char *msg = NULL;
    LLVMTargetMachineRef tm = NULL;
    char *cpu = NULL, *features = NULL, *complaint = NULL;
    if (LLVMGetTargetFromTriple(triple, &target, &msg)) {
        kpi_cg_set_error(err, "unknown target '%s': %s (this LLVM's targets: llc --version)",
                         m->triple ? m->triple : triple, msg ? msg : "");
        goto done;
    }
    bool native = m->cpu && strcmp(m->cpu, "native") == 0;
    if (native && !host) {
        kpi_cg_set_error(err,
                         "-march=native means this machine's CPU, which cannot run %s code; "
                         "name a CPU of that target with -march=NAME",
                         triple);
        goto done;
    }
    cpu = native ? LLVMGetHostCPUName() : LLVMCreateMessage(m->cpu ? m->cpu : baseline_cpu(triple));
    features = native ? LLVMGetHostCPUFeatures() : LLVMCreateMessage("");
    tm = create_checked(target, triple, cpu, features, opt_level, &complaint);
    if (!tm) {
        kpi_cg_set_error(err, "cannot create an LLVM target machine for %s (CPU '%s')", triple, cpu);
    } else if (complaint && !native) {
        kpi_cg_set_error(err, "unknown CPU '%s' for %s: %s (the names: llc -mtriple=%s -mcpu=help)", cpu,
                         triple, complaint, triple);
        LLVMDisposeTargetMachine(tm);
        tm = NULL;
    }
done:
    free(complaint);
    LLVMDisposeMessage(cpu);
    LLVMDisposeMessage(features);
    LLVMDisposeMessage(msg);
    LLVMDisposeMessage(triple);
    return tm;
}
