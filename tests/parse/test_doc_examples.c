/*
** test_doc_examples.c: every ```kpi block of docs/language.md parses without
** a diagnostic, so the reference cannot drift from the grammar. Blocks fenced
** without the kpi tag (grammar, messages, fragments) are not checked.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse_test_util.h"

static char *read_doc(void) {
    FILE *f = fopen(KPI_LANGUAGE_DOC, "rb");
    if (!f) {
        print_error("cannot open %s\n", KPI_LANGUAGE_DOC);
        fail();
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)size + 1);
    size_t n = fread(text, 1, (size_t)size, f);
    text[n] = '\0';
    fclose(f);
    return text;
}

static void test_kpi_blocks_parse(void **state) {
    (void)state;
    char *doc = read_doc();
    int blocks = 0;
    const char *p = doc;
    while ((p = strstr(p, "```kpi\n")) != NULL) {
        const char *body = p + strlen("```kpi\n");
        const char *end = strstr(body, "```");
        assert_non_null(end);
        /* Blocks may be indented inside list items; the parser ignores layout. */
        parse_run *run = parse_text(body, end - body);
        if (run->diags.head) {
            print_error("block %d of language.md:\n%.*s\n%s", blocks + 1, (int)(end - body), body,
                        parse_messages(run));
            fail();
        }
        assert_non_null(run->file->items);
        parse_run_free(run);
        blocks++;
        p = end + 3;
    }
    /* The reference shows every item kind; fewer blocks means the test lost them. */
    assert_true(blocks >= 10);
    free(doc);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kpi_blocks_parse),
    };
    return cmocka_run_group_tests_name("language.md examples", tests, NULL, NULL);
}
