/*
** diff_render.c: the changes as text, Markdown and JSON (diff.h).
**
** Text is one line per change, "SUBJECT: CHANGE: BEFORE -> AFTER", so that a
** reviewer reads it top to bottom and a script can grep it; a change that
** makes a goal easier or harder says so at the end. Markdown is the same as a
** table, for a pull-request comment. JSON carries the kinds' names that
** `--fail-on` and docs/reviewing.md use. Values are the program's own words
** (program_text.c), in the goal's unit.
*/
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "diff.h"

/* The effect in words when the kind does not say it already ("target weakened" does). */
static const char *effect_note(const kpi_diff_change *c) {
    if (c->kind == KPI_DIFF_TARGET_WEAKENED || c->kind == KPI_DIFF_TARGET_STRENGTHENED) return NULL;
    if (c->effect == KPI_DIFF_WEAKENS) return "weakens the goal";
    if (c->effect == KPI_DIFF_STRENGTHENS) return "strengthens the goal";
    return NULL;
}

/* The value of a side, "(none)" when only the other side has one. */
static const char *side(const kpi_diff_change *c, const char *value) {
    if (value) return value;
    return c->before || c->after ? "(none)" : "";
}

static uint32_t weakening_count(const kpi_diff *d) {
    uint32_t n = 0;
    for (uint32_t i = 0; i < d->count; i++) n += d->changes[i].effect == KPI_DIFF_WEAKENS;
    return n;
}

static bool one_sided(const kpi_diff_change *c) {
    return c->kind == KPI_DIFF_GOAL_ADDED || c->kind == KPI_DIFF_GOAL_REMOVED ||
           c->kind == KPI_DIFF_DRIVER_ADDED || c->kind == KPI_DIFF_DRIVER_REMOVED;
}

static void summary(const kpi_diff *d, FILE *out) {
    uint32_t weak = weakening_count(d);
    fprintf(out, "%u change%s to the goals", d->count, d->count == 1 ? "" : "s");
    if (weak) fprintf(out, ", %u weaken%s a goal", weak, weak == 1 ? "s" : "");
}

int kpi_diff_write_text(const kpi_diff_file *file, FILE *out) {
    const kpi_diff *d = &file->diff;
    fprintf(out, "%s: ", file->label);
    if (d->count == 0) fputs("no changes to the goals", out);
    else summary(d, out);
    fputc('\n', out);
    for (uint32_t i = 0; i < d->count; i++) {
        const kpi_diff_change *c = &d->changes[i];
        fprintf(out, "  %s: %s", c->subject, kpi_diff_kind_words(c->kind));
        if (one_sided(c)) fprintf(out, ": %s", c->after ? c->after : c->before);
        else if (c->kind == KPI_DIFF_GOAL_RENAMED) fprintf(out, " from %s", c->before);
        else fprintf(out, ": %s -> %s", side(c, c->before), side(c, c->after));
        for (uint32_t g = 0; g < c->goal_count; g++)
            fprintf(out, "%s%s", g ? ", " : "; affects ", c->goals[g]);
        const char *note = effect_note(c);
        if (note) fprintf(out, " (%s)", note);
        fputc('\n', out);
    }
    return ferror(out) ? -1 : 0;
}

/* Text inside a table cell: pipes escaped, line breaks as spaces. */
static void cell(FILE *out, const char *s) {
    for (; s && *s; s++) {
        if (*s == '|') fputs("\\|", out);
        else if (*s == '\n' || *s == '\r') fputc(' ', out);
        else fputc(*s, out);
    }
}

/* Code inside a cell: backticks in the text would end the span, so they become quotes. */
static void code_cell(FILE *out, const char *s) {
    fputc('`', out);
    for (; s && *s; s++) {
        if (*s == '`') fputc('\'', out);
        else if (*s == '|') fputs("\\|", out);
        else if (*s == '\n' || *s == '\r') fputc(' ', out);
        else fputc(*s, out);
    }
    fputc('`', out);
}

int kpi_diff_write_markdown(const kpi_diff_file *file, FILE *out) {
    const kpi_diff *d = &file->diff;
    fputs("#### Goal changes in ", out);
    code_cell(out, file->label);
    fputs("\n\n", out);
    if (d->count == 0) {
        fputs("No changes to the goals.\n\n", out);
        return ferror(out) ? -1 : 0;
    }
    summary(d, out);
    fputs(".\n\n| Goal | Change | Before | After |\n|---|---|---|---|\n", out);
    for (uint32_t i = 0; i < d->count; i++) {
        const kpi_diff_change *c = &d->changes[i];
        fputs("| ", out);
        code_cell(out, c->subject);
        fputs(" | ", out);
        const char *note = effect_note(c);
        bool weak = c->effect == KPI_DIFF_WEAKENS;
        fprintf(out, "%s%s%s%s%s", weak ? "**" : "", kpi_diff_kind_words(c->kind), note ? ", " : "",
                note ? note : "", weak ? "**" : "");
        fputs(" | ", out);
        cell(out, c->before);
        fputs(" | ", out);
        cell(out, c->after);
        for (uint32_t g = 0; g < c->goal_count; g++) {
            fputs(g ? ", " : "<br>affects ", out);
            code_cell(out, c->goals[g]);
        }
        fputs(" |\n", out);
    }
    fputc('\n', out);
    return ferror(out) ? -1 : 0;
}

static void add_text(cJSON *o, const char *key, const char *value) {
    if (value) cJSON_AddStringToObject(o, key, value);
    else cJSON_AddNullToObject(o, key);
}

static cJSON *json_file(const kpi_diff_file *file) {
    const kpi_diff *d = &file->diff;
    cJSON *f = cJSON_CreateObject();
    cJSON_AddStringToObject(f, "file", file->label);
    cJSON_AddBoolToObject(f, "changed", d->count > 0);
    cJSON_AddBoolToObject(f, "weakened", kpi_diff_weakens(d));
    cJSON *list = cJSON_AddArrayToObject(f, "changes");
    for (uint32_t i = 0; i < d->count; i++) {
        const kpi_diff_change *c = &d->changes[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "kind", kpi_diff_kind_name(c->kind));
        cJSON_AddStringToObject(o, "subject", c->subject);
        cJSON_AddStringToObject(o, "effect", kpi_diff_effect_name(c->effect));
        add_text(o, "before", c->before);
        add_text(o, "after", c->after);
        if (c->kind == KPI_DIFF_METRIC_CHANGED || c->kind == KPI_DIFF_SOURCE_CHANGED) {
            cJSON *goals = cJSON_AddArrayToObject(o, "goals");
            for (uint32_t g = 0; g < c->goal_count; g++)
                cJSON_AddItemToArray(goals, cJSON_CreateString(c->goals[g]));
        }
        cJSON_AddItemToArray(list, o);
    }
    return f;
}

int kpi_diff_write_json(const kpi_diff_file *files, uint32_t count, FILE *out) {
    cJSON *root = cJSON_CreateObject();
    bool changed = false, weakened = false;
    cJSON *list = cJSON_AddArrayToObject(root, "files");
    for (uint32_t i = 0; i < count; i++) {
        changed |= files[i].diff.count > 0;
        weakened |= kpi_diff_weakens(&files[i].diff);
        cJSON_AddItemToArray(list, json_file(&files[i]));
    }
    cJSON_AddBoolToObject(root, "changed", changed);
    cJSON_AddBoolToObject(root, "weakened", weakened);
    char *text = cJSON_Print(root);
    int rc = text && fprintf(out, "%s\n", text) >= 0 && !ferror(out) ? 0 : -1;
    cJSON_free(text);
    cJSON_Delete(root);
    return rc;
}
