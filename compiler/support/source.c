/*
** source.c: loading sources and converting byte offsets to positions.
*/
#include "source.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void kpi_src_map_init(kpi_source_map *map, kpi_arena *arena) {
    map->arena = arena;
    map->files = NULL;
    map->count = map->capacity = 0;
}

/* memchr finds the newlines many bytes at a time; a byte loop was 4% of a check. */
static void build_line_table(kpi_arena *arena, kpi_source *src) {
    const char *text = src->text, *end = text + src->len, *nl;
    uint32_t lines = 1;
    for (const char *p = text; (nl = memchr(p, '\n', (size_t)(end - p))) != NULL; p = nl + 1) lines++;
    src->line_starts = KPI_NEW_ARRAY(arena, uint32_t, lines);
    src->line_starts[0] = 0;
    uint32_t n = 1;
    for (const char *p = text; (nl = memchr(p, '\n', (size_t)(end - p))) != NULL; p = nl + 1)
        src->line_starts[n++] = (uint32_t)(nl + 1 - text);
    src->line_count = lines;
}

/* Adds text, which the map's arena already owns and which ends in a NUL at len. */
static kpi_source *add_owned_text(kpi_source_map *map, const char *path, const char *text, size_t len) {
    if (map->count == map->capacity) {
        uint32_t cap = map->capacity ? map->capacity * 2 : 8;
        kpi_source **files = KPI_NEW_ARRAY(map->arena, kpi_source *, cap);
        if (map->count) memcpy(files, map->files, map->count * sizeof *files);
        map->files = files;
        map->capacity = cap;
    }
    kpi_source *src = KPI_NEW(map->arena, kpi_source);
    src->id = map->count;
    src->path = kpi_arena_strdup(map->arena, path);
    src->text = text;
    src->len = (uint32_t)len;
    build_line_table(map->arena, src);
    map->files[map->count++] = src;
    return src;
}

kpi_source *kpi_src_add(kpi_source_map *map, const char *path, const char *text, size_t len) {
    if (len >= KPI_SOURCE_MAX_BYTES) {
        errno = EFBIG;
        return NULL;
    }
    return add_owned_text(map, path, kpi_arena_strndup(map->arena, text, len), len);
}

/*
** Reads f to its end under name, starting with a buffer of cap bytes. A
** stream at or over the size limit stops growing there, and kpi_src_add
** then refuses it with EFBIG.
*/
static kpi_source *read_stream(kpi_source_map *map, const char *name, FILE *f, size_t cap) {
    size_t len = 0;
    char *buf = malloc(cap);
    if (!buf) {
        errno = ENOMEM;
        return NULL;
    }
    for (;;) {
        if (len == cap) {
            if (cap >= KPI_SOURCE_MAX_BYTES) break;
            cap *= 2;
            char *grown = realloc(buf, cap);
            if (!grown) {
                free(buf);
                errno = ENOMEM;
                return NULL;
            }
            buf = grown;
        }
        size_t n = fread(buf + len, 1, cap - len, f);
        if (n == 0) break;
        len += n;
    }
    if (ferror(f)) {
        free(buf);
        errno = EIO;
        return NULL;
    }
    kpi_source *src = kpi_src_add(map, name, buf, len);
    free(buf);
    return src;
}

kpi_source *kpi_src_read(kpi_source_map *map, const char *name, FILE *f) {
    return read_stream(map, name, f, 65536);
}

kpi_source *kpi_src_load(kpi_source_map *map, const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    struct stat st;
    if (fstat(fileno(f), &st) != 0) {
        fclose(f);
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        fclose(f);
        errno = EISDIR;
        return NULL;
    }
    /* Refuse a file known to be too large before reading a gigabyte of it. */
    if (S_ISREG(st.st_mode) && (uint64_t)st.st_size >= KPI_SOURCE_MAX_BYTES) {
        fclose(f);
        errno = EFBIG;
        return NULL;
    }
    kpi_source *src = NULL;
    if (S_ISREG(st.st_mode) && st.st_size > 0) {
        /*
        ** A regular file is read straight into the arena: reading into a
        ** buffer and copying it would touch twice its size (a tenth of the
        ** memory of a check). One byte more than its size is asked for, so
        ** that a file that grew since fstat is seen and read as a stream.
        */
        size_t size = (size_t)st.st_size;
        char *text = kpi_arena_alloc(map->arena, size + 1);
        size_t len = fread(text, 1, size + 1, f);
        if (ferror(f)) {
            fclose(f);
            errno = EIO;
            return NULL;
        }
        if (len <= size) {
            text[len] = '\0';
            src = add_owned_text(map, path, text, len);
        } else if (fseek(f, 0, SEEK_SET) == 0) {
            src = read_stream(map, path, f, size * 2);
        } else {
            errno = EIO;
        }
    } else {
        src = read_stream(map, path, f, 4096);
    }
    int saved = errno;
    fclose(f);
    errno = saved;
    return src;
}

kpi_source *kpi_src_get(const kpi_source_map *map, uint32_t id) {
    return id < map->count ? map->files[id] : NULL;
}

static uint32_t line_index(const kpi_source *src, uint32_t offset) {
    uint32_t lo = 0, hi = src->line_count;
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (src->line_starts[mid] <= offset) lo = mid;
        else hi = mid;
    }
    return lo;
}

kpi_position kpi_src_position(const kpi_source *src, uint32_t offset) {
    if (offset > src->len) offset = src->len;
    uint32_t li = line_index(src, offset);
    return (kpi_position){li + 1, offset - src->line_starts[li] + 1};
}

const char *kpi_src_line(const kpi_source *src, uint32_t line, uint32_t *len_out) {
    if (line == 0 || line > src->line_count) {
        *len_out = 0;
        return "";
    }
    uint32_t begin = src->line_starts[line - 1];
    uint32_t end = line < src->line_count ? src->line_starts[line] - 1 : src->len;
    if (end > begin && src->text[end - 1] == '\r') end--;
    *len_out = end - begin;
    return src->text + begin;
}

uint32_t kpi_src_offset(const kpi_source *src, uint32_t line, uint32_t column) {
    if (line == 0) return 0;
    if (line > src->line_count) return src->len;
    uint32_t len;
    const char *text = kpi_src_line(src, line, &len);
    uint32_t col = column ? column - 1 : 0;
    if (col > len) col = len;
    return (uint32_t)(text - src->text) + col;
}

/* Length in bytes of the UTF-8 sequence starting with byte c (1 for invalid bytes). */
static uint32_t utf8_len(unsigned char c) {
    if (c >= 0xF0 && c < 0xF8) return 4;
    if (c >= 0xE0) return c < 0xF0 ? 3 : 1;
    if (c >= 0xC0) return 2;
    return 1;
}

uint32_t kpi_src_utf16_column(const kpi_source *src, uint32_t offset) {
    if (offset > src->len) offset = src->len;
    uint32_t li = line_index(src, offset);
    uint32_t i = src->line_starts[li], units = 0;
    while (i < offset) {
        uint32_t n = utf8_len((unsigned char)src->text[i]);
        units += n == 4 ? 2 : 1;
        i += n;
    }
    return units;
}

uint32_t kpi_src_offset_from_utf16(const kpi_source *src, uint32_t line0, uint32_t character) {
    if (line0 >= src->line_count) return src->len;
    uint32_t len;
    const char *text = kpi_src_line(src, line0 + 1, &len);
    uint32_t i = 0, units = 0;
    while (i < len && units < character) {
        uint32_t n = utf8_len((unsigned char)text[i]);
        units += n == 4 ? 2 : 1;
        i += n;
    }
    if (i > len) i = len;
    return (uint32_t)(text - src->text) + i;
}
