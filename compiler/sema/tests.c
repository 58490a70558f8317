/*
** tests.c: `test` items, checked like goals and lowered for `kpic test`.
**
** A test names goals and drivers, fields of the report, statuses, units and
** fixture files; each is checked here, with its location, so that a typo in
** a test is a diagnostic, not a test that fails for the wrong reason. Goals
** and drivers are found by the names the report gives them ("goal",
** "goal.driver_metric"); a value is checked against the goal's metric the
** way a target is (sema_check_quantity). What is left is lowered into
** kpi_program.tests; the judgement of each goal stays in libkpirt, which
** `kpic test` runs (docs/language.md, "test").
*/
#include "sema_internal.h"

#include <string.h>
#include <unistd.h>

#include "kpirt.h"

static const char *const field_names[] = {"status", "current", "target", "expected", "progress", "baseline"};
static const kpi_prog_expect_field field_kinds[] = {
    KPI_EXPECT_STATUS,   KPI_EXPECT_CURRENT,  KPI_EXPECT_TARGET,
    KPI_EXPECT_EXPECTED, KPI_EXPECT_PROGRESS, KPI_EXPECT_BASELINE,
};
_Static_assert(sizeof field_names / sizeof *field_names == sizeof field_kinds / sizeof *field_kinds,
               "one name per expectation field");
#define FIELD_COUNT (sizeof field_names / sizeof *field_names)

static int field_index(const char *name) {
    for (size_t i = 0; name && i < FIELD_COUNT; i++)
        if (strcmp(field_names[i], name) == 0) return (int)i;
    return -1;
}

/* A goal's status can be expected; `uncertain` is only ever a projection's, `overspend` a budget's. */
static bool goal_status(int s) {
    return s != KPIRT_STATUS_UNCERTAIN && s != KPIRT_STATUS_OVERSPEND;
}

/* The goal status with this name (kpirt's names: on_track, at_risk, ...), or KPIRT_STATUS_COUNT. */
static kpirt_status status_named(const char *name) {
    for (int s = 0; s < KPIRT_STATUS_COUNT; s++) {
        if (!goal_status(s)) continue;
        const char *known = kpirt_status_name((kpirt_status)s);
        if (known && name && strcmp(known, name) == 0) return (kpirt_status)s;
    }
    return KPIRT_STATUS_COUNT;
}

/* Reports word as unknown among the names in list, with the closest one as a fix-it. */
static void report_unknown_word(sema_ctx *ctx, const kpi_name *word, const char *what,
                                const char *const *list, size_t count) {
    sema_table known = {0};
    char *all = "";
    for (size_t i = 0; i < count; i++) {
        if (!list[i]) continue;
        sema_table_put(ctx->arena, &known, list[i], (void *)list[i]);
        all = kpi_arena_printf(ctx->arena, "%s%s%s", all, *all ? ", " : "", list[i]);
    }
    kpi_diagnostic *d = sema_report(ctx, KPI_E002, word->span, "unknown %s '%s'", what, word->text);
    kpi_diag_note(ctx->diags, d, KPI_SPAN_NONE, "a %s is one of %s", what, all);
    sema_note_did_you_mean(ctx, d, word->span, sema_suggest(&known, word->text), NULL);
}

static void check_expect(sema_ctx *ctx, const sema_table *goals, const kpi_test_line *line) {
    sema_goal *g = sema_table_get(goals, line->goal.text);
    if (!g) {
        sema_report_unknown(ctx, KPI_E001, &line->goal, goals, "goal");
    } else {
        sema_add_ref(ctx, line->goal.span, g->symbol);
    }
    int field = field_index(line->field.text);
    if (field < 0) {
        report_unknown_word(ctx, &line->field, "report field", field_names, FIELD_COUNT);
        return;
    }
    if (field_kinds[field] == KPI_EXPECT_STATUS) {
        if (!line->word.text) {
            kpi_diagnostic *d =
                sema_report(ctx, KPI_E002, line->value.span, "a status is a word, such as on_track");
            kpi_diag_fixit(ctx->diags, d, line->value.span, "on_track", "expect a status");
        } else if (status_named(line->word.text) == KPIRT_STATUS_COUNT) {
            const char *names[KPIRT_STATUS_COUNT];
            for (int s = 0; s < KPIRT_STATUS_COUNT; s++)
                names[s] = goal_status(s) ? kpirt_status_name((kpirt_status)s) : NULL;
            report_unknown_word(ctx, &line->word, "status", names, KPIRT_STATUS_COUNT);
        }
        return;
    }
    if (line->word.text) {
        if (strcmp(line->word.text, "none") != 0) {
            kpi_diagnostic *d = sema_report(
                ctx, KPI_E002, line->word.span,
                "%s is a number: write a value such as 1200 EUR, or none for no value", line->field.text);
            kpi_diag_fixit(ctx->diags, d, line->word.span, "none", "expect no value");
        }
        return;
    }
    if (field_kinds[field] == KPI_EXPECT_PROGRESS) {
        /* progress is a fraction of the planned change, whatever the metric: 50% or 0.5 */
        const kpi_quantity *qs[] = {&line->value, line->has_tolerance ? &line->tolerance : NULL};
        for (size_t i = 0; i < 2; i++) {
            if (!qs[i] || !qs[i]->unit.text) continue;
            kpi_diagnostic *d = sema_report(ctx, KPI_U007, qs[i]->unit.span,
                                            "progress is a share of the planned change: write 50%% or 0.5, "
                                            "without '%s'",
                                            qs[i]->unit.text);
            kpi_diag_fixit(ctx->diags, d,
                           kpi_span_join(sema_span_at(qs[i]->number.span, true), qs[i]->unit.span), "",
                           "remove the unit");
        }
        return;
    }
    if (!g || !g->metric) return;
    const char *what = kpi_arena_printf(ctx->arena, "the expected %s", line->field.text);
    sema_check_quantity(ctx, &line->value, g->metric, what);
    if (line->has_tolerance) sema_check_quantity(ctx, &line->tolerance, g->metric, "the tolerance");
}

static void check_data(sema_ctx *ctx, const kpi_test_line *line) {
    sema_source *src = ctx->root->first_source;
    if (line->source.text) {
        src = sema_table_get(&ctx->root->sources, line->source.text);
        if (!src) {
            sema_report_unknown(ctx, KPI_N002, &line->source, &ctx->root->sources, "source");
            return;
        }
        sema_add_ref(ctx, line->source.span, src->symbol);
    } else if (!src) {
        sema_report(ctx, KPI_E003, line->span, "this file declares no source for the test's data");
        return;
    }
    const char *path = line->path.text ? line->path.text : "";
    const char *full = path[0] == '/' ? path : kpi_arena_printf(ctx->arena, "%s/%s", ctx->root->dir, path);
    if (access(full, R_OK) != 0) {
        kpi_diagnostic *d =
            sema_report(ctx, KPI_E004, line->path.span, "cannot read the test data '%s'", path);
        kpi_diag_note(ctx->diags, d, KPI_SPAN_NONE,
                      "the path is relative to the folder of the .kpi file (%s)", ctx->root->dir);
    }
}

static void check_test(sema_ctx *ctx, const sema_table *goals, const kpi_item *it) {
    const kpi_test *t = &it->as.test;
    const kpi_test_line *as_of = NULL;
    bool expects = false;
    for (const kpi_test_line *line = t->lines; line; line = line->next) {
        switch (line->kind) {
        case KPI_TEST_DATA: check_data(ctx, line); break;
        case KPI_TEST_AS_OF:
            if (as_of) {
                kpi_diagnostic *d = sema_report(ctx, KPI_N009, line->span, "the test's date is given twice");
                kpi_diag_note(ctx->diags, d, as_of->span, "first given here");
            }
            as_of = line;
            break;
        case KPI_TEST_EXPECT:
            expects = true;
            check_expect(ctx, goals, line);
            break;
        }
    }
    kpi_span end = sema_span_at(it->span, true);
    if (!as_of) {
        kpi_diagnostic *d =
            sema_report(ctx, KPI_E003, t->name.span, "test '%s' has no date: as of when?", t->name.text);
        kpi_diag_fixit(ctx->diags, d, end, "\n  as of 2026-03-31", "evaluate the goals at a date");
    }
    if (!expects) {
        kpi_diagnostic *d =
            sema_report(ctx, KPI_E003, t->name.span, "test '%s' expects nothing", t->name.text);
        kpi_diag_fixit(ctx->diags, d, end, "\n  expect GOAL status on_track", "add an expectation");
    }
}

/* Goals and drivers by the names the report gives them. */
static sema_table goals_by_name(sema_ctx *ctx) {
    sema_table goals = {0};
    for (uint32_t i = 0; i < ctx->goal_count; i++)
        if (ctx->goals[i]->name) sema_table_put(ctx->arena, &goals, ctx->goals[i]->name, ctx->goals[i]);
    return goals;
}

void sema_check_tests(sema_ctx *ctx) {
    if (!ctx->root || !ctx->root->ast) return;
    sema_table goals = {0}, tests = {0};
    bool any = false;
    for (const kpi_item *it = ctx->root->ast->items; it; it = it->next) {
        if (it->kind != KPI_ITEM_TEST || !it->as.test.name.text) continue;
        if (!any) goals = goals_by_name(ctx);
        any = true;
        const kpi_item *old = sema_table_get(&tests, it->as.test.name.text);
        if (old) {
            kpi_diagnostic *d = sema_report(ctx, KPI_N003, it->as.test.name.span,
                                            "test '%s' is declared twice", it->as.test.name.text);
            kpi_diag_note(ctx->diags, d, old->as.test.name.span, "first declared here");
        } else {
            sema_table_put(ctx->arena, &tests, it->as.test.name.text, (void *)it);
        }
        check_test(ctx, &goals, it);
    }
}

/* ---- lowering ------------------------------------------------------------------ */

static void lower_expect(sema_ctx *ctx, const kpi_test_line *line, kpi_prog_expect *e) {
    int field = field_index(line->field.text);
    e->goal = line->goal.text;
    e->field = field_kinds[field < 0 ? 0 : field];
    e->field_name = field_names[field < 0 ? 0 : field];
    e->span = line->span;
    if (line->word.text) {
        e->written = line->word.text;
        if (e->field == KPI_EXPECT_STATUS) e->status = line->word.text;
        else e->expect_none = true;
        return;
    }
    e->written = sema_span_text(ctx, line->value.span);
    e->percent = line->value.percent;
    e->value = sema_quantity_value(&line->value);
    if (line->has_tolerance) e->tolerance = sema_quantity_value(&line->tolerance);
    if (e->tolerance < 0) e->tolerance = -e->tolerance;
}

void sema_lower_tests(sema_ctx *ctx, kpi_program *prog) {
    for (const kpi_item *it = ctx->root->ast->items; it; it = it->next)
        if (it->kind == KPI_ITEM_TEST) prog->test_count++;
    if (!prog->test_count) return;
    prog->tests = KPI_NEW_ARRAY(ctx->arena, kpi_prog_test, prog->test_count);
    kpi_prog_test *t = prog->tests;
    for (const kpi_item *it = ctx->root->ast->items; it; it = it->next) {
        if (it->kind != KPI_ITEM_TEST) continue;
        t->name = it->as.test.name.text;
        t->title = it->as.test.title.text;
        t->span = it->span;
        uint32_t data = 0, expects = 0;
        for (const kpi_test_line *line = it->as.test.lines; line; line = line->next) {
            data += line->kind == KPI_TEST_DATA;
            expects += line->kind == KPI_TEST_EXPECT;
        }
        t->data = KPI_NEW_ARRAY(ctx->arena, kpi_prog_test_data, data + 1);
        t->expects = KPI_NEW_ARRAY(ctx->arena, kpi_prog_expect, expects + 1);
        for (const kpi_test_line *line = it->as.test.lines; line; line = line->next) {
            switch (line->kind) {
            case KPI_TEST_DATA: {
                sema_source *src = line->source.text ? sema_table_get(&ctx->root->sources, line->source.text)
                                                     : ctx->root->first_source;
                bool read = false; /* data for a source no goal reads is not passed on */
                for (uint32_t s = 0; src && s < prog->source_count; s++)
                    read |= strcmp(prog->sources[s].name, src->name) == 0;
                if (!read) break;
                const char *path = line->path.text;
                t->data[t->data_count++] = (kpi_prog_test_data){
                    .source = src->name,
                    .path =
                        path[0] == '/' ? path : kpi_arena_printf(ctx->arena, "%s/%s", ctx->root->dir, path),
                    .span = line->span,
                };
                break;
            }
            case KPI_TEST_AS_OF:
                t->as_of = sema_format_day(ctx->arena, sema_date_last_day(&line->as_of));
                break;
            case KPI_TEST_EXPECT: lower_expect(ctx, line, &t->expects[t->expect_count++]); break;
            }
        }
        t++;
    }
}
