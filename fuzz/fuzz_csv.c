/*
** fuzz_csv.c: libFuzzer target for the runtime's CSV reader and field
** conversions, on every dialect a `source` can declare.
**
** The first three bytes choose the dialect and the reading pattern:
**   byte 0: bits 0-1 delimiter (detect, ',', ';', tab); bits 2-3 decimal mark
**           and thousands separator ('.' none, '.' ',', ',' '.', ',' ' ');
**           bit 4 bad-row policy (fail or skip)
**   byte 1: the date format, from the list below
**   byte 2: how many bytes each read returns (1..255, 0 = as many as asked),
**           so records, quotes and CR LF pairs straddle buffer boundaries
** The rest is the file, read by the program of fuzz_rows.h (like the code
** kpic generates), then every metric is computed over the periods seen.
** The downloads of analytics tools and the other source options are
** fuzz_exports.c's.
*/
#include "fuzz_rows.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const columns[KPI_FUZZ_COLUMNS] = {"day", "amount", "qty", "customer"};

static const char *const date_formats[] = {
    "YYYY-MM-DD",  "M/D/YYYY",   "D-M-YYYY", "DD.MM.YYYY", "YYYY/MM/DD",
    "DD-MMM-YYYY", "MMM D YYYY", "YY-MM-DD", "D/M/YY",     "YYYYMMDD",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 3) return 0;
    static const char delimiters[] = {0, ',', ';', '\t'};
    static const char marks[][2] = {{'.', 0}, {'.', ','}, {',', '.'}, {',', ' '}};
    kpirt_source_desc source = {
        .name = "s",
        .default_path = "s.csv",
        .date_column = "day",
        .date_format = date_formats[data[1] % (sizeof date_formats / sizeof *date_formats)],
        .delimiter = delimiters[data[0] & 3],
        .decimal_mark = marks[(data[0] >> 2) & 3][0],
        .thousands_sep = marks[(data[0] >> 2) & 3][1],
        .column_count = KPI_FUZZ_COLUMNS,
        .columns = columns,
    };
    kpirt_program program;
    kpi_fuzz_rows_program(&program, &source);
    kpi_fuzz_chunks reader = {(const char *)data + 3, size - 3, 0, data[2]};
    kpi_fuzz_rows_evaluate(&program, (data[0] & 16) ? KPIRT_BAD_ROW_SKIP : KPIRT_BAD_ROW_FAIL, &reader);
    return 0;
}
