/*
** session.c: one front end for every command and the language server (see
** session.h for what it owns and the parse-then-check policy).
*/
#include "session.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

#include "parse/parse.h"
#include "support/executable.h"

void kpi_session_init(kpi_session *s, const kpi_session_options *options, const char *argv0) {
    memset(s, 0, sizeof *s);
    kpi_arena_init(&s->arena);
    kpi_src_map_init(&s->sources, &s->arena);
    kpi_diag_init(&s->diags, &s->arena, &s->sources);
    s->options = *options;
    s->diags.options = options->diag;
    s->diags.max_errors = options->max_errors;
    if (!s->options.sema.exe_path) {
        char path[PATH_MAX];
        s->options.sema.exe_path =
            kpi_executable_path(argv0, path, sizeof path) ? kpi_arena_strdup(&s->arena, path) : argv0;
    }
}

void kpi_session_free(kpi_session *s) {
    kpi_arena_free(&s->arena);
}

kpi_source *kpi_session_load(kpi_session *s, const char *path) {
    return strcmp(path, "-") == 0 ? kpi_src_read(&s->sources, "<stdin>", stdin)
                                  : kpi_src_load(&s->sources, path);
}

kpi_source *kpi_session_add_text(kpi_session *s, const char *path, const char *text, size_t len) {
    kpi_source *src = kpi_src_add(&s->sources, path, text, len);
    if (src) return src;
    /* Too large for 32-bit offsets: analyse nothing, report it at the start. */
    src = kpi_src_add(&s->sources, path, "", 0);
    kpi_diag_report(&s->diags, KPI_X001, (kpi_span){src->id, 0, 0},
                    "document is too large to check (the limit is %u MiB)",
                    (unsigned)(KPI_SOURCE_MAX_BYTES >> 20));
    return src;
}

void kpi_session_parse(kpi_session *s, const kpi_source *src, kpi_session_unit *out) {
    memset(out, 0, sizeof *out);
    unsigned errors_before = s->diags.errors;
    out->source = src;
    out->ast = kpi_parse(&s->arena, &s->diags, src);
    out->syntax_errors = s->diags.errors - errors_before;
}

void kpi_session_check(kpi_session *s, const kpi_source *src, kpi_session_want want, kpi_session_unit *out) {
    kpi_session_parse(s, src, out);
    kpi_sema_options sema = s->options.sema;
    sema.skip_symbols = want != KPI_SESSION_SYMBOLS;
    sema.skip_lowering = want == KPI_SESSION_DIAGNOSTICS;
    if (out->syntax_errors == 0) {
        out->sema = kpi_sema_analyze(&s->arena, &s->diags, &s->sources, out->ast, &sema);
        return;
    }
    if (want != KPI_SESSION_SYMBOLS) return;
    /* The editor's symbol index from the tree the parser recovered; what sema
     * would say about that tree is not reported (the policy in session.h). */
    kpi_diag_engine unreported;
    kpi_diag_init(&unreported, &s->arena, &s->sources);
    unreported.options = s->diags.options;
    sema.skip_lowering = true;
    out->sema = kpi_sema_analyze(&s->arena, &unreported, &s->sources, out->ast, &sema);
}
