/*
** golden.h: what the golden runner's two halves share: the expectations read
** from a .kpi file (golden_expect.c) and the report of differences that the
** runner (golden_runner.c) prints.
*/
#ifndef KPI_GOLDEN_H
#define KPI_GOLDEN_H

#include <stdbool.h>
#include <stddef.h>

#define MAX_ITEMS 512
#define MAX_FLAGS 32

typedef struct expectation {
    char severity[16]; /* error, warning, note */
    char code[16];
    char *substring; /* NULL: any message */
    int line;        /* 1-based */
    int column;      /* 0: any column */
    int written_at;  /* line of the comment */
    bool matched;
} expectation;

typedef struct file_spec {
    expectation expect[MAX_ITEMS];
    int expect_count;
    char *flags[MAX_FLAGS];
    int flag_count;
    char *runner_says[MAX_ITEMS];
    int runner_says_count;
    bool checks_notes; /* some expect-note present: notes are compared too */
} file_spec;

/* The report of one file, kept so --expect-fail can search it. */
typedef struct report {
    char *text;
    size_t len, cap;
    int problems;
} report;

/* Appends to the report text. */
void golden_say(report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends one indented line and counts it as a problem. */
void golden_problem(report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Reads the expectations, flags and runner-says lines of path; false (with problems reported) when malformed. */
bool golden_read_spec(const char *path, file_spec *spec, report *r);
void golden_free_spec(file_spec *spec);

#endif
