/*
** bench_lsp.c: the language server's response time to edits of a large file.
**
** Generates a 2,000-line .kpi file (metrics, derived metrics and goals with
** drivers and clauses), opens it in `kpic lsp`, then makes a series of small
** incremental edits in the middle of the file, as typing does, and measures
** for each the time from sending didChange to receiving the diagnostics for
** that version: the whole parse and check the server runs per keystroke. It
** also times hover, completion and formatting round trips. Prints medians and
** maxima; see bench/lsp/README.md for results and how to run it.
**
** usage: bench_lsp KPIC [EDITS]
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lsp_client.h"

enum { METRICS = 250, GOALS = 250 };

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void report(const char *what, double *ms, int n) {
    qsort(ms, (size_t)n, sizeof *ms, compare);
    printf("%-34s median %7.2f ms   max %7.2f ms   (%d runs)\n", what, ms[n / 2], ms[n - 1], n);
}

/* The generated file; *lines receives its line count and *goal_line the line of goal 125's amount. */
static char *generate(int *lines, int *goal_line) {
    size_t cap = 1 << 20, len = 0;
    char *text = malloc(cap);
    int line = 0;
#define EMIT(...) (len += (size_t)snprintf(text + len, cap - len, __VA_ARGS__), line++)
    EMIT("source shop = csv \"shop.csv\"\n");
    for (int i = 0; i < METRICS; i++) {
        EMIT("metric m%d \"Metric %d\" : EUR\n", i, i);
        EMIT("  about \"Measure number %d\"\n", i);
    }
    for (int i = 0; i < METRICS; i++) EMIT("metric d%d : EUR = m%d + m%d * 2\n", i, i, (i + 1) % METRICS);
    for (int i = 0; i < GOALS; i++) {
        EMIT("goal g%d \"Goal %d\"\n", i, i);
        if (i == GOALS / 2) *goal_line = line;
        EMIT("  raise d%d 10%% by m%d +12%% by m%d +5%%\n", i, i, (i + 1) % METRICS);
        EMIT("  owner \"Owner %d\"\n", i % 17);
        EMIT("  starting 2026-01\n");
        EMIT("  within 12 months\n");
    }
#undef EMIT
    *lines = line;
    return text;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: bench_lsp KPIC [EDITS]\n");
        return 2;
    }
    int edits = argc > 2 ? atoi(argv[2]) : 100;
    if (edits < 2) edits = 2;
    int lines, goal_line = 0;
    char *text = generate(&lines, &goal_line);

    lsp_client *c = lsp_start(argv[1], NULL);
    cJSON_Delete(lsp_initialize(c));
    double t0 = now_ms();
    cJSON *pub = lsp_open(c, "file:///tmp/kpi-bench/big.kpi", text);
    double open_ms = now_ms() - t0;
    if (!pub) {
        fprintf(stderr, "bench_lsp: no diagnostics for the opened file\n");
        return 1;
    }
    printf("file: %d lines, %zu bytes; %d diagnostics after open\n", lines, strlen(text),
           cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(
               cJSON_GetObjectItemCaseSensitive(pub, "params"), "diagnostics")));
    printf("%-34s %7.2f ms\n", "open (parse + check + publish)", open_ms);
    cJSON_Delete(pub);

    /* Typing in goal 125's amount: "10%" -> "110%" -> "10%" ... (line goal_line, character 9) */
    double *ms = malloc(sizeof *ms * (size_t)edits);
    char params[600];
    for (int i = 0; i < edits; i++) {
        int inserting = i % 2 == 0;
        snprintf(
            params, sizeof params,
            "{\"textDocument\":{\"uri\":\"file:///tmp/kpi-bench/big.kpi\",\"version\":%d},\"contentChanges\":"
            "[{\"range\":{\"start\":{\"line\":%d,\"character\":%d},\"end\":{\"line\":%d,\"character\":%d}},"
            "\"text\":\"%s\"}]}",
            i + 2, goal_line, 10, goal_line, inserting ? 10 : 11, inserting ? "1" : "");
        t0 = now_ms();
        lsp_notify(c, "textDocument/didChange", params);
        pub = lsp_notification(c, "textDocument/publishDiagnostics");
        ms[i] = now_ms() - t0;
        if (!pub) {
            fprintf(stderr, "bench_lsp: no diagnostics after edit %d\n", i);
            return 1;
        }
        cJSON_Delete(pub);
    }
    report("edit -> diagnostics", ms, edits);

    const char *requests[][2] = {
        {"hover", "textDocument/hover"},
        {"completion", "textDocument/completion"},
        {"formatting (whole file)", "textDocument/formatting"},
    };
    for (size_t r = 0; r < sizeof requests / sizeof *requests; r++) {
        int runs = 20;
        for (int i = 0; i < runs; i++) {
            snprintf(
                params, sizeof params,
                "{\"textDocument\":{\"uri\":\"file:///tmp/kpi-bench/big.kpi\"},\"position\":{\"line\":%d,"
                "\"character\":9},\"options\":{\"tabSize\":2,\"insertSpaces\":true}}",
                goal_line);
            t0 = now_ms();
            cJSON *resp = lsp_request(c, requests[r][1], params);
            ms[i] = now_ms() - t0;
            if (!resp) return 1;
            cJSON_Delete(resp);
        }
        report(requests[r][0], ms, runs);
    }
    cJSON_Delete(lsp_request(c, "shutdown", "null"));
    lsp_notify(c, "exit", "null");
    lsp_wait_exit(c);
    lsp_finish(c);
    free(ms);
    free(text);
    return 0;
}
