/*
** exports.h: the formats of analytics downloads (exports.c), shared by the
** loader (load.c) and the field readers (ctx.c).
*/
#ifndef KPIRT_EXPORTS_H
#define KPIRT_EXPORTS_H

#include "kpirt_internal.h"

/* What the `#` lines before a GA4 table say. */
typedef struct kpirt_export_block {
    char title[128];                         /* the first line that is not a rule or a "Key: value" fact */
    kpirt_day declared_first, declared_last; /* Start date / End date; KPIRT_NO_DAY */
} kpirt_export_block;

const char *kpirt_source_kind_name(kpirt_source_kind kind);

/*
** The header field holding the kind's date column under one of its names in
** the interface languages ("Date", "Datum", "Nth day"; "Day", "Dag", "Tag"),
** or -1; *decimal_comma says whether that language writes 1.234,56, *nth_day
** whether it is GA4's relative day axis.
*/
int kpirt_export_date_column(kpirt_source_kind kind, const char *const *header, uint32_t count,
                             bool *decimal_comma, bool *nth_day);
bool kpirt_export_is_nth_day(const char *name);
/* Reads one `#` line of a GA4 preamble into block. */
void kpirt_export_preamble_line(kpirt_export_block *block, const char *line, size_t len);
/* A totals row's first cell: GA4 "Totals", Google Ads "Total: Account" (and their translations). */
bool kpirt_export_totals(kpirt_source_kind kind, const char *text, size_t len);
/* The text means "no value": one of the source's `null` texts, or the kind's own ("--" in Google Ads). */
bool kpirt_export_null(const kpirt_source_desc *src, const char *text, size_t len);
/* Google Ads' "Currency code" column, under its names in the interface languages. */
bool kpirt_export_currency_column(const char *name);
/*
** Finds a currency symbol or ISO code before or after the amount ("€116.90",
** "1.234,56 EUR", "-$5.00"); [*begin, *end) is the amount without it, and
** *negative is set when a minus stood before the symbol. Returns 0 without a
** currency, 1 when it is `expected` ("$" matches any dollar expected), -1
** when it is another one (its code in found).
*/
int kpirt_export_strip_currency(const char *text, size_t len, const char *expected, size_t *begin,
                                size_t *end, bool *negative, char found[4]);

#endif
