/*
** diag_json.c: diagnostics for programs: kpic's own JSON array and SARIF 2.1.0.
**
** Both schemas are documented in docs/diagnostics.md. Positions are 1-based;
** an end position is exclusive (one past the last character), as in SARIF and
** LSP. The JSON format counts columns in bytes, exactly as the text output
** does; SARIF counts Unicode code points (run.columnKind says so), which is
** what SARIF viewers expect. Every string is made valid UTF-8 before it is
** written, because a message may quote a bad byte from the source.
*/
#include "diag_private.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#ifndef KPI_VERSION
#define KPI_VERSION "unknown"
#endif

/* A copy of s with every invalid UTF-8 byte replaced by U+FFFD; free() it. */
static char *valid_utf8(const char *s) {
    size_t len = strlen(s);
    char *out = malloc(len * 3 + 1);
    if (!out) abort();
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        size_t n = kpi_diag_utf8_len((const unsigned char *)s + i, len - i);
        if (n == 0) {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3, i++;
        } else {
            memcpy(out + o, s + i, n);
            o += n, i += n;
        }
    }
    out[o] = '\0';
    return out;
}

static void add_string(cJSON *obj, const char *key, const char *value) {
    if (!value) {
        cJSON_AddNullToObject(obj, key);
        return;
    }
    char *clean = valid_utf8(value);
    cJSON_AddStringToObject(obj, key, clean);
    free(clean);
}

/* ---- kpic JSON --------------------------------------------------------- */

/* file, line, column, end_line, end_column; null when there is no location. */
static void add_json_location(cJSON *obj, const kpi_diag_location *loc) {
    if (!loc->source) {
        const char *keys[] = {"file", "line", "column", "end_line", "end_column"};
        for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) cJSON_AddNullToObject(obj, keys[i]);
        return;
    }
    add_string(obj, "file", loc->source->path);
    cJSON_AddNumberToObject(obj, "line", loc->begin.line);
    cJSON_AddNumberToObject(obj, "column", loc->begin.column);
    cJSON_AddNumberToObject(obj, "end_line", loc->end.line);
    cJSON_AddNumberToObject(obj, "end_column", loc->end.column);
}

static cJSON *json_diagnostic(const kpi_diag_engine *engine, const kpi_diagnostic *d) {
    cJSON *obj = cJSON_CreateObject();
    kpi_diag_location loc = kpi_diag_locate(engine->sources, d->span);
    add_json_location(obj, &loc);
    add_string(obj, "severity", kpi_diag_severity_name(d->severity));
    add_string(obj, "code", kpi_diag_code_info(d->code)->id);
    add_string(obj, "message", d->message);
    char smart[2] = {d->smart, 0};
    add_string(obj, "smart", d->smart ? smart : NULL);

    cJSON *notes = cJSON_AddArrayToObject(obj, "notes");
    for (const kpi_note *n = d->notes; n; n = n->next) {
        cJSON *note = cJSON_CreateObject();
        kpi_diag_location nloc = kpi_diag_locate(engine->sources, n->span);
        if (nloc.source) add_json_location(note, &nloc);
        add_string(note, "message", n->message);
        cJSON_AddItemToArray(notes, note);
    }
    cJSON *fixes = cJSON_AddArrayToObject(obj, "fixes");
    for (const kpi_fixit *f = d->fixes; f; f = f->next) {
        cJSON *fix = cJSON_CreateObject();
        kpi_diag_location floc = kpi_diag_locate(engine->sources, f->span);
        add_json_location(fix, &floc);
        add_string(fix, "text", f->replacement);
        add_string(fix, "description", f->description);
        cJSON_AddItemToArray(fixes, fix);
    }
    return obj;
}

static void print_and_free(cJSON *root, FILE *out) {
    char *text = cJSON_Print(root);
    if (!text) abort();
    fputs(text, out);
    fputc('\n', out);
    free(text);
    cJSON_Delete(root);
}

void kpi_diag_render_json(const kpi_diag_engine *engine, FILE *out) {
    cJSON *array = cJSON_CreateArray();
    for (const kpi_diagnostic *d = engine->head; d; d = d->next)
        if (d->severity != KPI_SEV_IGNORED) cJSON_AddItemToArray(array, json_diagnostic(engine, d));
    print_and_free(array, out);
}

/* ---- SARIF 2.1.0 ------------------------------------------------------- */

/* 1-based column in Unicode code points of a byte offset. */
static uint32_t code_point_column(const kpi_source *src, uint32_t offset) {
    kpi_position pos = kpi_src_position(src, offset);
    uint32_t line_start = offset - (pos.column - 1), column = 1;
    for (uint32_t i = line_start; i < offset; i++)
        if (((unsigned char)src->text[i] & 0xC0) != 0x80) column++;
    return column;
}

/* A relative path stays a relative URI reference; an absolute one becomes file://. */
static char *path_to_uri(const char *path) {
    size_t len = strlen(path);
    char *uri = malloc(len * 3 + 8);
    if (!uri) abort();
    size_t o = 0;
    if (path[0] == '/') o += (size_t)sprintf(uri, "file://");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p))
            uri[o++] = (char)*p;
        else o += (size_t)sprintf(uri + o, "%%%02X", *p);
    }
    uri[o] = '\0';
    return uri;
}

static cJSON *sarif_region(const kpi_diag_location *loc) {
    cJSON *region = cJSON_CreateObject();
    cJSON_AddNumberToObject(region, "startLine", loc->begin.line);
    cJSON_AddNumberToObject(region, "startColumn", code_point_column(loc->source, loc->begin_offset));
    cJSON_AddNumberToObject(region, "endLine", loc->end.line);
    cJSON_AddNumberToObject(region, "endColumn", code_point_column(loc->source, loc->end_offset));
    return region;
}

static cJSON *sarif_artifact(const kpi_source *src) {
    cJSON *artifact = cJSON_CreateObject();
    char *uri = path_to_uri(src->path);
    add_string(artifact, "uri", uri);
    free(uri);
    return artifact;
}

static cJSON *sarif_message(const char *text) {
    cJSON *message = cJSON_CreateObject();
    add_string(message, "text", text);
    return message;
}

/* A location object; without a source only its message (SARIF allows that). */
static cJSON *sarif_location(const kpi_diag_location *loc, const char *message) {
    cJSON *location = cJSON_CreateObject();
    if (loc->source) {
        cJSON *physical = cJSON_AddObjectToObject(location, "physicalLocation");
        cJSON_AddItemToObject(physical, "artifactLocation", sarif_artifact(loc->source));
        cJSON_AddItemToObject(physical, "region", sarif_region(loc));
    }
    if (message) cJSON_AddItemToObject(location, "message", sarif_message(message));
    return location;
}

static const char *sarif_level(kpi_severity s) {
    return s == KPI_SEV_ERROR     ? "error"
           : s == KPI_SEV_WARNING ? "warning"
           : s == KPI_SEV_NOTE    ? "note"
                                  : "none";
}

static cJSON *sarif_rule(kpi_code code) {
    const kpi_code_info *info = kpi_diag_code_info(code);
    cJSON *rule = cJSON_CreateObject();
    add_string(rule, "id", info->id);
    cJSON_AddItemToObject(rule, "shortDescription", sarif_message(info->title));
    const kpi_explanation *e = kpi_diag_explanation(code);
    if (e) cJSON_AddItemToObject(rule, "fullDescription", sarif_message(e->meaning));
    cJSON *config = cJSON_AddObjectToObject(rule, "defaultConfiguration");
    add_string(config, "level", sarif_level(info->severity));
    char help[64];
    snprintf(help, sizeof help, "Run 'kpic explain %s' for the long explanation.", info->id);
    cJSON_AddItemToObject(rule, "help", sarif_message(help));
    if (info->smart) {
        char smart[2] = {info->smart, 0};
        cJSON *props = cJSON_AddObjectToObject(rule, "properties");
        add_string(props, "smart", smart);
    }
    return rule;
}

static cJSON *sarif_fix(const kpi_diag_engine *engine, const kpi_fixit *f) {
    kpi_diag_location loc = kpi_diag_locate(engine->sources, f->span);
    if (!loc.source) return NULL;
    cJSON *fix = cJSON_CreateObject();
    if (f->description) cJSON_AddItemToObject(fix, "description", sarif_message(f->description));
    cJSON *change = cJSON_CreateObject();
    cJSON_AddItemToObject(change, "artifactLocation", sarif_artifact(loc.source));
    cJSON *replacement = cJSON_CreateObject();
    cJSON_AddItemToObject(replacement, "deletedRegion", sarif_region(&loc));
    cJSON *inserted = cJSON_AddObjectToObject(replacement, "insertedContent");
    add_string(inserted, "text", f->replacement);
    cJSON *replacements = cJSON_AddArrayToObject(change, "replacements");
    cJSON_AddItemToArray(replacements, replacement);
    cJSON *changes = cJSON_AddArrayToObject(fix, "artifactChanges");
    cJSON_AddItemToArray(changes, change);
    return fix;
}

static cJSON *sarif_result(const kpi_diag_engine *engine, const kpi_diagnostic *d, int rule_index) {
    cJSON *result = cJSON_CreateObject();
    add_string(result, "ruleId", kpi_diag_code_info(d->code)->id);
    cJSON_AddNumberToObject(result, "ruleIndex", rule_index);
    add_string(result, "level", sarif_level(d->severity));
    cJSON_AddItemToObject(result, "message", sarif_message(d->message));
    kpi_diag_location loc = kpi_diag_locate(engine->sources, d->span);
    cJSON *locations = cJSON_AddArrayToObject(result, "locations");
    if (loc.source) cJSON_AddItemToArray(locations, sarif_location(&loc, NULL));
    if (d->notes) {
        cJSON *related = cJSON_AddArrayToObject(result, "relatedLocations");
        int id = 0;
        for (const kpi_note *n = d->notes; n; n = n->next) {
            kpi_diag_location nloc = kpi_diag_locate(engine->sources, n->span);
            cJSON *location = sarif_location(&nloc, n->message);
            cJSON_AddNumberToObject(location, "id", id++);
            cJSON_AddItemToArray(related, location);
        }
    }
    if (d->fixes) {
        cJSON *fixes = cJSON_AddArrayToObject(result, "fixes");
        for (const kpi_fixit *f = d->fixes; f; f = f->next) {
            cJSON *fix = sarif_fix(engine, f);
            if (fix) cJSON_AddItemToArray(fixes, fix);
        }
    }
    if (d->smart) {
        char smart[2] = {d->smart, 0};
        cJSON *props = cJSON_AddObjectToObject(result, "properties");
        add_string(props, "smart", smart);
    }
    return result;
}

void kpi_diag_render_sarif(const kpi_diag_engine *engine, FILE *out) {
    cJSON *log = cJSON_CreateObject();
    add_string(log, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    add_string(log, "version", "2.1.0");
    cJSON *run = cJSON_CreateObject();
    cJSON_AddItemToArray(cJSON_AddArrayToObject(log, "runs"), run);
    cJSON *driver = cJSON_AddObjectToObject(cJSON_AddObjectToObject(run, "tool"), "driver");
    add_string(driver, "name", "kpic");
    add_string(driver, "version", KPI_VERSION);
    cJSON *rules = cJSON_AddArrayToObject(driver, "rules");
    add_string(run, "columnKind", "unicodeCodePoints");

    /* One rule per code that occurs, in first-use order; results point at it by index. */
    int rule_of_code[KPI_CODE_COUNT];
    int rule_count = 0;
    for (unsigned i = 0; i < KPI_CODE_COUNT; i++) rule_of_code[i] = -1;
    cJSON *results = cJSON_AddArrayToObject(run, "results");
    for (const kpi_diagnostic *d = engine->head; d; d = d->next) {
        if (d->severity == KPI_SEV_IGNORED) continue;
        if (rule_of_code[d->code] < 0) {
            rule_of_code[d->code] = rule_count++;
            cJSON_AddItemToArray(rules, sarif_rule(d->code));
        }
        cJSON_AddItemToArray(results, sarif_result(engine, d, rule_of_code[d->code]));
    }
    print_and_free(log, out);
}
