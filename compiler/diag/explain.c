/*
** explain.c: finding and printing the long explanation of a diagnostic code
** (`kpic explain CODE`).
**
** The texts themselves live in one table per range of codes, so that the
** people who add codes to a range add their explanations next to each other
** without touching the rest. This file only knows the list of tables.
*/
#include "diag_private.h"

#include <string.h>

typedef struct explain_table {
    const kpi_explain_entry *entries;
    const size_t *count;
} explain_table;

static const explain_table tables[] = {
    {kpi_explain_front, &kpi_explain_front_count},
    {kpi_explain_sema, &kpi_explain_sema_count},
};

const kpi_explanation *kpi_diag_explanation(kpi_code code) {
    for (size_t t = 0; t < sizeof tables / sizeof *tables; t++)
        for (size_t i = 0; i < *tables[t].count; i++)
            if (tables[t].entries[i].code == code) return &tables[t].entries[i].text;
    return NULL;
}

/* Example lines indented by four spaces, as in a Markdown code block. */
static void print_indented(FILE *out, const char *text) {
    const char *line = text;
    while (*line) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        if (len) fprintf(out, "    %.*s\n", (int)len, line);
        else fputc('\n', out);
        line += len + (nl ? 1 : 0);
    }
}

/* A paragraph word-wrapped to 76 columns, the first line after a prefix of `used` columns. */
static void print_wrapped(FILE *out, const char *text, size_t used) {
    const size_t width = 76;
    while (*text) {
        while (*text == ' ') text++;
        size_t word = strcspn(text, " ");
        if (used && used + 1 + word > width) {
            fputc('\n', out);
            used = 0;
        } else if (used) {
            fputc(' ', out);
            used++;
        }
        fwrite(text, 1, word, out);
        used += word;
        text += word;
    }
    fputc('\n', out);
}

bool kpi_diag_print_explanation(kpi_code code, FILE *out) {
    const kpi_code_info *info = kpi_diag_code_info(code);
    const kpi_explanation *e = kpi_diag_explanation(code);
    if (!info || !e) return false;
    fprintf(out, "%s: %s", info->id, info->title);
    if (info->smart) fprintf(out, " (SMART: %c)", info->smart);
    fputs("\n\n", out);
    print_wrapped(out, e->meaning, 0);
    fputs("\nWrong:\n\n", out);
    print_indented(out, e->wrong);
    fputs("\nRight:\n\n", out);
    print_indented(out, e->right);
    fputs("\nFix:", out);
    print_wrapped(out, e->fix, 4);
    return true;
}
