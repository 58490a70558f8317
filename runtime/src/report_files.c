/*
** report_files.c: which days came from which file, for the text report.
**
** When a source is read from several files (later files replace the days
** they cover, files.c) or from a download that states its own range (GA4's
** start and end date), the report says so under the goals: the days each
** file gave, the range its download states, and the totals rows left out.
** A single plain CSV file says nothing new, so nothing is printed for it.
*/
#include "kpirt_internal.h"

#include <string.h>

bool kpirt_report_files_noteworthy(const kpirt_report *r) {
    for (uint32_t i = 0; i < r->file_count; i++) {
        const kpirt_file_report *f = &r->files[i];
        if (f->title || f->declared_first != KPIRT_NO_DAY || f->totals_skipped) return true;
        for (uint32_t j = 0; j < r->file_count; j++)
            if (j != i && r->files[j].source == f->source) return true;
    }
    return false;
}

static void put_range(kpirt_buf *b, kpirt_day first, kpirt_day last) {
    char a[KPIRT_LABEL_MAX], z[KPIRT_LABEL_MAX];
    kpirt_day_format(first, a);
    kpirt_day_format(last, z);
    if (first == last) kpirt_buf_puts(b, a);
    else kpirt_buf_printf(b, "%s to %s", a, z);
}

void kpirt_report_files_text(const kpirt_report *r, kpirt_buf *b) {
    if (!kpirt_report_files_noteworthy(r)) return;
    kpirt_buf_puts(b, "\ndata files:\n");
    for (uint32_t i = 0; i < r->file_count; i++) {
        const kpirt_file_report *f = &r->files[i];
        const char *source = f->source < r->program->source_count ? r->program->sources[f->source].name : "?";
        kpirt_buf_printf(b, "  %s: %s ", source, f->path);
        if (f->kept_count == 0)
            kpirt_buf_puts(b, f->first == KPIRT_NO_DAY ? "has no rows"
                                                       : "gave no days (later "
                                                         "files cover all of them)");
        for (uint32_t k = 0; k < f->kept_count; k++) {
            kpirt_buf_puts(b, k ? " and " : "gave ");
            put_range(b, f->kept[2 * k], f->kept[2 * k + 1]);
        }
        if (f->title || f->declared_first != KPIRT_NO_DAY) {
            kpirt_buf_puts(b, "; the download");
            if (f->title) kpirt_buf_printf(b, " \"%s\"", f->title);
            if (f->declared_first != KPIRT_NO_DAY && f->declared_last != KPIRT_NO_DAY) {
                kpirt_buf_puts(b, " states ");
                put_range(b, f->declared_first, f->declared_last);
            }
        }
        if (f->totals_skipped)
            kpirt_buf_printf(b, "; %u totals row%s left out", f->totals_skipped,
                             f->totals_skipped == 1 ? "" : "s");
        kpirt_buf_puts(b, "\n");
    }
}
