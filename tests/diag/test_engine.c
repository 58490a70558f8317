/*
** test_engine.c: the diagnostics engine: code lookup, severity options
** (-Werror, -Werror=CODE, -Wno-CODE, -w, --draft), the error cap, notes,
** fix-its and sorting. Sources are synthetic (kpi_src_add); no parser needed.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "compiler/diag/diag.h"

typedef struct fixture {
    kpi_arena arena;
    kpi_source_map sources;
    kpi_diag_engine diags;
    kpi_source *src;
} fixture;

static int setup(void **state) {
    static fixture f;
    kpi_arena_init(&f.arena);
    kpi_src_map_init(&f.sources, &f.arena);
    kpi_diag_init(&f.diags, &f.arena, &f.sources);
    const char *text = "goal g\n  raise profit 20%\n";
    f.src = kpi_src_add(&f.sources, "g.kpi", text, strlen(text));
    *state = &f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    kpi_arena_free(&f->arena);
    return 0;
}

static kpi_span at(const fixture *f, uint32_t begin, uint32_t end) {
    return (kpi_span){f->src->id, begin, end};
}

static unsigned kept(const kpi_diag_engine *e) {
    unsigned n = 0;
    for (const kpi_diagnostic *d = e->head; d; d = d->next) n++;
    return n;
}

static void code_table_and_lookup(void **state) {
    (void)state;
    kpi_code code;
    assert_true(kpi_diag_code_lookup("P001", &code));
    assert_int_equal(code, KPI_P001);
    assert_true(kpi_diag_code_lookup("t001", &code)); /* case-insensitive */
    assert_int_equal(code, KPI_T001);
    assert_false(kpi_diag_code_lookup("P0011", &code));
    assert_false(kpi_diag_code_lookup("", &code));
    assert_false(kpi_diag_code_lookup(NULL, &code));
    assert_string_equal(kpi_diag_code_info(KPI_L003)->id, "L003");
    assert_int_equal(kpi_diag_code_info(KPI_T001)->smart, 'T');
    assert_int_equal(kpi_diag_code_info(KPI_P001)->smart, 0);
    assert_null(kpi_diag_code_info(KPI_CODE_COUNT));
}

static void report_keeps_order_and_counts(void **state) {
    fixture *f = *state;
    kpi_diagnostic *a = kpi_diag_report(&f->diags, KPI_T001, at(f, 9, 14), "no deadline for '%s'", "g");
    kpi_diagnostic *b = kpi_diag_report(&f->diags, KPI_R003, at(f, 0, 4), "too fast");
    assert_string_equal(a->message, "no deadline for 'g'");
    assert_int_equal(a->severity, KPI_SEV_ERROR);
    assert_int_equal(a->smart, 'T');
    assert_int_equal(b->severity, KPI_SEV_WARNING);
    assert_ptr_equal(f->diags.head, a);
    assert_ptr_equal(a->next, b);
    assert_ptr_equal(f->diags.tail, b);
    assert_int_equal(f->diags.errors, 1);
    assert_int_equal(f->diags.warnings, 1);
    assert_true(kpi_diag_has_errors(&f->diags));
}

static void warnings_alone_are_not_errors(void **state) {
    fixture *f = *state;
    kpi_diag_report(&f->diags, KPI_R003, at(f, 0, 4), "too fast");
    assert_false(kpi_diag_has_errors(&f->diags));
}

static void werror_promotes_warnings(void **state) {
    fixture *f = *state;
    assert_true(kpi_diag_parse_option(&f->diags.options, "error"));
    kpi_diagnostic *d = kpi_diag_report(&f->diags, KPI_R003, at(f, 0, 4), "too fast");
    assert_int_equal(d->severity, KPI_SEV_ERROR);
    assert_int_equal(f->diags.errors, 1);
    assert_int_equal(f->diags.warnings, 0);
}

static void werror_code_promotes_one_warning(void **state) {
    fixture *f = *state;
    assert_true(kpi_diag_parse_option(&f->diags.options, "error=R003"));
    assert_int_equal(kpi_diag_report(&f->diags, KPI_R003, at(f, 0, 1), "x")->severity, KPI_SEV_ERROR);
    assert_int_equal(kpi_diag_report(&f->diags, KPI_R002, at(f, 0, 1), "x")->severity, KPI_SEV_WARNING);
}

static void wno_code_silences_a_warning_but_never_an_error(void **state) {
    fixture *f = *state;
    assert_true(kpi_diag_parse_option(&f->diags.options, "no-R003"));
    assert_true(kpi_diag_parse_option(&f->diags.options, "no-P001"));
    kpi_diagnostic *w = kpi_diag_report(&f->diags, KPI_R003, at(f, 0, 1), "x");
    kpi_diagnostic *e = kpi_diag_report(&f->diags, KPI_P001, at(f, 0, 1), "x");
    assert_int_equal(w->severity, KPI_SEV_IGNORED);
    assert_int_equal(e->severity, KPI_SEV_ERROR);
    assert_int_equal(kept(&f->diags), 1);
    assert_ptr_equal(f->diags.head, e);
    assert_int_equal(f->diags.warnings, 0);
    /* A silenced diagnostic still accepts notes and fix-its. */
    kpi_diag_note(&f->diags, w, KPI_SPAN_NONE, "ignored note");
    kpi_diag_fixit(&f->diags, w, at(f, 0, 1), "y", NULL);
    assert_non_null(w->notes);
}

/* A note with a code (M003) is silenced by its name only; -w and -Werror leave it a note. */
static void wno_code_silences_a_note_that_nothing_promotes(void **state) {
    fixture *f = *state;
    kpi_diag_options *o = &f->diags.options;
    assert_true(kpi_diag_parse_option(o, "error"));
    assert_true(kpi_diag_parse_option(o, "error=M003"));
    o->no_warnings = true;
    assert_int_equal(kpi_diag_report(&f->diags, KPI_M003, at(f, 0, 1), "x")->severity, KPI_SEV_NOTE);
    assert_true(kpi_diag_parse_option(o, "no-M003"));
    assert_int_equal(kpi_diag_report(&f->diags, KPI_M003, at(f, 0, 1), "x")->severity, KPI_SEV_IGNORED);
    assert_int_equal(kpi_diag_report(&f->diags, KPI_R005, at(f, 0, 1), "x")->severity, KPI_SEV_NOTE);
    assert_true(kpi_diag_parse_option(o, "M003"));
    assert_int_equal(kpi_diag_report(&f->diags, KPI_M003, at(f, 0, 1), "x")->severity, KPI_SEV_NOTE);
    assert_int_equal(f->diags.errors, 0);
}

static void w_silences_all_warnings_unless_one_is_an_error(void **state) {
    fixture *f = *state;
    f->diags.options.no_warnings = true;
    f->diags.options.warnings_as_errors = true; /* -w wins over -Werror, as in clang */
    assert_true(kpi_diag_parse_option(&f->diags.options, "error=R002"));
    assert_int_equal(kpi_diag_report(&f->diags, KPI_R003, at(f, 0, 1), "x")->severity, KPI_SEV_IGNORED);
    assert_int_equal(kpi_diag_report(&f->diags, KPI_R002, at(f, 0, 1), "x")->severity, KPI_SEV_ERROR);
}

static void draft_turns_smart_errors_into_warnings(void **state) {
    fixture *f = *state;
    f->diags.options.draft = true;
    assert_int_equal(kpi_diag_report(&f->diags, KPI_T001, at(f, 0, 1), "x")->severity, KPI_SEV_WARNING);
    assert_int_equal(kpi_diag_report(&f->diags, KPI_A001, at(f, 0, 1), "x")->severity, KPI_SEV_WARNING);
    assert_int_equal(kpi_diag_report(&f->diags, KPI_P001, at(f, 0, 1), "x")->severity, KPI_SEV_ERROR);
    assert_int_equal(kpi_diag_report(&f->diags, KPI_U002, at(f, 0, 1), "x")->severity, KPI_SEV_ERROR);
    assert_int_equal(f->diags.errors, 2);
    assert_int_equal(f->diags.warnings, 2);
    /* A drafted error can then be silenced like any warning. */
    assert_true(kpi_diag_parse_option(&f->diags.options, "no-T001"));
    assert_int_equal(kpi_diag_report(&f->diags, KPI_T001, at(f, 0, 1), "x")->severity, KPI_SEV_IGNORED);
}

static void the_later_of_werror_code_and_wno_code_wins(void **state) {
    fixture *f = *state;
    kpi_diag_options *o = &f->diags.options;
    assert_true(kpi_diag_parse_option(o, "no-R003"));
    assert_true(kpi_diag_parse_option(o, "error=R003"));
    assert_int_equal(kpi_diag_report(&f->diags, KPI_R003, at(f, 0, 1), "x")->severity, KPI_SEV_ERROR);
    assert_true(kpi_diag_parse_option(o, "no-R003"));
    assert_int_equal(kpi_diag_report(&f->diags, KPI_R003, at(f, 0, 1), "x")->severity, KPI_SEV_IGNORED);
    assert_true(kpi_diag_parse_option(o, "R003"));
    assert_int_equal(kpi_diag_report(&f->diags, KPI_R003, at(f, 0, 1), "x")->severity, KPI_SEV_WARNING);
}

static void unknown_options_are_refused(void **state) {
    fixture *f = *state;
    kpi_diag_options *o = &f->diags.options;
    assert_false(kpi_diag_parse_option(o, "no-Z999"));
    assert_false(kpi_diag_parse_option(o, "error=R0033"));
    assert_false(kpi_diag_parse_option(o, "all"));
    assert_false(kpi_diag_parse_option(o, ""));
    assert_true(kpi_diag_parse_option(o, "no-error"));
    assert_false(o->warnings_as_errors);
}

static void max_errors_counts_but_does_not_keep(void **state) {
    fixture *f = *state;
    f->diags.max_errors = 2;
    for (int i = 0; i < 4; i++)
        kpi_diag_report(&f->diags, KPI_P001, at(f, (uint32_t)i, (uint32_t)i + 1), "e%d", i);
    kpi_diag_report(&f->diags, KPI_R003, at(f, 0, 1), "warnings are still kept");
    assert_int_equal(f->diags.errors, 4);
    assert_int_equal(f->diags.dropped, 2);
    assert_int_equal(kept(&f->diags), 3);
    assert_string_equal(f->diags.head->next->message, "e1");
}

static void notes_and_fixits_keep_their_order(void **state) {
    fixture *f = *state;
    kpi_diagnostic *d = kpi_diag_report(&f->diags, KPI_A001, at(f, 0, 4), "no owner");
    kpi_diag_note(&f->diags, d, at(f, 5, 6), "first %d", 1);
    kpi_diag_note(&f->diags, d, KPI_SPAN_NONE, "second");
    kpi_diag_fixit(&f->diags, d, at(f, 6, 6), "\n  owner \"?\"", "insert an owner");
    kpi_diag_fixit(&f->diags, d, at(f, 0, 4), "", NULL);
    assert_string_equal(d->notes->message, "first 1");
    assert_string_equal(d->notes->next->message, "second");
    assert_false(kpi_span_valid(d->notes->next->span));
    assert_ptr_equal(d->notes_tail, d->notes->next);
    assert_string_equal(d->fixes->replacement, "\n  owner \"?\"");
    assert_string_equal(d->fixes->description, "insert an owner");
    assert_null(d->fixes->next->description);
    assert_string_equal(d->fixes->next->replacement, "");
    kpi_diag_note(&f->diags, NULL, KPI_SPAN_NONE, "a NULL diagnostic is ignored");
    kpi_diag_fixit(&f->diags, NULL, KPI_SPAN_NONE, "x", NULL);
}

static void sort_is_by_file_then_position_and_stable(void **state) {
    fixture *f = *state;
    kpi_source *other = kpi_src_add(&f->sources, "a.kpi", "xyz\n", 4);
    kpi_diag_report(&f->diags, KPI_P001, (kpi_span){other->id, 2, 3}, "other file");
    kpi_diag_report(&f->diags, KPI_P001, at(f, 9, 10), "late");
    kpi_diag_report(&f->diags, KPI_P001, at(f, 1, 2), "early 1");
    kpi_diag_report(&f->diags, KPI_P001, KPI_SPAN_NONE, "no location");
    kpi_diag_report(&f->diags, KPI_R003, at(f, 1, 5), "early 2");
    kpi_diag_sort(&f->diags);
    const char *expected[] = {"no location", "early 1", "early 2", "late", "other file"};
    const kpi_diagnostic *d = f->diags.head;
    for (size_t i = 0; i < 5; i++, d = d->next) {
        assert_non_null(d);
        assert_string_equal(d->message, expected[i]);
    }
    assert_null(d);
    assert_string_equal(f->diags.tail->message, "other file");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void) {
    const struct CMUnitTest tests[] = {
        T(code_table_and_lookup),
        T(report_keeps_order_and_counts),
        T(warnings_alone_are_not_errors),
        T(werror_promotes_warnings),
        T(werror_code_promotes_one_warning),
        T(wno_code_silences_a_warning_but_never_an_error),
        T(wno_code_silences_a_note_that_nothing_promotes),
        T(w_silences_all_warnings_unless_one_is_an_error),
        T(draft_turns_smart_errors_into_warnings),
        T(the_later_of_werror_code_and_wno_code_wins),
        T(unknown_options_are_refused),
        T(max_errors_counts_but_does_not_keep),
        T(notes_and_fixits_keep_their_order),
        T(sort_is_by_file_then_position_and_stable),
    };
    return cmocka_run_group_tests_name("diag engine", tests, NULL, NULL);
}
