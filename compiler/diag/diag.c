/*
** diag.c: the diagnostics engine: code table, severity options, reporting,
** notes, fix-its and sorting.
**
** Severity is decided once, when a diagnostic is reported, so every renderer
** and every exit-code decision sees the same answer. Diagnostics the user
** switched off, and errors beyond --max-errors, are still counted (the caller
** gets a diagnostic to attach notes to) but are never linked into the list.
*/
#include "diag_private.h"

#include <ctype.h>
#include <stdarg.h>
#include <string.h>

static const kpi_code_info code_table[KPI_CODE_COUNT] = {
#define KPI_CODE(id, severity, smart, title) {#id, severity, smart, title},
#include "diag_codes.def"
#undef KPI_CODE
};

const kpi_code_info *kpi_diag_code_info(kpi_code code) {
    if ((unsigned)code >= KPI_CODE_COUNT) return NULL;
    return &code_table[code];
}

bool kpi_diag_code_lookup(const char *id, kpi_code *out) {
    if (!id) return false;
    for (unsigned i = 0; i < KPI_CODE_COUNT; i++) {
        const char *a = code_table[i].id, *b = id;
        while (*a && *b && toupper((unsigned char)*a) == toupper((unsigned char)*b)) a++, b++;
        if (!*a && !*b) {
            if (out) *out = (kpi_code)i;
            return true;
        }
    }
    return false;
}

void kpi_diag_init(kpi_diag_engine *engine, kpi_arena *arena, const kpi_source_map *sources) {
    memset(engine, 0, sizeof *engine);
    engine->arena = arena;
    engine->sources = sources;
}

/*
** The effective severity of a code under the user's options, in the order
** documented in docs/diagnostics.md: --draft first turns SMART errors into
** warnings (not the unknown names S001 and A002: typos); then an explicit -Werror=CODE makes the code an error whatever
** else was said; -w and -Wno-CODE silence warnings (-Wno-CODE also a note
** with that code); -Werror promotes the
** warnings that are left. Errors proper can never be silenced.
*/
/* An unknown goal metric or owner is a typo, which a draft must still catch. */
static bool names_a_typo(kpi_code code) {
    return code == KPI_S001 || code == KPI_A002;
}

static kpi_severity effective_severity(const kpi_diag_options *o, kpi_code code) {
    const kpi_code_info *info = &code_table[code];
    kpi_severity sev = info->severity;
    if (sev == KPI_SEV_ERROR && o->draft && info->smart && !names_a_typo(code)) sev = KPI_SEV_WARNING;
    /* a note with a code (M003, R005) can be silenced by name, never promoted */
    if (sev == KPI_SEV_NOTE) return o->disabled[code] ? KPI_SEV_IGNORED : sev;
    if (sev != KPI_SEV_WARNING) return sev;
    if (o->error[code]) return KPI_SEV_ERROR;
    if (o->no_warnings || o->disabled[code]) return KPI_SEV_IGNORED;
    if (o->warnings_as_errors) return KPI_SEV_ERROR;
    return sev;
}

kpi_diagnostic *kpi_diag_report(kpi_diag_engine *engine, kpi_code code, kpi_span span, const char *fmt, ...) {
    kpi_diagnostic *d = KPI_NEW(engine->arena, kpi_diagnostic);
    if ((unsigned)code >= KPI_CODE_COUNT) code = KPI_X001; /* defensive: never index out of the table */
    d->code = code;
    d->smart = code_table[code].smart;
    d->span = span;
    d->severity = effective_severity(&engine->options, code);
    va_list ap;
    va_start(ap, fmt);
    d->message = kpi_arena_vprintf(engine->arena, fmt, ap);
    va_end(ap);

    if (d->severity == KPI_SEV_IGNORED) return d;
    if (d->severity == KPI_SEV_ERROR) {
        engine->errors++;
        if (engine->max_errors && engine->errors > engine->max_errors) {
            engine->dropped++;
            return d;
        }
    } else if (d->severity == KPI_SEV_WARNING) {
        engine->warnings++;
    }
    if (engine->tail) engine->tail->next = d;
    else engine->head = d;
    engine->tail = d;
    return d;
}

void kpi_diag_note(kpi_diag_engine *engine, kpi_diagnostic *d, kpi_span span, const char *fmt, ...) {
    if (!d) return;
    kpi_note *n = KPI_NEW(engine->arena, kpi_note);
    n->span = span;
    va_list ap;
    va_start(ap, fmt);
    n->message = kpi_arena_vprintf(engine->arena, fmt, ap);
    va_end(ap);
    if (d->notes_tail) d->notes_tail->next = n;
    else d->notes = n;
    d->notes_tail = n;
}

void kpi_diag_fixit(kpi_diag_engine *engine, kpi_diagnostic *d, kpi_span span, const char *replacement,
                    const char *description) {
    if (!d) return;
    kpi_fixit *f = KPI_NEW(engine->arena, kpi_fixit);
    f->span = span;
    f->replacement = kpi_arena_strdup(engine->arena, replacement ? replacement : "");
    f->description = description ? kpi_arena_strdup(engine->arena, description) : NULL;
    if (d->fixes_tail) d->fixes_tail->next = f;
    else d->fixes = f;
    d->fixes_tail = f;
}

bool kpi_diag_has_errors(const kpi_diag_engine *engine) {
    return engine->errors > 0;
}

/* Diagnostics without a location (driver errors) come first, then by file and offset. */
static int compare_diagnostics(const kpi_diagnostic *a, const kpi_diagnostic *b) {
    bool va = kpi_span_valid(a->span), vb = kpi_span_valid(b->span);
    if (va != vb) return va ? 1 : -1;
    if (!va) return 0;
    if (a->span.file != b->span.file) return a->span.file < b->span.file ? -1 : 1;
    if (a->span.begin != b->span.begin) return a->span.begin < b->span.begin ? -1 : 1;
    return 0;
}

/* Stable merge sort of a singly linked list. */
static kpi_diagnostic *merge_sort(kpi_diagnostic *list) {
    if (!list || !list->next) return list;
    kpi_diagnostic *slow = list, *fast = list->next;
    while (fast && fast->next) {
        slow = slow->next;
        fast = fast->next->next;
    }
    kpi_diagnostic *right = slow->next;
    slow->next = NULL;
    kpi_diagnostic *left = merge_sort(list);
    right = merge_sort(right);
    kpi_diagnostic head = {0}, *tail = &head;
    while (left && right) {
        if (compare_diagnostics(right, left) < 0) {
            tail->next = right;
            right = right->next;
        } else {
            tail->next = left;
            left = left->next;
        }
        tail = tail->next;
    }
    tail->next = left ? left : right;
    return head.next;
}

void kpi_diag_sort(kpi_diag_engine *engine) {
    engine->head = merge_sort(engine->head);
    engine->tail = engine->head;
    while (engine->tail && engine->tail->next) engine->tail = engine->tail->next;
}

bool kpi_diag_parse_option(kpi_diag_options *options, const char *flag) {
    kpi_code code;
    if (!flag) return false;
    if (strcmp(flag, "error") == 0) {
        options->warnings_as_errors = true;
        return true;
    }
    if (strcmp(flag, "no-error") == 0) {
        options->warnings_as_errors = false;
        return true;
    }
    if (strncmp(flag, "error=", 6) == 0 && kpi_diag_code_lookup(flag + 6, &code)) {
        options->error[code] = true; /* the later of -Werror=X / -Wno-X wins */
        options->disabled[code] = false;
        return true;
    }
    if (strncmp(flag, "no-error=", 9) == 0 && kpi_diag_code_lookup(flag + 9, &code)) {
        options->error[code] = false;
        return true;
    }
    if (strncmp(flag, "no-", 3) == 0 && kpi_diag_code_lookup(flag + 3, &code)) {
        options->disabled[code] = true;
        options->error[code] = false;
        return true;
    }
    if (kpi_diag_code_lookup(flag, &code)) { /* -WCODE: re-enable after -Wno-CODE */
        options->disabled[code] = false;
        return true;
    }
    return false;
}

kpi_diag_location kpi_diag_locate(const kpi_source_map *sources, kpi_span span) {
    kpi_diag_location loc = {0};
    if (!sources || !kpi_span_valid(span)) return loc;
    const kpi_source *src = kpi_src_get(sources, span.file);
    if (!src) return loc;
    uint32_t begin = span.begin <= src->len ? span.begin : src->len;
    uint32_t end = span.end <= src->len ? span.end : src->len;
    if (end < begin) end = begin;
    loc.source = src;
    loc.begin_offset = begin;
    loc.end_offset = end;
    loc.begin = kpi_src_position(src, begin);
    loc.end = kpi_src_position(src, end);
    return loc;
}

const char *kpi_diag_severity_name(kpi_severity severity) {
    switch (severity) {
    case KPI_SEV_ERROR: return "error";
    case KPI_SEV_WARNING: return "warning";
    case KPI_SEV_NOTE: return "note";
    case KPI_SEV_IGNORED: break;
    }
    return "ignored";
}

size_t kpi_diag_utf8_len(const unsigned char *s, size_t avail) {
    size_t n;
    uint32_t cp;
    if (avail == 0) return 0;
    if (s[0] < 0x80) return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF) n = 2, cp = s[0] & 0x1F;
    else if (s[0] >= 0xE0 && s[0] <= 0xEF) n = 3, cp = s[0] & 0x0F;
    else if (s[0] >= 0xF0 && s[0] <= 0xF4) n = 4, cp = s[0] & 0x07;
    else return 0;
    if (n > avail) return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    if (n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) return 0;
    if (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) return 0;
    return n;
}
