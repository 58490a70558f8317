/*
** cmd_sql.c: `kpic sql --dialect NAME [options] FILE`: the query that
** computes a goals file's per-period values inside a database.
**
** The file is checked like `kpic check` does (same diagnostics on stderr);
** only a file without errors gets a query, since the query is made from the
** checked program (compiler/sql). The query goes to standard output or -o;
** docs/warehouse.md says how to run it and hand its result to the evaluator.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver.h"
#include "pipeline.h"
#include "sql/sql.h"

static const char *const sql_option_names[] = {"--dialect", "--table", "--output", "--help", "-o", NULL};

typedef struct sql_args {
    bool have_dialect;
    kpi_sql_dialect dialect;
    const char *output;
    kpi_sql_table *tables;
    uint32_t table_count;
} sql_args;

/* The value of --NAME=V, --NAME V or -o V; NULL after an error. */
static const char *option_value(int argc, char **argv, int *i) {
    const char *arg = argv[*i];
    const char *eq = strchr(arg, '=');
    if (eq && arg[1] == '-') return eq + 1;
    if (*i + 1 < argc) return argv[++*i];
    kpi_drv_error("sql", "%s needs a value", arg);
    return NULL;
}

static bool is_option(const char *arg, const char *name) {
    size_t n = strlen(name);
    return strncmp(arg, name, n) == 0 && (arg[n] == '=' || arg[n] == '\0');
}

static int sql_option(void *state, int argc, char **argv, int *i) {
    sql_args *a = state;
    const char *arg = argv[*i];
    if (is_option(arg, "--dialect")) {
        const char *v = option_value(argc, argv, i);
        if (!v) return -1;
        if (kpi_sql_dialect_parse(v, &a->dialect) != 0) {
            kpi_drv_error("sql", "unknown dialect '%s'; use --dialect=postgres, duckdb, bigquery or spark",
                          v);
            return -1;
        }
        a->have_dialect = true;
        return 1;
    }
    if (strcmp(arg, "-o") == 0 || is_option(arg, "--output")) {
        a->output = option_value(argc, argv, i);
        return a->output ? 1 : -1;
    }
    if (is_option(arg, "--table")) {
        const char *v = option_value(argc, argv, i);
        if (!v) return -1;
        const char *eq = strchr(v, '=');
        if (!eq || eq == v) {
            kpi_drv_error("sql", "--table %s: write --table SOURCE=TABLE, as in --table shop=analytics.shop",
                          v);
            return -1;
        }
        kpi_sql_table *t = &a->tables[a->table_count++];
        t->source = strndup(v, (size_t)(eq - v));
        t->table = eq + 1;
        return 1;
    }
    return 0;
}

/* The file name without its folder, for the query's header comment. */
static const char *base_name(const char *path) {
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static int write_sql(const kpi_program *program, const sql_args *a, const char *spec) {
    FILE *out = a->output ? fopen(a->output, "w") : stdout;
    if (!out) {
        kpi_drv_error(NULL, "cannot write '%s': %s", a->output, strerror(errno));
        return KPI_EXIT_USAGE;
    }
    kpi_sql_options so = {.dialect = a->dialect,
                          .spec_name = base_name(spec),
                          .tables = a->tables,
                          .table_count = a->table_count};
    char error[512] = "";
    int rc = kpi_sql_write(program, &so, out, error, sizeof error);
    if (fflush(out) != 0) rc = -1;
    if (a->output && fclose(out) != 0) rc = -1;
    if (rc == 0) return KPI_EXIT_OK;
    if (error[0]) {
        kpi_drv_error(NULL, "%s: %s", spec, error);
        if (a->output) remove(a->output);
        return KPI_EXIT_USAGE;
    }
    kpi_drv_error(NULL, "cannot write '%s': %s", a->output ? a->output : "standard output", strerror(errno));
    return KPI_EXIT_USAGE;
}

static int run_sql(int argc, char **argv) {
    kpi_drv_options o;
    kpi_drv_options_init(&o, argc);
    sql_args a = {.tables = calloc((size_t)argc + 1, sizeof *a.tables)};
    int status = KPI_EXIT_USAGE;

    if (!kpi_drv_parse_args(&o, &kpi_cmd_sql, argc, argv, sql_option, &a, sql_option_names, &status))
        goto done;
    if (o.file_count != 1) {
        kpi_drv_error("sql", o.file_count ? "one input file at a time" : "no input file");
        goto done;
    }
    if (!a.have_dialect) {
        kpi_drv_error("sql", "which database? add --dialect=postgres, duckdb, bigquery or spark");
        goto done;
    }

    kpi_pipeline p;
    kpi_pipeline_init(&p, &o);
    const kpi_program *program = kpi_pipeline_program(&p, o.files[0], "write a query for", &status);
    if (program) status = write_sql(program, &a, o.files[0]);
    kpi_pipeline_free(&p);
done:
    for (uint32_t t = 0; t < a.table_count; t++) free((char *)a.tables[t].source);
    free(a.tables);
    kpi_drv_options_free(&o);
    return status;
}

const kpi_command kpi_cmd_sql = {
    "sql",
    "print the SQL that computes the goals' values inside a database",
    "usage: kpic sql --dialect=postgres|duckdb|bigquery|spark [options] FILE\n"
    "\n"
    "Checks FILE and prints one query that does every row-level step inside the\n"
    "database: the filters and segments, and every aggregation, for each review\n"
    "period the goals use. It returns the per-period values the evaluator needs;\n"
    "give its result (CSV with the header) to the evaluator with --periods FILE.\n"
    "On PostgreSQL the evaluator can run it itself: kpic build compiles the\n"
    "query of the `table` sources in, and ./goals --engine postgresql://... runs it.\n"
    "The statuses, projections and reports stay the evaluator's.\n"
    "The query computes the sources declared as `table \"schema.name\"`, and the\n"
    "file sources (csv, ga4, google_ads) named with --table; other sources stay\n"
    "files the evaluator reads.\n"
    "Exit status: 0 printed, 1 FILE has errors, 2 usage or I/O problem.\n"
    "\n"
    "Options:\n"
    "  --dialect=NAME            postgres, duckdb, bigquery or spark (required)\n"
    "  --table SOURCE=TABLE      compute a file source from the table its rows were\n"
    "                            loaded into (dots separate schema and table)\n"
    "  -o FILE, --output=FILE    write the query to FILE instead of standard output\n"
    "  --draft                   SMART errors become warnings\n"
    "  --color=auto|always|never colour the diagnostics\n"
    "  -Werror, -Wno-CODE, -w    warning options, as for 'kpic check'\n"
    "  -I DIR                    search DIR for imported modules\n"
    "\n"
    "See docs/warehouse.md for the query's columns and what each engine verifies.\n",
    run_sql,
    NULL, /* no evaluator flags in its help */
};
