/*
** test_explain.c: every diagnostic code in diag_codes.def has a complete long
** explanation (meaning, wrong example, right example, fix), and `kpic explain`
** prints it in the documented layout. A code added without an explanation
** fails here, naming the code.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/diag/diag.h"

static bool filled(const char *s) {
    return s && *s;
}

static void every_code_is_explained(void **state) {
    (void)state;
    unsigned missing = 0;
    for (unsigned c = 0; c < KPI_CODE_COUNT; c++) {
        const kpi_explanation *e = kpi_diag_explanation((kpi_code)c);
        const char *id = kpi_diag_code_info((kpi_code)c)->id;
        if (!e) {
            print_error("%s has no explanation\n", id);
            missing++;
        } else if (!filled(e->meaning) || !filled(e->wrong) || !filled(e->right) || !filled(e->fix)) {
            print_error("%s has an incomplete explanation\n", id);
            missing++;
        } else if (strcmp(e->wrong, e->right) == 0) {
            print_error("%s: the wrong and right examples are the same\n", id);
            missing++;
        }
    }
    assert_int_equal(missing, 0);
}

static void explanation_layout(void **state) {
    (void)state;
    char *buf = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&buf, &size);
    assert_true(kpi_diag_print_explanation(KPI_L003, out));
    fclose(out);
    assert_true(strncmp(buf, "L003: invalid date\n\n", 20) == 0);
    assert_non_null(strstr(buf, "\nWrong:\n\n    goal q_close\n"));
    assert_non_null(strstr(buf, "\nRight:\n\n"));
    assert_non_null(strstr(buf, "\nFix: "));
    /* paragraphs are wrapped */
    for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) assert_true(strlen(line) <= 80);
    free(buf);
}

static void smart_codes_name_their_letter(void **state) {
    (void)state;
    kpi_code code;
    assert_true(kpi_diag_code_lookup("T001", &code));
    if (!kpi_diag_explanation(code)) skip();
    char *buf = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&buf, &size);
    assert_true(kpi_diag_print_explanation(code, out));
    fclose(out);
    assert_non_null(strstr(buf, "(SMART: T)"));
    free(buf);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_code_is_explained),
        cmocka_unit_test(explanation_layout),
        cmocka_unit_test(smart_codes_name_their_letter),
    };
    return cmocka_run_group_tests_name("diag explanations", tests, NULL, NULL);
}
