/*
** cg_desc.c: the constant descriptor and the exported entry points.
**
** Once cg_row.c, cg_metric.c and cg_goal.c have produced the functions, this
** file emits what the runtime reads: one constant kpirt_program pointing to
** the arrays of source, metric, goal and segment (cg_segment.c) descriptors
** (kpirt_abi.h), with the strings of the spec, and the symbols a linker or
** the JIT looks for:
**
**   const kpirt_program *<name>_program(void);
**   int <name>_evaluate(int argc, char **argv);   -> kpirt_main
**   int main(int argc, char **argv);              -> executables and -c only
*/
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cg_internal.h"

LLVMValueRef kpi_cg_global_array(kpi_cg_module *m, LLVMTypeRef elem, LLVMValueRef *items, unsigned n,
                                 const char *name) {
    if (n == 0) return LLVMConstNull(kpi_cg_ptr_to(elem));
    LLVMTypeRef type = LLVMArrayType(elem, n);
    LLVMValueRef g = LLVMAddGlobal(m->mod, type, name);
    LLVMSetInitializer(g, LLVMConstArray(elem, items, n));
    LLVMSetGlobalConstant(g, 1);
    LLVMSetLinkage(g, LLVMPrivateLinkage);
    LLVMValueRef zero[2] = {kpi_cg_i32(m, 0), kpi_cg_i32(m, 0)};
    return LLVMConstInBoundsGEP2(type, g, zero, 2);
}

/*
** The compiled default data path. Sema resolved it against the spec's
** folder, which may still be relative to the current directory; an
** executable runs from anywhere, so it gets the absolute path.
*/
static const char *absolute_path(kpi_cg_module *m, const char *path) {
    if (!path || path[0] == '/') return path;
    char buf[PATH_MAX];
    if (realpath(path, buf)) return kpi_arena_strdup(&m->arena, buf);
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd)) return path;
    while (path[0] == '.' && path[1] == '/') path += 2;
    return kpi_arena_printf(&m->arena, "%s/%s", cwd, path);
}

/* An array of strings (NULL entries allowed), or a null pointer when every entry is NULL. */
static LLVMValueRef string_array(kpi_cg_module *m, const char *const *items, uint32_t n, const char *name) {
    bool any = false;
    LLVMValueRef *vals = KPI_NEW_ARRAY(&m->arena, LLVMValueRef, n + 1);
    for (uint32_t k = 0; k < n; k++) {
        vals[k] = kpi_cg_cstring(m, items ? items[k] : NULL);
        any = any || (items && items[k]);
    }
    return any ? kpi_cg_global_array(m, m->t_str, vals, n, name) : LLVMConstNull(m->t_str_ptr);
}

static LLVMValueRef source_desc(kpi_cg_module *m, uint32_t i) {
    const kpi_prog_source *s = &m->program->sources[i];
    LLVMValueRef *cols = KPI_NEW_ARRAY(&m->arena, LLVMValueRef, s->column_count + 1);
    for (uint32_t c = 0; c < s->column_count; c++) cols[c] = kpi_cg_cstring(m, s->columns[c]);
    char *cname = kpi_arena_printf(&m->arena, "kpi.columns.%s", s->name);
    _Static_assert(KPIRT_SOURCE_GOOGLE_ADS == 2 && KPIRT_ENCODING_UTF16 == 3,
                   "the descriptor carries the runtime's own enum values");
    LLVMValueRef fields[] = {
        kpi_cg_cstring(m, s->name),
        /* a table has no file: its per-period values come with --periods or --engine */
        kpi_cg_cstring(m, s->kind == KPI_SOURCE_TABLE ? NULL : absolute_path(m, s->path)),
        kpi_cg_cstring(m, s->date_column),
        kpi_cg_cstring(m, s->date_format),
        LLVMConstInt(m->t_i8, (unsigned char)s->delimiter, 0),
        LLVMConstInt(m->t_i8, (unsigned char)s->decimal_mark, 0),
        LLVMConstInt(m->t_i8, (unsigned char)s->thousands_sep, 0),
        kpi_cg_i32(m, s->column_count),
        kpi_cg_global_array(m, m->t_str, cols, s->column_count, cname),
        m->row_fns[i],
        kpi_cg_i32(m, s->format),
        kpi_cg_i32(m, s->encoding),
        kpi_cg_i32(m, s->declared),
        kpi_cg_i32(m, s->skip_lines),
        kpi_cg_cstring(m, s->comment),
        kpi_cg_i32(m, s->null_count),
        string_array(m, s->nulls, s->null_count, kpi_arena_printf(&m->arena, "kpi.nulls.%s", s->name)),
        kpi_cg_cstring(m, s->table),
        string_array(m, s->currencies, s->column_count,
                     kpi_arena_printf(&m->arena, "kpi.currencies.%s", s->name)),
    };
    return LLVMConstNamedStruct(m->t_source_desc, fields, sizeof fields / sizeof *fields);
}

static LLVMValueRef metric_desc(kpi_cg_module *m, uint32_t i) {
    const kpi_prog_metric *x = &m->program->metrics[i];
    LLVMValueRef fields[] = {
        kpi_cg_cstring(m, x->name),
        kpi_cg_cstring(m, x->title),
        kpi_cg_cstring(m, x->unit),
        kpi_cg_i32(m, x->unit_kind),
        kpi_cg_i32(m, x->is_base ? (int64_t)x->source : -1),
        kpi_cg_i32(m, x->is_base ? x->aggregate : KPIRT_AGG_SUM),
        kpi_cg_i32(m, x->better),
        kpi_cg_cstring(m, x->description),
        kpi_cg_i32(m, x->per_day ? 1 : 0),
        kpi_cg_i32(m, x->window_days),
    };
    return LLVMConstNamedStruct(m->t_metric_desc, fields, sizeof fields / sizeof *fields);
}

static LLVMValueRef goal_desc(kpi_cg_module *m, uint32_t i) {
    const kpi_prog_goal *g = &m->program->goals[i];
    LLVMValueRef target = m->target_fns[i] ? m->target_fns[i] : LLVMConstNull(kpi_cg_ptr_to(m->t_target_fn));
    LLVMValueRef fields[] = {
        kpi_cg_cstring(m, g->name),
        kpi_cg_cstring(m, g->title),
        kpi_cg_cstring(m, g->owner),
        kpi_cg_cstring(m, g->why),
        kpi_cg_i32(m, g->metric),
        kpi_cg_i32(m, g->parent),
        kpi_cg_i32(m, g->verb),
        kpi_cg_i32(m, g->amount_kind),
        kpi_cg_f64(m, g->amount),
        kpi_cg_i32(m, g->keep_kind),
        kpi_cg_f64(m, g->keep_low),
        kpi_cg_f64(m, g->keep_high),
        kpi_cg_i32(m, g->review),
        kpi_cg_i32(m, g->start),
        kpi_cg_i32(m, g->deadline),
        kpi_cg_i32(m, g->has_baseline ? 1 : 0),
        kpi_cg_f64(m, g->baseline),
        kpi_cg_f64(m, g->tolerance),
        kpi_cg_f64(m, g->budget),
        kpi_cg_cstring(m, g->budget_unit),
        target,
        kpi_cg_i32(m, g->baseline_kind),
        kpi_cg_i32(m, g->baseline_periods),
        kpi_cg_i32(m, g->baseline_from),
        kpi_cg_i32(m, g->baseline_to),
        kpi_cg_i32(m, g->path),
        kpi_cg_i32(m, g->cumulative ? 1 : 0),
        kpi_cg_i32(m, g->budget_metric),
    };
    return LLVMConstNamedStruct(m->t_goal_desc, fields, sizeof fields / sizeof *fields);
}

const char *kpi_cg_spec_basename(const char *path) {
    if (!path) return "spec.kpi";
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static void emit_program(kpi_cg_module *m) {
    const kpi_program *p = m->program;
    LLVMValueRef *srcs = KPI_NEW_ARRAY(&m->arena, LLVMValueRef, p->source_count + 1);
    for (uint32_t i = 0; i < p->source_count; i++) srcs[i] = source_desc(m, i);
    LLVMValueRef *mets = KPI_NEW_ARRAY(&m->arena, LLVMValueRef, p->metric_count + 1);
    for (uint32_t i = 0; i < p->metric_count; i++) mets[i] = metric_desc(m, i);
    LLVMValueRef *goals = KPI_NEW_ARRAY(&m->arena, LLVMValueRef, p->goal_count + 1);
    for (uint32_t i = 0; i < p->goal_count; i++) goals[i] = goal_desc(m, i);
    uint32_t segment_count;
    LLVMValueRef segments = kpi_cg_segments(m, &segment_count);

    LLVMValueRef fields[] = {
        kpi_cg_i32(m, KPIRT_ABI_VERSION),
        kpi_cg_cstring(m, kpi_cg_spec_basename(p->spec_path)),
        kpi_cg_i32(m, p->source_count),
        kpi_cg_i32(m, p->metric_count),
        kpi_cg_i32(m, p->goal_count),
        kpi_cg_global_array(m, m->t_source_desc, srcs, p->source_count, "kpi.sources"),
        kpi_cg_global_array(m, m->t_metric_desc, mets, p->metric_count, "kpi.metrics"),
        kpi_cg_global_array(m, m->t_goal_desc, goals, p->goal_count, "kpi.goals"),
        m->metric_value_fn,
        kpi_cg_cstring(m, m->sql_postgres),
        kpi_cg_i32(m, segment_count),
        segments,
    };
    LLVMValueRef g = LLVMAddGlobal(m->mod, m->t_program, "kpi.program");
    LLVMSetInitializer(g, LLVMConstNamedStruct(m->t_program, fields, sizeof fields / sizeof *fields));
    LLVMSetGlobalConstant(g, 1);
    LLVMSetLinkage(g, LLVMInternalLinkage);
    m->program_global = g;
}

/* <name>_program(), <name>_evaluate() and, for executables, main(). */
static void emit_entry_points(kpi_cg_module *m, bool with_main) {
    LLVMTypeRef getter_t = LLVMFunctionType(kpi_cg_ptr_to(m->t_program), NULL, 0, 0);
    char *getter_name = kpi_arena_printf(&m->arena, "%s_program", m->name);
    LLVMValueRef getter = LLVMAddFunction(m->mod, getter_name, getter_t);
    LLVMPositionBuilderAtEnd(m->b, kpi_cg_block(m, getter, "entry"));
    LLVMBuildRet(m->b, m->program_global);

    LLVMTypeRef main_params[2] = {m->t_i32, m->t_str_ptr};
    LLVMTypeRef main_t = LLVMFunctionType(m->t_i32, main_params, 2, 0);
    const char *names[2] = {kpi_arena_printf(&m->arena, "%s_evaluate", m->name), "main"};
    for (int i = 0; i < (with_main ? 2 : 1); i++) {
        LLVMValueRef fn = LLVMAddFunction(m->mod, names[i], main_t);
        LLVMSetValueName2(LLVMGetParam(fn, 0), "argc", 4);
        LLVMSetValueName2(LLVMGetParam(fn, 1), "argv", 4);
        LLVMPositionBuilderAtEnd(m->b, kpi_cg_block(m, fn, "entry"));
        LLVMValueRef args[3] = {m->program_global, LLVMGetParam(fn, 0), LLVMGetParam(fn, 1)};
        LLVMBuildRet(m->b, kpi_cg_call(m, m->rt_main, args, 3, "status"));
    }
}

void kpi_cg_emit_descriptors(kpi_cg_module *m, bool with_main) {
    emit_program(m);
    emit_entry_points(m, with_main);
}
