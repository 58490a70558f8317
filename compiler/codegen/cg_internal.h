/*
** cg_internal.h: state shared by the files of the LLVM back end.
**
** One kpi_cg_module owns an LLVM context (inside an ORC thread-safe context,
** so the same module can go to the JIT), the module, and the types and
** declarations every lowering step needs. The lowering is split by what it
** produces: cg_module.c (types, strings, the order of the steps), cg_desc.c
** (descriptor globals, entry points), cg_segment.c (the segments a warning
** names), cg_row.c and cg_filter.c (row functions), cg_metric.c (metric
** values), cg_goal.c (targets). Nothing here is visible outside compiler/codegen/.
*/
#ifndef KPI_CG_INTERNAL_H
#define KPI_CG_INTERNAL_H

#include <llvm-c/Core.h>
#include <llvm-c/Orc.h>

#include "support/arena.h"
#include "support/strmap.h"
#include "codegen.h"

/* A declared external function with the type needed to call it. */
typedef struct kpi_cg_fn {
    LLVMTypeRef type;
    LLVMValueRef value;
} kpi_cg_fn;

struct kpi_cg_module {
    const kpi_program *program;
    kpi_arena arena;          /* names and scratch; freed with the module */
    const char *name;         /* exported symbol prefix */
    const char *triple, *cpu; /* kpi_cg_options' target; NULL: host, baseline */
    const char *sql_postgres; /* kpi_cg_options' query for --engine, or NULL */

    LLVMOrcThreadSafeContextRef tsc; /* owns ctx */
    LLVMContextRef ctx;
    LLVMModuleRef mod; /* NULL once handed to the JIT */
    LLVMBuilderRef b;

    /* scalar and pointer types */
    LLVMTypeRef t_void, t_i1, t_i8, t_i32, t_i64, t_f64;
    LLVMTypeRef t_str;     /* i8*: text, C strings */
    LLVMTypeRef t_str_ptr; /* i8**: out-parameter of kpirt_field_text */
    LLVMTypeRef t_i64_ptr, t_f64_ptr, t_i32_ptr;
    LLVMTypeRef t_ctx, t_ctx_ptr;   /* opaque kpirt_ctx */
    LLVMTypeRef t_row, t_row_ptr;   /* opaque kpirt_row */
    LLVMTypeRef t_cell, t_cell_ptr; /* kpirt_cell */

    /* the ABI's function types and descriptor structs */
    LLVMTypeRef t_row_fn, t_metric_value_fn, t_target_fn;
    LLVMTypeRef t_source_desc, t_metric_desc, t_goal_desc, t_segment_desc, t_program;

    /* the runtime's functions that generated code calls */
    kpi_cg_fn rt_field_text, rt_field_decimal, rt_field_date, rt_field_number;
    kpi_cg_fn rt_day_cells, rt_cell_add, rt_distinct_add, rt_overflow, rt_base_value, rt_goal_target_value,
        rt_derived_value, rt_text_in;
    kpi_cg_fn rt_main, c_memcmp, i_sadd_overflow, i_fabs;

    /* what the lowering produced, indexed like the program's arrays */
    LLVMValueRef *row_fns;    /* per source */
    LLVMValueRef *metric_fns; /* per metric: i32 (ctx*, i32 g, i32 period, double*) */
    LLVMTypeRef t_metric_fn;
    LLVMValueRef metric_value_fn;
    LLVMValueRef *target_fns; /* per goal; NULL when the goal has no target */
    LLVMValueRef program_global;
    kpi_strmap strings; /* each text emitted once: its bytes -> its i8* constant */
};

/* cg_module.c */
LLVMValueRef kpi_cg_cstring(kpi_cg_module *m, const char *text);           /* i8*, NULL -> null */
LLVMValueRef kpi_cg_bytes(kpi_cg_module *m, const char *text, size_t len); /* i8* to len bytes */
LLVMValueRef kpi_cg_i32(kpi_cg_module *m, int64_t v);
LLVMValueRef kpi_cg_i64(kpi_cg_module *m, int64_t v);
LLVMValueRef kpi_cg_f64(kpi_cg_module *m, double v);
kpi_cg_fn kpi_cg_call_target(LLVMTypeRef type, LLVMValueRef fn);
LLVMValueRef kpi_cg_call(kpi_cg_module *m, kpi_cg_fn fn, LLVMValueRef *args, unsigned n, const char *name);
/* A new internal function with readable parameter names. */
LLVMValueRef kpi_cg_define(kpi_cg_module *m, const char *name, LLVMTypeRef type,
                           const char *const *param_names);
/* An alloca in the function's entry block, so mem2reg can promote it. */
LLVMValueRef kpi_cg_entry_alloca(kpi_cg_module *m, LLVMValueRef fn, LLVMTypeRef type, const char *name);
LLVMBasicBlockRef kpi_cg_block(kpi_cg_module *m, LLVMValueRef fn, const char *name);
/* Moves bb to the end of its function and continues there, so the IR reads
   in the order it runs. */
void kpi_cg_enter(kpi_cg_module *m, LLVMBasicBlockRef bb);

LLVMTypeRef kpi_cg_ptr_to(LLVMTypeRef t); /* LLVMPointerType(t, 0): typed in 14, opaque from 15 */

/* cg_desc.c */
void kpi_cg_emit_descriptors(kpi_cg_module *m, bool with_main);
/* A private constant array of n items (a null pointer when n is 0), as a pointer to its first. */
LLVMValueRef kpi_cg_global_array(kpi_cg_module *m, LLVMTypeRef elem, LLVMValueRef *items, unsigned n,
                                 const char *name);
/* The program's kpirt_segment_desc array (cg_segment.c) and, in *count, its length. */
LLVMValueRef kpi_cg_segments(kpi_cg_module *m, uint32_t *count);
const char *kpi_cg_spec_basename(const char *path); /* "dir/goals.kpi" -> "goals.kpi" */

/* cg_row.c */
void kpi_cg_lower_rows(kpi_cg_module *m);

/* cg_filter.c: branches to on_true or on_false; numeric fields that fail to
   convert branch to on_error. row is the row function's row parameter. */
typedef struct kpi_cg_filter_env {
    LLVMValueRef fn, row;
    LLVMValueRef *text_ptr, *text_len; /* per column: allocas filled in the entry */
    LLVMValueRef number_slot;          /* double alloca for kpirt_field_number */
    LLVMBasicBlockRef on_error;
    LLVMBasicBlockRef on_empty; /* a numeric field was empty: the whole filter fails */
} kpi_cg_filter_env;
void kpi_cg_lower_filter(kpi_cg_module *m, const kpi_cg_filter_env *env, const kpi_prog_filter *f,
                         LLVMBasicBlockRef on_true, LLVMBasicBlockRef on_false);
/* Marks, per column, whether a filter compares it as text. */
void kpi_cg_filter_text_columns(const kpi_prog_filter *f, bool *uses_text);

/* cg_metric.c */
void kpi_cg_declare_metrics(kpi_cg_module *m);
void kpi_cg_lower_metrics(kpi_cg_module *m);

/* cg_goal.c */
void kpi_cg_lower_targets(kpi_cg_module *m);

/* cg_target.c: a target machine for the module's triple and CPU; NULL with
   err set on failure (an unknown triple or CPU, native for another triple). */
LLVMTargetMachineRef kpi_cg_target_machine(const kpi_cg_module *m, int opt_level, kpi_cg_error *err);
/* Whether triple (NULL: the host's) names the machine kpic runs on. */
bool kpi_cg_triple_is_host(const char *triple);

void kpi_cg_set_error(kpi_cg_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
