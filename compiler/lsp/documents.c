/*
** documents.c: open documents and incremental text synchronisation.
**
** Edits arrive as ranges in LSP positions (0-based line, UTF-16 code units).
** They are turned into byte offsets with the compiler's own source map
** (kpi_src_offset_from_utf16), so the server and the diagnostics agree on what
** a position means. Out-of-range positions are clamped, as the protocol asks.
*/
#include "documents.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "support/source.h"
#include "analysis.h"
#include "jsonrpc.h"

static char *dup_bytes(const char *s, size_t len) {
    char *p = malloc(len + 1);
    if (!p) return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

static void doc_free(kpi_lsp_document *doc) {
    kpi_lsp_analysis_free(doc->analysis);
    free(doc->uri);
    free(doc->path);
    free(doc->text);
    free(doc);
}

kpi_lsp_document *kpi_lsp_doc_find(const kpi_lsp_documents *docs, const char *uri) {
    for (kpi_lsp_document *d = docs->head; d; d = d->next)
        if (strcmp(d->uri, uri) == 0) return d;
    return NULL;
}

kpi_lsp_document *kpi_lsp_doc_open(kpi_lsp_documents *docs, const char *uri, long version, const char *text,
                                   size_t len) {
    char *copy = dup_bytes(text, len);
    if (!copy) return NULL;
    kpi_lsp_document *doc = kpi_lsp_doc_find(docs, uri);
    if (doc) {
        free(doc->text);
        kpi_lsp_analysis_free(doc->analysis);
        doc->analysis = NULL;
    } else {
        doc = calloc(1, sizeof *doc);
        if (!doc) {
            free(copy);
            return NULL;
        }
        doc->uri = dup_bytes(uri, strlen(uri));
        doc->path = kpi_lsp_uri_to_path(uri);
        if (!doc->path) doc->path = dup_bytes(uri, strlen(uri));
        doc->next = docs->head;
        docs->head = doc;
        docs->count++;
    }
    doc->text = copy;
    doc->len = len;
    doc->version = version;
    return doc;
}

bool kpi_lsp_doc_close(kpi_lsp_documents *docs, const char *uri) {
    for (kpi_lsp_document **p = &docs->head; *p; p = &(*p)->next) {
        if (strcmp((*p)->uri, uri) == 0) {
            kpi_lsp_document *doc = *p;
            *p = doc->next;
            doc_free(doc);
            docs->count--;
            return true;
        }
    }
    return false;
}

void kpi_lsp_doc_close_all(kpi_lsp_documents *docs) {
    while (docs->head) {
        kpi_lsp_document *doc = docs->head;
        docs->head = doc->next;
        doc_free(doc);
    }
    docs->count = 0;
}

/* Reads an LSP Position {line, character}; false when malformed. */
static bool read_position(const cJSON *pos, long *line, long *character) {
    return kpi_rpc_int(pos, "line", line) && kpi_rpc_int(pos, "character", character);
}

const char *kpi_lsp_doc_apply_change(kpi_lsp_document *doc, const cJSON *change) {
    const char *text = kpi_rpc_string(change, "text");
    if (!text) return "content change without a \"text\" string";
    size_t text_len = strlen(text);
    const cJSON *range = kpi_rpc_member(change, "range");
    if (!range) {
        char *copy = dup_bytes(text, text_len);
        if (!copy) return "out of memory";
        free(doc->text);
        doc->text = copy;
        doc->len = text_len;
        return NULL;
    }
    long l0, c0, l1, c1;
    if (!read_position(kpi_rpc_member(range, "start"), &l0, &c0) ||
        !read_position(kpi_rpc_member(range, "end"), &l1, &c1))
        return "content change with a malformed range";

    /* Map the positions through a throwaway source of the current text. */
    kpi_arena arena;
    kpi_arena_init(&arena);
    kpi_source_map map;
    kpi_src_map_init(&map, &arena);
    kpi_source *src = kpi_src_add(&map, doc->path, doc->text, doc->len);
    if (!src) {
        kpi_arena_free(&arena);
        return "document too large";
    }
    size_t begin = kpi_src_offset_from_utf16(src, (uint32_t)l0, (uint32_t)c0);
    size_t end = kpi_src_offset_from_utf16(src, (uint32_t)l1, (uint32_t)c1);
    kpi_arena_free(&arena);
    if (end < begin) {
        size_t t = begin;
        begin = end;
        end = t;
    }
    size_t new_len = doc->len - (end - begin) + text_len;
    if (new_len >= KPI_SOURCE_MAX_BYTES) return "document too large";
    char *buf = malloc(new_len + 1);
    if (!buf) return "out of memory";
    memcpy(buf, doc->text, begin);
    memcpy(buf + begin, text, text_len);
    memcpy(buf + begin + text_len, doc->text + end, doc->len - end);
    buf[new_len] = '\0';
    free(doc->text);
    doc->text = buf;
    doc->len = new_len;
    return NULL;
}

static int hex_value(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

char *kpi_lsp_uri_to_path(const char *uri) {
    if (strncmp(uri, "file://", 7) != 0) return NULL;
    const char *p = uri + 7;
    if (strncmp(p, "localhost/", 10) == 0) p += 9;
    if (*p != '/') return NULL;
    size_t n = strlen(p);
    char *out = malloc(n + 1), *o = out;
    if (!out) return NULL;
    for (; *p; p++) {
        int hi, lo;
        if (*p == '%' && (hi = hex_value(p[1])) >= 0 && (lo = hex_value(p[2])) >= 0) {
            char c = (char)(hi * 16 + lo);
            if (c == '\0') { /* an encoded NUL cannot be a path */
                free(out);
                return NULL;
            }
            *o++ = c;
            p += 2;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
    return out;
}

char *kpi_lsp_path_to_uri(const char *path) {
    char cwd[PATH_MAX] = "";
    if (path[0] != '/' && !getcwd(cwd, sizeof cwd)) cwd[0] = '\0';
    size_t n = strlen(cwd) + 1 + strlen(path);
    char *out = malloc(7 + 3 * n + 1), *o = out;
    if (!out) return NULL;
    o += sprintf(o, "file://");
    for (int part = 0; part < 2; part++) {
        const char *s = part == 0 ? cwd : path;
        if (part == 1 && cwd[0] && cwd[strlen(cwd) - 1] != '/') *o++ = '/';
        for (; *s; s++) {
            unsigned char c = (unsigned char)*s;
            if (isalnum(c) || strchr("/-._~", c)) *o++ = (char)c;
            else o += sprintf(o, "%%%02X", c);
        }
    }
    *o = '\0';
    return out;
}
