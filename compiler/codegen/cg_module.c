/*
** cg_module.c: the module a program lowers to, and its constant data.
**
** This file creates the LLVM types that mirror kpirt_abi.h (field for field,
** so the natural LLVM struct layout equals the C layout), declares the
** runtime functions generated code calls, provides the small builders the
** other lowering files share (constants, strings, blocks, allocas), and runs
** the lowering steps in order: metrics are declared first (formulas call
** each other), then row functions, metric values, targets, and finally the
** descriptors and entry points of cg_desc.c.
*/
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/Analysis.h>

#include "cg_internal.h"

void kpi_cg_set_error(kpi_cg_error *err, const char *fmt, ...) {
    if (!err) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
}

void kpi_cg_identifier(const char *path, char *buf, size_t size) {
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t len = strcspn(base, ".");
    size_t o = 0;
    if (len == 0 || isdigit((unsigned char)base[0])) {
        if (o + 1 < size) buf[o++] = 'k';
    }
    for (size_t i = 0; i < len && o + 1 < size; i++) {
        unsigned char c = (unsigned char)base[i];
        buf[o++] = (char)(isalnum(c) ? c : '_');
    }
    buf[o] = '\0';
}

/* ---- small builders shared by the lowering files ------------------------------- */

LLVMValueRef kpi_cg_i32(kpi_cg_module *m, int64_t v) {
    return LLVMConstInt(m->t_i32, (unsigned long long)v, 1);
}
LLVMValueRef kpi_cg_i64(kpi_cg_module *m, int64_t v) {
    return LLVMConstInt(m->t_i64, (unsigned long long)v, 1);
}
LLVMValueRef kpi_cg_f64(kpi_cg_module *m, double v) {
    return LLVMConstReal(m->t_f64, v);
}

LLVMValueRef kpi_cg_bytes(kpi_cg_module *m, const char *text, size_t len) {
    LLVMValueRef known = kpi_strmap_get(&m->strings, text, len);
    if (known) return known;
    LLVMValueRef init = LLVMConstStringInContext(m->ctx, text, (unsigned)len, 0);
    LLVMTypeRef type = LLVMArrayType(m->t_i8, (unsigned)len + 1);
    LLVMValueRef g = LLVMAddGlobal(m->mod, type, ".str");
    LLVMSetInitializer(g, init);
    LLVMSetGlobalConstant(g, 1);
    LLVMSetLinkage(g, LLVMPrivateLinkage);
    LLVMSetUnnamedAddress(g, LLVMGlobalUnnamedAddr);
    LLVMValueRef zero[2] = {kpi_cg_i32(m, 0), kpi_cg_i32(m, 0)};
    LLVMValueRef ptr = LLVMConstInBoundsGEP2(type, g, zero, 2);
    kpi_strmap_put(&m->strings, kpi_arena_strndup(&m->arena, text, len), len, ptr);
    return ptr;
}

LLVMValueRef kpi_cg_cstring(kpi_cg_module *m, const char *text) {
    if (!text) return LLVMConstNull(m->t_str);
    return kpi_cg_bytes(m, text, strlen(text));
}

kpi_cg_fn kpi_cg_call_target(LLVMTypeRef type, LLVMValueRef fn) {
    return (kpi_cg_fn){type, fn};
}

LLVMValueRef kpi_cg_call(kpi_cg_module *m, kpi_cg_fn fn, LLVMValueRef *args, unsigned n, const char *name) {
    return LLVMBuildCall2(m->b, fn.type, fn.value, args, n, name);
}

LLVMValueRef kpi_cg_define(kpi_cg_module *m, const char *name, LLVMTypeRef type,
                           const char *const *param_names) {
    LLVMValueRef fn = LLVMAddFunction(m->mod, name, type);
    LLVMSetLinkage(fn, LLVMInternalLinkage);
    unsigned n = LLVMCountParams(fn);
    for (unsigned i = 0; i < n && param_names; i++)
        LLVMSetValueName2(LLVMGetParam(fn, i), param_names[i], strlen(param_names[i]));
    return fn;
}

LLVMBasicBlockRef kpi_cg_block(kpi_cg_module *m, LLVMValueRef fn, const char *name) {
    return LLVMAppendBasicBlockInContext(m->ctx, fn, name);
}

void kpi_cg_enter(kpi_cg_module *m, LLVMBasicBlockRef bb) {
    LLVMBasicBlockRef last = LLVMGetLastBasicBlock(LLVMGetBasicBlockParent(bb));
    if (last != bb) LLVMMoveBasicBlockAfter(bb, last);
    LLVMPositionBuilderAtEnd(m->b, bb);
}

LLVMValueRef kpi_cg_entry_alloca(kpi_cg_module *m, LLVMValueRef fn, LLVMTypeRef type, const char *name) {
    LLVMBasicBlockRef entry = LLVMGetEntryBasicBlock(fn);
    LLVMBuilderRef b = LLVMCreateBuilderInContext(m->ctx);
    LLVMValueRef first = LLVMGetFirstInstruction(entry);
    if (first) LLVMPositionBuilderBefore(b, first);
    else LLVMPositionBuilderAtEnd(b, entry);
    LLVMValueRef slot = LLVMBuildAlloca(b, type, name);
    LLVMDisposeBuilder(b);
    return slot;
}

/* ---- types and declarations ------------------------------------------------------ */

static kpi_cg_fn declare(kpi_cg_module *m, const char *name, LLVMTypeRef ret, LLVMTypeRef *params,
                         unsigned n) {
    LLVMTypeRef type = LLVMFunctionType(ret, params, n, 0);
    LLVMValueRef fn = LLVMAddFunction(m->mod, name, type);
    return (kpi_cg_fn){type, fn};
}

LLVMTypeRef kpi_cg_ptr_to(LLVMTypeRef t) {
    return LLVMPointerType(t, 0);
}

static void make_types(kpi_cg_module *m) {
    LLVMContextRef c = m->ctx;
    m->t_void = LLVMVoidTypeInContext(c);
    m->t_i1 = LLVMInt1TypeInContext(c);
    m->t_i8 = LLVMInt8TypeInContext(c);
    m->t_i32 = LLVMInt32TypeInContext(c);
    m->t_i64 = LLVMInt64TypeInContext(c);
    m->t_f64 = LLVMDoubleTypeInContext(c);
    m->t_str = kpi_cg_ptr_to(m->t_i8);
    m->t_str_ptr = kpi_cg_ptr_to(m->t_str);
    m->t_i64_ptr = kpi_cg_ptr_to(m->t_i64);
    m->t_f64_ptr = kpi_cg_ptr_to(m->t_f64);
    m->t_i32_ptr = kpi_cg_ptr_to(m->t_i32);
    m->t_ctx = LLVMStructCreateNamed(c, "kpirt_ctx");
    m->t_ctx_ptr = kpi_cg_ptr_to(m->t_ctx);
    m->t_row = LLVMStructCreateNamed(c, "kpirt_row");
    m->t_row_ptr = kpi_cg_ptr_to(m->t_row);
    m->t_cell = LLVMStructCreateNamed(c, "kpirt_cell");
    LLVMTypeRef cell_fields[5] = {m->t_i64, m->t_i64, m->t_i64, m->t_i64, m->t_i64};
    LLVMStructSetBody(m->t_cell, cell_fields, 5, 0); /* sum count min max last */
    m->t_cell_ptr = kpi_cg_ptr_to(m->t_cell);

    LLVMTypeRef row_params[2] = {m->t_ctx_ptr, m->t_row_ptr};
    m->t_row_fn = LLVMFunctionType(m->t_i32, row_params, 2, 0);
    LLVMTypeRef mv_params[5] = {m->t_ctx_ptr, m->t_i32, m->t_i32, m->t_i32, m->t_f64_ptr};
    m->t_metric_value_fn = LLVMFunctionType(m->t_i32, mv_params, 5, 0);
    LLVMTypeRef metric_params[4] = {m->t_ctx_ptr, m->t_i32, m->t_i32, m->t_f64_ptr};
    m->t_metric_fn = LLVMFunctionType(m->t_i32, metric_params, 4, 0);
    m->t_target_fn = LLVMFunctionType(m->t_f64, &m->t_f64, 1, 0);

    m->t_source_desc = LLVMStructCreateNamed(c, "kpirt_source_desc");
    LLVMTypeRef src_fields[] = {m->t_str, m->t_str, m->t_str, m->t_str, /* name path date fmt */
                                m->t_i8, m->t_i8, m->t_i8,              /* delim dec thousands */
                                m->t_i32, m->t_str_ptr, kpi_cg_ptr_to(m->t_row_fn),
                                /* ABI 6: kind encoding declared skip_lines comment null_count nulls
                                   table currencies */
                                m->t_i32, m->t_i32, m->t_i32, m->t_i32, m->t_str, m->t_i32, m->t_str_ptr,
                                m->t_str, m->t_str_ptr};
    LLVMStructSetBody(m->t_source_desc, src_fields, sizeof src_fields / sizeof *src_fields, 0);

    m->t_metric_desc = LLVMStructCreateNamed(c, "kpirt_metric_desc");
    LLVMTypeRef met_fields[] = {m->t_str, m->t_str, m->t_str,           /* name title unit */
                                m->t_i32, m->t_i32, m->t_i32, m->t_i32, /* kind src agg better */
                                m->t_str,                               /* description */
                                m->t_i32, m->t_i32};                    /* per_day window_days */
    LLVMStructSetBody(m->t_metric_desc, met_fields, sizeof met_fields / sizeof *met_fields, 0);

    m->t_goal_desc = LLVMStructCreateNamed(c, "kpirt_goal_desc");
    LLVMTypeRef goal_fields[] = {m->t_str, m->t_str,
                                 m->t_str, m->t_str, /* name title owner why */
                                 m->t_i32, m->t_i32,
                                 m->t_i32, m->t_i32, /* metric parent verb akind */
                                 m->t_f64,           /* amount */
                                 m->t_i32, m->t_f64,
                                 m->t_f64, /* keep kind low high */
                                 m->t_i32, m->t_i32,
                                 m->t_i32, m->t_i32, /* review start deadline has_bl */
                                 m->t_f64, m->t_f64,
                                 m->t_f64,                                /* baseline tolerance budget */
                                 m->t_str, kpi_cg_ptr_to(m->t_target_fn), /* budget_unit target */
                                 m->t_i32, m->t_i32,
                                 m->t_i32, m->t_i32, /* baseline kind periods from to */
                                 m->t_i32, m->t_i32, /* path cumulative */
                                 m->t_i32};          /* budget_metric (ABI 9) */
    LLVMStructSetBody(m->t_goal_desc, goal_fields, sizeof goal_fields / sizeof *goal_fields, 0);

    m->t_segment_desc = LLVMStructCreateNamed(c, "kpirt_segment_desc");
    LLVMTypeRef seg_fields[] = {m->t_i32, m->t_i32, m->t_str,      /* source column value */
                                m->t_i32, m->t_i32, m->t_i32_ptr}; /* metric goal_count goals */
    LLVMStructSetBody(m->t_segment_desc, seg_fields, sizeof seg_fields / sizeof *seg_fields, 0);

    m->t_program = LLVMStructCreateNamed(c, "kpirt_program");
    LLVMTypeRef prog_fields[] = {m->t_i32,
                                 m->t_str,
                                 m->t_i32,
                                 m->t_i32,
                                 m->t_i32,
                                 kpi_cg_ptr_to(m->t_source_desc),
                                 kpi_cg_ptr_to(m->t_metric_desc),
                                 kpi_cg_ptr_to(m->t_goal_desc),
                                 kpi_cg_ptr_to(m->t_metric_value_fn),
                                 m->t_str,
                                 m->t_i32,
                                 kpi_cg_ptr_to(m->t_segment_desc)}; /* ABI 8: segments */
    LLVMStructSetBody(m->t_program, prog_fields, sizeof prog_fields / sizeof *prog_fields, 0);
}

static void declare_runtime(kpi_cg_module *m) {
    LLVMTypeRef row_c = kpi_cg_ptr_to(m->t_row);
    LLVMTypeRef text[4] = {row_c, m->t_i32, m->t_str_ptr, m->t_i64_ptr};
    m->rt_field_text = declare(m, "kpirt_field_text", m->t_void, text, 4);
    LLVMTypeRef dec[3] = {m->t_row_ptr, m->t_i32, m->t_i64_ptr};
    m->rt_field_decimal = declare(m, "kpirt_field_decimal", m->t_i32, dec, 3);
    LLVMTypeRef date[3] = {m->t_row_ptr, m->t_i32, m->t_i32_ptr};
    m->rt_field_date = declare(m, "kpirt_field_date", m->t_i32, date, 3);
    LLVMTypeRef num[3] = {m->t_row_ptr, m->t_i32, m->t_f64_ptr};
    m->rt_field_number = declare(m, "kpirt_field_number", m->t_i32, num, 3);
    LLVMTypeRef cells[2] = {m->t_ctx_ptr, m->t_i32};
    m->rt_day_cells = declare(m, "kpirt_day_cells", m->t_cell_ptr, cells, 2);
    LLVMTypeRef add[3] = {m->t_ctx_ptr, m->t_cell_ptr, m->t_i64};
    m->rt_cell_add = declare(m, "kpirt_cell_add", m->t_i32, add, 3);
    LLVMTypeRef distinct[5] = {m->t_ctx_ptr, m->t_i32, m->t_i32, m->t_str, m->t_i64};
    m->rt_distinct_add = declare(m, "kpirt_distinct_add", m->t_i32, distinct, 5);
    LLVMTypeRef ovf[2] = {m->t_ctx_ptr, m->t_i32};
    m->rt_overflow = declare(m, "kpirt_overflow", m->t_i32, ovf, 2);
    LLVMTypeRef base[5] = {m->t_ctx_ptr, m->t_i32, m->t_i32, m->t_i32, m->t_f64_ptr};
    m->rt_base_value = declare(m, "kpirt_base_value", m->t_i32, base, 5);
    LLVMTypeRef target[4] = {m->t_i32, m->t_i32, m->t_f64, m->t_f64};
    m->rt_goal_target_value = declare(m, "kpirt_goal_target_value", m->t_f64, target, 4);
    m->rt_derived_value = declare(m, "kpirt_derived_value", m->t_i32, base, 5);
    LLVMTypeRef in[5] = {m->t_str, m->t_i64, m->t_str, m->t_i64_ptr, m->t_i32};
    m->rt_text_in = declare(m, "kpirt_text_in", m->t_i32, in, 5);
    LLVMTypeRef main_params[3] = {kpi_cg_ptr_to(m->t_program), m->t_i32, m->t_str_ptr};
    m->rt_main = declare(m, "kpirt_main", m->t_i32, main_params, 3);
    LLVMTypeRef cmp[3] = {m->t_str, m->t_str, m->t_i64};
    m->c_memcmp = declare(m, "memcmp", m->t_i32, cmp, 3);

    LLVMTypeRef pair[2] = {m->t_i64, m->t_i1};
    LLVMTypeRef sadd_ret = LLVMStructTypeInContext(m->ctx, pair, 2, 0);
    LLVMTypeRef sadd_params[2] = {m->t_i64, m->t_i64};
    m->i_sadd_overflow = declare(m, "llvm.sadd.with.overflow.i64", sadd_ret, sadd_params, 2);
    m->i_fabs = declare(m, "llvm.fabs.f64", m->t_f64, &m->t_f64, 1);
}

/* ---- the module ---------------------------------------------------------------- */

kpi_cg_module *kpi_cg_lower(const kpi_program *program, const kpi_cg_options *options, kpi_cg_error *err) {
    kpi_cg_module *m = calloc(1, sizeof *m);
    if (!m) {
        kpi_cg_set_error(err, "out of memory");
        return NULL;
    }
    kpi_arena_init(&m->arena);
    kpi_strmap_init(&m->strings, &m->arena);
    m->program = program;
    if (options && options->name && options->name[0]) {
        m->name = kpi_arena_strdup(&m->arena, options->name);
    } else {
        char buf[256];
        kpi_cg_identifier(program->spec_path ? program->spec_path : "kpi", buf, sizeof buf);
        m->name = kpi_arena_strdup(&m->arena, buf);
    }
    if (options && options->triple) m->triple = kpi_arena_strdup(&m->arena, options->triple);
    if (options && options->cpu) m->cpu = kpi_arena_strdup(&m->arena, options->cpu);
    if (options && options->sql_postgres)
        m->sql_postgres = kpi_arena_strdup(&m->arena, options->sql_postgres);
    m->tsc = LLVMOrcCreateNewThreadSafeContext();
    m->ctx = LLVMOrcThreadSafeContextGetContext(m->tsc);
    m->mod = LLVMModuleCreateWithNameInContext(kpi_cg_spec_basename(program->spec_path), m->ctx);
    if (program->spec_path) LLVMSetSourceFileName(m->mod, program->spec_path, strlen(program->spec_path));
    m->b = LLVMCreateBuilderInContext(m->ctx);
    make_types(m);
    declare_runtime(m);

    kpi_cg_declare_metrics(m);
    kpi_cg_lower_rows(m);
    kpi_cg_lower_metrics(m);
    kpi_cg_lower_targets(m);
    kpi_cg_emit_descriptors(m, options && options->with_main);
    return m;
}

const char *kpi_cg_name(const kpi_cg_module *module) {
    return module->name;
}

bool kpi_cg_verify(kpi_cg_module *m, kpi_cg_error *err) {
    char *msg = NULL;
    if (LLVMVerifyModule(m->mod, LLVMReturnStatusAction, &msg)) {
        kpi_cg_set_error(err, "internal error: invalid LLVM IR: %s", msg ? msg : "");
        LLVMDisposeMessage(msg);
        return false;
    }
    LLVMDisposeMessage(msg);
    return true;
}

char *kpi_cg_ir_text(kpi_cg_module *m) {
    return LLVMPrintModuleToString(m->mod);
}
void kpi_cg_free_text(char *text) {
    LLVMDisposeMessage(text);
}

void kpi_cg_dispose(kpi_cg_module *m) {
    if (!m) return;
    if (m->b) LLVMDisposeBuilder(m->b);
    if (m->mod) LLVMDisposeModule(m->mod);
    if (m->tsc) LLVMOrcDisposeThreadSafeContext(m->tsc);
    kpi_arena_free(&m->arena);
    free(m);
}
