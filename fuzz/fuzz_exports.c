/*
** fuzz_exports.c: libFuzzer target for the readers of analytics downloads
** and of the source options around the CSV reader: the `ga4` and
** `google_ads` kinds (preambles, several tables, totals rows, localised
** names and number styles, "Nth day" axes, currency codes), the encodings
** (Windows-1252, Latin-1, UTF-16 with or without its byte-order mark) and
** the `skip`, `comment`, `null` and `table` options (docs/data-sources.md).
**
** The first four bytes are the source, as a spec could declare it:
**   byte 0: bits 0-1 kind (csv, ga4, google_ads, csv); bits 2-3 encoding
**           (utf-8, windows-1252, latin-1, utf-16); bit 4 bad-row policy
**           (fail or skip); bit 5 the column set's date column and format
**           are declared (else the kind's defaults, as the compiler gives);
**           bit 6 decimal "," and thousands "." are declared; bit 7 the
**           column set's delimiter is declared (else detected)
**   byte 1: bits 0-1 skip (0, 1, 2, 9 lines); bits 2-3 comment (none, "#",
**           "//", ";"); bits 4-5 null texts (none, "-", "NA" "n/a",
**           "--" "(not set)" "0"); bits 6-7 table (none, and three titles)
**   byte 2: how many bytes each read returns (1..255, 0 = as many as asked)
**   byte 3: bits 0-2 the columns read, from the sets below (the corpus's
**           downloads and their translations); bits 3-4 the currency of the
**           money column (none, EUR, USD, EUR); bits 5-6 the rows the check's
**           sample keeps (200 as `kpic check`, 0, 1, 3)
** The rest is the file. It is sampled as `kpic check` samples it
** (kpirt_csv_sample, with only the declared options), then streamed through
** the program of fuzz_rows.h as the evaluator reads it.
*/
#include <string.h>

#include "fuzz_rows.h"
#include "runtime/src/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct column_set {
    const char *columns[KPI_FUZZ_COLUMNS];
    const char *date_format;
    char delimiter;
} column_set;

static const column_set column_sets[8] = {
    {{"day", "amount", "qty", "customer"}, "YYYY-MM-DD", ','},
    {{"Date", "Total revenue", "Users", "Session primary channel group (Default channel group)"},
     "YYYYMMDD",
     ','},
    {{"Date", "Total revenue", "Active users", "Session default channel group"}, "YYYYMMDD", ','},
    {{"Nth day", "Active users", "Active users", "Active users"}, "YYYYMMDD", ','},
    {{"Day", "Cost", "Clicks", "Campaign"}, "YYYY-MM-DD", ','},
    {{"Tag", "Kosten", "Klicks", "Kampagne"}, "YYYY-MM-DD", '\t'},
    {{"Orderdatum", "Omzet excl. btw", "Kostprijs", "Klant"}, "DD-MM-YYYY", ';'},
    {{"Datum", "Opbrengst", "Sessies", "Kanaal"}, "YYYYMMDD", ','},
};

static const kpirt_source_kind kinds[4] = {KPIRT_SOURCE_CSV, KPIRT_SOURCE_GA4, KPIRT_SOURCE_GOOGLE_ADS,
                                           KPIRT_SOURCE_CSV};
static const kpirt_encoding encodings[4] = {KPIRT_ENCODING_UTF8, KPIRT_ENCODING_WINDOWS_1252,
                                            KPIRT_ENCODING_LATIN1, KPIRT_ENCODING_UTF16};
static const uint32_t skips[4] = {0, 1, 2, 9};
static const char *const comments[4] = {NULL, "#", "//", ";"};
static const char *const null_texts[4][3] = {{NULL}, {"-"}, {"NA", "n/a"}, {"--", "(not set)", "0"}};
static const uint32_t null_counts[4] = {0, 1, 2, 3};
static const char *const tables[4] = {
    NULL, "Reports snapshot", "free form 1",
    "Traffic acquisition: Session primary channel group (Default channel group)"};
static const char *const currencies[4][KPI_FUZZ_COLUMNS] = {
    {NULL}, {NULL, "EUR", NULL, NULL}, {NULL, "USD", NULL, NULL}, {NULL, "EUR", NULL, NULL}};
static const uint32_t sample_rows[4] = {200, 0, 1, 3};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 4) return 0;
    const column_set *set = &column_sets[data[3] & 7];
    kpirt_source_kind kind = kinds[data[0] & 3];
    bool declare_date = data[0] & 32, declare_style = data[0] & 64, declare_delimiter = data[0] & 128;
    /* the compiler's defaults for what the spec leaves out (sema/source_options.c) */
    const char *columns[KPI_FUZZ_COLUMNS] = {declare_date                      ? set->columns[0]
                                             : kind == KPIRT_SOURCE_GA4        ? "Date"
                                             : kind == KPIRT_SOURCE_GOOGLE_ADS ? "Day"
                                                                               : "date",
                                             set->columns[1], set->columns[2], set->columns[3]};
    kpirt_source_desc source = {
        .name = "s",
        .default_path = "s.csv",
        .date_column = columns[0],
        .date_format = declare_date               ? set->date_format
                       : kind == KPIRT_SOURCE_GA4 ? "YYYYMMDD"
                                                  : "YYYY-MM-DD",
        .delimiter = declare_delimiter ? set->delimiter : 0,
        .decimal_mark = declare_style ? ',' : '.',
        .thousands_sep = declare_style ? '.' : 0,
        .column_count = KPI_FUZZ_COLUMNS,
        .columns = columns,
        .kind = kind,
        .encoding = encodings[(data[0] >> 2) & 3],
        .declared = (declare_date ? KPIRT_DECLARED_DATE_COLUMN | KPIRT_DECLARED_FORMAT : 0u) |
                    (declare_style ? KPIRT_DECLARED_DECIMAL | KPIRT_DECLARED_THOUSANDS : 0u),
        .skip_lines = skips[data[1] & 3],
        .comment = comments[(data[1] >> 2) & 3],
        .null_count = null_counts[(data[1] >> 4) & 3],
        .nulls = null_texts[(data[1] >> 4) & 3],
        /* only ga4 takes a table: the compiler refuses it on the other kinds */
        .table = kind == KPIRT_SOURCE_GA4 ? tables[data[1] >> 6] : NULL,
        .currencies = currencies[(data[3] >> 3) & 3][1] ? currencies[(data[3] >> 3) & 3] : NULL,
    };
    const char *file = (const char *)data + 4;
    size_t len = size - 4;

    /* kpic check: the header and the first rows, with only the date column (sema/columns.c) */
    kpirt_source_desc declared = source;
    declared.column_count = 1;
    declared.row = NULL;
    declared.currencies = NULL;
    kpirt_sample sample;
    memset(&sample, 0, sizeof sample); /* as kpirt_sample_file does */
    kpi_fuzz_chunks reader = {file, len, 0, data[2]};
    (void)kpirt_csv_sample(&declared, "fuzz.csv", kpi_fuzz_read_chunks, &reader,
                           sample_rows[(data[3] >> 5) & 3], &sample);
    kpirt_sample_free(&sample);

    /* the evaluator */
    kpirt_program program;
    kpi_fuzz_rows_program(&program, &source);
    reader = (kpi_fuzz_chunks){file, len, 0, data[2]};
    kpi_fuzz_rows_evaluate(&program, (data[0] & 16) ? KPIRT_BAD_ROW_SKIP : KPIRT_BAD_ROW_FAIL, &reader);
    return 0;
}
