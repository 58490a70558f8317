/*
** fuzz_sql.c: libFuzzer target for the SQL back end, as `kpic sql` runs it:
** arbitrary bytes as a .kpi file through the front end, and every checked
** program written as a query in all four dialects. User text (names, filter
** values, table names, the spec's name) reaches the query only through the
** quoting in compiler/sql/sql_dialect.c, so the property checked is that no
** text can leave its quotes: read with each dialect's own lexical rules, the
** query ends outside every quote and comment, holds exactly one `;`, at its
** end, and has no control byte outside quotes but newlines and spaces.
**
** Byte 0 chooses the options: bit 0 maps every csv source to a table (the
** `--table SOURCE=TABLE` path), bits 1-3 which hostile table name and spec
** name to use. The rest is the file.
*/
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/parse/parse.h"
#include "compiler/sema/sema.h"
#include "compiler/sql/sql.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const hostile[] = {
    "t", "analytics.shop", "we\"ird", "x`y", "q'z\\", "new\nline; DROP TABLE t; --", "a..b", "*/ -- \r",
};

/* Where a lexer of the dialect is: in code, a quote (its byte), or a comment. */
static void check_query(const char *sql, size_t len, kpi_sql_dialect d, const uint8_t *input,
                        size_t input_len) {
    bool backslash = d == KPI_SQL_BIGQUERY || d == KPI_SQL_SPARK;
    char quote = 0;
    bool line_comment = false;
    size_t semicolons = 0, last_semicolon = 0;
    for (size_t i = 0; i < len; i++) {
        char c = sql[i];
        if (line_comment) {
            if (c == '\n') line_comment = false;
            else if (c == '\r')
                kpi_fuzz_fail("a carriage return inside a -- comment", (const char *)input, input_len, sql);
            continue;
        }
        if (quote) {
            /* Spark's backquoted identifiers double the quote and take no backslash escapes. */
            bool escapes = backslash && !(d == KPI_SQL_SPARK && quote == '`');
            if (escapes && c == '\\') {
                if (i + 1 >= len)
                    kpi_fuzz_fail("a backslash at the end of the query", (const char *)input, input_len, sql);
                i++;
            } else if (c == quote) {
                if (!escapes && i + 1 < len && sql[i + 1] == quote) i++;
                else quote = 0;
            } else if (escapes && (c == '\n' || c == '\r')) {
                kpi_fuzz_fail("a raw line break inside a quoted string", (const char *)input, input_len, sql);
            }
            continue;
        }
        if (c == '-' && i + 1 < len && sql[i + 1] == '-') {
            line_comment = true;
            i++;
        } else if (c == '\'' || c == '"' || c == '`') {
            quote = c;
        } else if (c == ';') {
            semicolons++;
            last_semicolon = i;
        } else if ((unsigned char)c < 0x20 && c != '\n' && c != ' ') {
            kpi_fuzz_fail("a control byte outside quotes", (const char *)input, input_len, sql);
        } else if ((unsigned char)c >= 0x80) {
            kpi_fuzz_fail("a non-ASCII byte outside quotes", (const char *)input, input_len, sql);
        }
    }
    if (quote) kpi_fuzz_fail("the query ends inside a quote", (const char *)input, input_len, sql);
    if (semicolons != 1)
        kpi_fuzz_fail("the query does not hold exactly one ';'", (const char *)input, input_len, sql);
    for (size_t i = last_semicolon + 1; i < len; i++)
        if (sql[i] != '\n' && sql[i] != ' ')
            kpi_fuzz_fail("text after the query's ';'", (const char *)input, input_len, sql);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    uint8_t options = data[0];
    kpi_fuzz_session s;
    kpi_fuzz_session_init(&s);
    const kpi_source *src = kpi_src_add(&s.map, "fuzz.kpi", (const char *)data + 1, size - 1);
    kpi_ast_file *ast = kpi_parse(&s.arena, &s.diags, src);
    kpi_program *program = NULL;
    if (ast && s.diags.errors == 0) program = kpi_sema_check(&s.arena, &s.diags, &s.map, ast, NULL);
    if (program) {
        const char *name = hostile[(options >> 1) & 7];
        kpi_sql_table *tables = calloc(program->source_count + 1, sizeof *tables);
        uint32_t table_count = 0;
        if (options & 1)
            for (uint32_t i = 0; i < program->source_count; i++)
                if (program->sources[i].kind == KPI_SOURCE_FILE)
                    tables[table_count++] =
                        (kpi_sql_table){.source = program->sources[i].name, .table = name};
        for (int d = KPI_SQL_POSTGRES; d <= KPI_SQL_SPARK; d++) {
            char *sql = NULL;
            size_t len = 0;
            FILE *out = open_memstream(&sql, &len);
            if (!out) abort();
            char error[256];
            kpi_sql_options so = {.dialect = (kpi_sql_dialect)d,
                                  .spec_name = name,
                                  .tables = tables,
                                  .table_count = table_count};
            int rc = kpi_sql_write(program, &so, out, error, sizeof error);
            fclose(out);
            if (rc == 0) check_query(sql, len, (kpi_sql_dialect)d, data, size);
            else if (error[0] == '\0')
                kpi_fuzz_fail("kpi_sql_write failed without a message", (const char *)data, size, "");
            free(sql);
        }
        free(tables);
    }
    kpi_fuzz_session_free(&s);
    return 0;
}
