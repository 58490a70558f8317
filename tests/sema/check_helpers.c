/*
** check_helpers.c: see check_helpers.h.
*/
#include "check_helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

checked *check_text(const char *name, const char *text, const kpi_sema_options *options) {
    checked *c = calloc(1, sizeof *c);
    kpi_arena_init(&c->arena);
    kpi_src_map_init(&c->sources, &c->arena);
    kpi_diag_init(&c->diags, &c->arena, &c->sources);
    char *path = kpi_arena_printf(&c->arena, "%s/%s", KPI_SEMA_TEST_DIR, name);
    c->src = kpi_src_add(&c->sources, path, text, strlen(text));
    kpi_ast_file *ast = kpi_parse(&c->arena, &c->diags, c->src);
    c->result = kpi_sema_analyze(&c->arena, &c->diags, &c->sources, ast, options);
    return c;
}

void check_free(checked *c) {
    kpi_arena_free(&c->arena);
    free(c);
}

unsigned count_code(const checked *c, kpi_code code) {
    unsigned n = 0;
    for (const kpi_diagnostic *d = c->diags.head; d; d = d->next) n += d->code == code;
    return n;
}

const kpi_diagnostic *find_code(const checked *c, kpi_code code) {
    for (const kpi_diagnostic *d = c->diags.head; d; d = d->next)
        if (d->code == code) return d;
    return NULL;
}

char *apply_fixits(const checked *c, const kpi_diagnostic *d) {
    const char *text = c->src->text;
    size_t len = c->src->len, cap = len + 1;
    for (const kpi_fixit *f = d->fixes; f; f = f->next) cap += strlen(f->replacement);
    char *out = malloc(cap);
    size_t n = 0, at = 0;
    /* fix-its of one diagnostic do not overlap; apply them in text order */
    for (;;) {
        const kpi_fixit *next = NULL;
        for (const kpi_fixit *f = d->fixes; f; f = f->next)
            if (f->span.file == c->src->id && f->span.begin >= at &&
                (!next || f->span.begin < next->span.begin))
                next = f;
        if (!next) break;
        memcpy(out + n, text + at, next->span.begin - at);
        n += next->span.begin - at;
        memcpy(out + n, next->replacement, strlen(next->replacement));
        n += strlen(next->replacement);
        at = next->span.end > next->span.begin ? next->span.end : next->span.begin;
        if (next->span.end == next->span.begin) {
            /* an insertion: copy one byte so that the same point is not found again */
            if (at >= len) break;
            out[n++] = text[at++];
        }
    }
    memcpy(out + n, text + at, len - at);
    n += len - at;
    out[n] = '\0';
    return out;
}

void dump_diagnostics(const checked *c) {
    for (const kpi_diagnostic *d = c->diags.head; d; d = d->next) {
        kpi_position p = kpi_src_position(c->src, d->span.begin);
        fprintf(stderr, "  %s %u:%u %s\n", kpi_diag_code_info(d->code)->id, p.line, p.column, d->message);
    }
}

const kpi_prog_metric *find_metric(const kpi_program *p, const char *name, uint32_t *index) {
    for (uint32_t i = 0; p && i < p->metric_count; i++)
        if (strcmp(p->metrics[i].name, name) == 0) {
            if (index) *index = i;
            return &p->metrics[i];
        }
    return NULL;
}

const kpi_prog_goal *find_goal(const kpi_program *p, const char *name, uint32_t *index) {
    for (uint32_t i = 0; p && i < p->goal_count; i++)
        if (strcmp(p->goals[i].name, name) == 0) {
            if (index) *index = i;
            return &p->goals[i];
        }
    return NULL;
}

char *fix_and_recheck(const char *name, const char *text, kpi_code code, unsigned *codes_left,
                      unsigned *errors_left) {
    checked *c = check_text(name, text, NULL);
    const kpi_diagnostic *d = find_code(c, code);
    if (!d || !d->fixes) {
        dump_diagnostics(c);
        check_free(c);
        return NULL;
    }
    char *fixed = apply_fixits(c, d);
    checked *again = check_text(name, fixed, NULL);
    *codes_left = count_code(again, code);
    *errors_left = again->diags.errors;
    if (*codes_left || *errors_left) {
        fprintf(stderr, "after the fix-it:\n%s\n", fixed);
        dump_diagnostics(again);
    }
    check_free(again);
    check_free(c);
    return fixed;
}
