/*
** engine.c: --engine postgresql://...: the evaluator runs the query kpic
** compiled into it (kpirt_program.sql_postgres, the text `kpic sql
** --dialect postgres` prints) on PostgreSQL itself, through libpq, and reads
** the result as it reads --periods (periods.c).
**
** libpq is loaded when --engine is used (dlopen of libpq.so.5), not linked:
** every evaluator links libkpirt, and most read files, so linking libpq would
** make every evaluator (and every machine that links or runs one) need the
** PostgreSQL client library for an option it does not use. The header comes
** from libpq-dev when libkpirt is built; libpq5 is needed only on a machine
** that runs --engine, and its absence is then one clear error.
**
** The query runs in a read-only transaction with standard_conforming_strings
** on (the quoting kpic sql writes assumes it). Any failure (unreachable
** server, bad credentials, a missing table or column, denied permission) is
** one error, exit status 2, carrying the server's own message and SQLSTATE
** and what to do, and nothing is evaluated.
*/
#include "kpirt_internal.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#ifdef KPIRT_HAVE_LIBPQ
#include <libpq-fe.h>

typedef struct libpq {
    void *handle;
    PGconn *(*connectdb_params)(const char *const *, const char *const *, int);
    ConnStatusType (*status)(const PGconn *);
    char *(*error_message)(const PGconn *);
    void (*finish)(PGconn *);
    PGresult *(*exec)(PGconn *, const char *);
    ExecStatusType (*result_status)(const PGresult *);
    char *(*result_error_field)(const PGresult *, int);
    int (*ntuples)(const PGresult *);
    int (*nfields)(const PGresult *);
    char *(*fname)(const PGresult *, int);
    char *(*getvalue)(const PGresult *, int, int);
    int (*getisnull)(const PGresult *, int, int);
    void (*clear)(PGresult *);
} libpq;

static int load_libpq(kpirt_ctx *ctx, libpq *pq) {
    pq->handle = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (!pq->handle)
        return kpirt_ctx_fail(ctx, "--engine needs libpq, the PostgreSQL client library: %s (install libpq5)",
                              dlerror());
#define SYM(field, name)                                                                   \
    do {                                                                                   \
        *(void **)&pq->field = dlsym(pq->handle, name);                                    \
        if (!pq->field) return kpirt_ctx_fail(ctx, "--engine: libpq.so.5 lacks %s", name); \
    } while (0)
    SYM(connectdb_params, "PQconnectdbParams");
    SYM(status, "PQstatus");
    SYM(error_message, "PQerrorMessage");
    SYM(finish, "PQfinish");
    SYM(exec, "PQexec");
    SYM(result_status, "PQresultStatus");
    SYM(result_error_field, "PQresultErrorField");
    SYM(ntuples, "PQntuples");
    SYM(nfields, "PQnfields");
    SYM(fname, "PQfname");
    SYM(getvalue, "PQgetvalue");
    SYM(getisnull, "PQgetisnull");
    SYM(clear, "PQclear");
#undef SYM
    return 0;
}

/*
** libpq's message on one line: a line break ends a sentence ("failed: No such
** file or directory. Is the server running...?"), other runs of blanks are one
** space, the trailing ones none.
*/
static const char *one_line(const char *message, char *buf, size_t cap) {
    size_t n = 0;
    const char *p = message ? message : "";
    while (*p && n + 3 < cap) {
        if (!strchr(" \t\r\n", *p)) {
            buf[n++] = *p++;
            continue;
        }
        bool line_break = false;
        for (; *p && strchr(" \t\r\n", *p); p++) line_break |= *p == '\n';
        if (!*p || n == 0) continue;
        if (line_break && !strchr(".:;?!", buf[n - 1])) buf[n++] = '.';
        buf[n++] = ' ';
    }
    buf[n] = 0;
    return buf;
}

/* What to do about the errors a spec or a role can cause, by SQLSTATE. */
static const char *fix_for(const char *sqlstate) {
    static const struct {
        const char *code, *fix;
    } fixes[] = {
        {"42P01",
         "the spec's `table \"...\"` names a table or view the role cannot see; check its name and schema"},
        {"3F000", "the spec's `table \"schema.name\"` names a schema that does not exist"},
        {"42703",
         "a column the spec reads (`from`, `where`, `for`, `date`) is not in the table; check its spelling"},
        {"42501", "the role lacks a privilege the query needs; GRANT SELECT ON the table (and USAGE ON its "
                  "schema) TO it"},
        {"42883",
         "a column has a type the query cannot compare or add up; numbers must be numeric, dates a DATE, "
         "a TIMESTAMP or ISO text"},
        {"42846",
         "a column has a type the query cannot read as the spec says; numbers must be numeric, dates a DATE, "
         "a TIMESTAMP or ISO text"},
    };
    for (size_t i = 0; sqlstate && i < sizeof fixes / sizeof *fixes; i++)
        if (strcmp(sqlstate, fixes[i].code) == 0) return fixes[i].fix;
    if (sqlstate && strncmp(sqlstate, "22", 2) == 0)
        return "a value in the table cannot be read as the number or date the spec says it is";
    return NULL;
}

/* Runs one statement; -1 with the server's message in ctx unless it succeeded with `want`. */
static int run(kpirt_ctx *ctx, const libpq *pq, PGconn *conn, const char *sql, ExecStatusType want,
               PGresult **out) {
    PGresult *r = pq->exec(conn, sql);
    if (!r || pq->result_status(r) != want) {
        char why[KPIRT_MESSAGE_MAX / 2];
        const char *state = r ? pq->result_error_field(r, PG_DIAG_SQLSTATE) : NULL;
        const char *fix = fix_for(state);
        one_line(r ? pq->result_error_field(r, PG_DIAG_MESSAGE_PRIMARY) : pq->error_message(conn), why,
                 sizeof why);
        if (!why[0]) one_line(pq->error_message(conn), why, sizeof why);
        kpirt_ctx_fail(ctx, "--engine: PostgreSQL refused the query: %s%s%s%s%s%s", why,
                       state ? " (SQLSTATE " : "", state ? state : "", state ? ")" : "", fix ? "; " : "",
                       fix ? fix : "");
        if (r) pq->clear(r);
        return -1;
    }
    if (out) *out = r;
    else pq->clear(r);
    return 0;
}

/* A CSV field, quoted when it needs to be. */
static void put_field(kpirt_buf *b, const char *text) {
    if (!strpbrk(text, ",\"\r\n")) {
        kpirt_buf_puts(b, text);
        return;
    }
    kpirt_buf_put(b, "\"", 1);
    for (const char *p = text; *p; p++) {
        if (*p == '"') kpirt_buf_put(b, "\"", 1);
        kpirt_buf_put(b, p, 1);
    }
    kpirt_buf_put(b, "\"", 1);
}

/* The result as the CSV psql --csv would print, read by periods.c. */
static int load_result(kpirt_ctx *ctx, const libpq *pq, PGresult *r, const char *name) {
    kpirt_buf b = {0};
    int rows = pq->ntuples(r), cols = pq->nfields(r);
    for (int c = 0; c < cols; c++) {
        if (c) kpirt_buf_put(&b, ",", 1);
        put_field(&b, pq->fname(r, c));
    }
    kpirt_buf_put(&b, "\n", 1);
    for (int i = 0; i < rows; i++) {
        for (int c = 0; c < cols; c++) {
            if (c) kpirt_buf_put(&b, ",", 1);
            if (!pq->getisnull(r, i, c)) put_field(&b, pq->getvalue(r, i, c));
        }
        kpirt_buf_put(&b, "\n", 1);
    }
    kpirt_text_reader t = {b.data, b.len, 0};
    int rc = kpirt_load_periods_stream(ctx, name, kpirt_read_text, &t);
    kpirt_buf_free(&b);
    return rc;
}

int kpirt_load_engine(kpirt_ctx *ctx, const char *url) {
    const char *sql = ctx->program->sql_postgres;
    if (!sql)
        return kpirt_ctx_fail(ctx, "--engine: this program has no table source, so there is no query to run; "
                                   "declare its sources as `table \"schema.name\"` and build it again");
    libpq pq = {0};
    if (load_libpq(ctx, &pq) < 0) {
        if (pq.handle) dlclose(pq.handle);
        return -1;
    }
    /* An unreachable host fails after 10 s instead of the system's TCP timeout, unless the URL or
       PGCONNECT_TIMEOUT says otherwise: the URL, expanded from dbname, overrides the keywords before it. */
    const char *keys[] = {"connect_timeout", "fallback_application_name", "dbname", NULL};
    const char *values[] = {getenv("PGCONNECT_TIMEOUT") ? getenv("PGCONNECT_TIMEOUT") : "10",
                            "kpic evaluator", url, NULL};
    PGconn *conn = pq.connectdb_params(keys, values, 1);
    int rc = -1;
    if (!conn || pq.status(conn) != CONNECTION_OK) {
        char why[KPIRT_MESSAGE_MAX - 64];
        kpirt_ctx_fail(ctx, "--engine: cannot connect to PostgreSQL: %s",
                       one_line(conn ? pq.error_message(conn) : "out of memory", why, sizeof why));
    } else {
        PGresult *result = NULL;
        if (run(ctx, &pq, conn, "SET standard_conforming_strings = on", PGRES_COMMAND_OK, NULL) == 0 &&
            run(ctx, &pq, conn, "BEGIN TRANSACTION READ ONLY", PGRES_COMMAND_OK, NULL) == 0 &&
            run(ctx, &pq, conn, sql, PGRES_TUPLES_OK, &result) == 0) {
            rc = load_result(ctx, &pq, result, "the query's result");
            pq.clear(result);
            pq.clear(pq.exec(conn, "COMMIT")); /* read only: nothing to lose if it fails */
        }
    }
    if (conn) pq.finish(conn);
    dlclose(pq.handle);
    return rc;
}

#else

int kpirt_load_engine(kpirt_ctx *ctx, const char *url) {
    (void)url;
    return kpirt_ctx_fail(ctx,
                          "--engine is not available in this build of the runtime (it was built without "
                          "libpq-fe.h; install libpq-dev and rebuild), use kpic sql and --periods instead");
}

#endif
