/*
** test_options.c: what kpi_sema_options lets a caller leave out. `kpic check`
** skips the editor's symbol index and the lowering to a kpi_program; the
** diagnostics must be exactly those of a full analysis, on every example and
** every golden check file.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "compiler/parse/parse.h"
#include "compiler/sema/sema.h"

static const char *const files[] = {
    "examples/webshop/webshop.kpi",
    "examples/marketing-funnel/marketing.kpi",
    "examples/sales-team/sales.kpi",
    "examples/customer-service/support.kpi",
    "examples/hr-team/hr.kpi",
    "examples/smart-mistakes/smart-mistakes.kpi",
    "examples/smart-mistakes/no-data.kpi",
    "tests/check/sema/clean.kpi",
    "tests/check/sema/columns.kpi",
    "tests/check/sema/draft.kpi",
    "tests/check/sema/driver_repeats.kpi",
    "tests/check/sema/import_cycle.kpi",
    "tests/check/sema/imports.kpi",
    "tests/check/sema/names.kpi",
    "tests/check/sema/no_data.kpi",
    "tests/check/sema/owner_time.kpi",
    "tests/check/sema/policy.kpi",
    "tests/check/sema/realism.kpi",
    "tests/check/sema/realism_months.kpi",
    "tests/check/sema/sources.kpi",
    "tests/check/sema/specific.kpi",
    "tests/check/sema/units.kpi",
};

typedef struct analysis {
    kpi_arena arena;
    kpi_source_map sources;
    kpi_diag_engine diags;
    kpi_sema_result *result;
} analysis;

static void analyze(analysis *a, const char *path, bool skip) {
    kpi_arena_init(&a->arena);
    kpi_src_map_init(&a->sources, &a->arena);
    kpi_diag_init(&a->diags, &a->arena, &a->sources);
    a->diags.max_errors = 0;
    kpi_source *src = kpi_src_load(&a->sources, path);
    assert_non_null(src);
    kpi_ast_file *ast = kpi_parse(&a->arena, &a->diags, src);
    const char *dirs[] = {KPI_REPO_DIR "/stdlib"};
    kpi_sema_options o = {.import_dirs = dirs,
                          .import_dir_count = 1,
                          .verify_columns = true,
                          .skip_symbols = skip,
                          .skip_lowering = skip};
    a->result = kpi_sema_analyze(&a->arena, &a->diags, &a->sources, ast, &o);
}

static void assert_same_diagnostics(const analysis *full, const analysis *lean, const char *path) {
    const kpi_diagnostic *d = full->diags.head, *e = lean->diags.head;
    for (; d && e; d = d->next, e = e->next) {
        if (d->code != e->code || d->span.begin != e->span.begin || d->span.end != e->span.end ||
            strcmp(d->message, e->message) != 0)
            fail_msg("%s: '%s' in a full analysis, '%s' without symbols and lowering", path, d->message,
                     e->message);
        const kpi_note *n = d->notes, *m = e->notes;
        for (; n && m; n = n->next, m = m->next) assert_string_equal(n->message, m->message);
        assert_true(!n && !m);
        const kpi_fixit *f = d->fixes, *g = e->fixes;
        for (; f && g; f = f->next, g = g->next) assert_string_equal(f->replacement, g->replacement);
        assert_true(!f && !g);
    }
    if (d || e) fail_msg("%s: %s analysis reported more", path, d ? "the full" : "the lean");
    assert_int_equal(full->diags.errors, lean->diags.errors);
    assert_int_equal(full->diags.warnings, lean->diags.warnings);
}

static void test_skipping_keeps_every_diagnostic(void **state) {
    (void)state;
    unsigned programs = 0;
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", KPI_REPO_DIR, files[i]);
        analysis full, lean;
        analyze(&full, path, false);
        analyze(&lean, path, true);
        assert_same_diagnostics(&full, &lean, path);
        /* what was skipped is absent, and was there to skip */
        assert_null(lean.result->program);
        assert_int_equal(lean.result->symbol_count, 0);
        assert_int_equal(lean.result->ref_count, 0);
        if (strncmp(files[i], "examples/", 9) == 0 && full.result->symbol_count == 0)
            fail_msg("%s: no symbols in a full analysis", path);
        if (full.diags.errors == 0) {
            assert_non_null(full.result->program);
            programs++;
        }
        kpi_arena_free(&full.arena);
        kpi_arena_free(&lean.arena);
    }
    assert_true(programs >= 5); /* the examples that check cleanly were lowered in full */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_skipping_keeps_every_diagnostic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
