/*
** png_stats.c: tells a blank screenshot from a drawn one, for the browser test.
**
** Reads an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium's
** --screenshot writes), inflates and unfilters it, and prints
**
**     WIDTH HEIGHT COLOURS NON_BACKGROUND_PERMILLE
**
** where COLOURS is the number of distinct pixel colours (capped at 65536) and
** NON_BACKGROUND_PERMILLE how many pixels in a thousand differ from the most
** common colour. A blank or failed page is one colour; a rendered report has
** text, badges and charts in many. Exit status 2 for a file it cannot read.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static uint32_t be32(const unsigned char *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int paeth(int a, int b, int c) {
    int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

static int fail(const char *why) {
    fprintf(stderr, "png_stats: %s\n", why);
    return 2;
}

#define TABLE_SIZE 131072u /* open addressing, twice the colour cap */

int main(int argc, char **argv) {
    if (argc != 2) return fail("usage: png_stats FILE.png");
    FILE *in = fopen(argv[1], "rb");
    if (!in) return fail("cannot open the file");
    fseek(in, 0, SEEK_END);
    long size = ftell(in);
    rewind(in);
    if (size < 8) return fail("not a PNG");
    unsigned char *file = malloc((size_t)size);
    if (!file || fread(file, 1, (size_t)size, in) != (size_t)size) return fail("cannot read");
    fclose(in);
    if (memcmp(file, "\x89PNG\r\n\x1a\n", 8) != 0) return fail("not a PNG");

    uint32_t width = 0, height = 0;
    int channels = 0;
    unsigned char *idat = NULL;
    size_t idat_len = 0;
    for (long pos = 8; pos + 12 <= size;) {
        uint32_t len = be32(file + pos);
        const unsigned char *type = file + pos + 4, *data = file + pos + 8;
        if ((long)len > size - pos - 12) return fail("truncated chunk");
        if (memcmp(type, "IHDR", 4) == 0) {
            width = be32(data);
            height = be32(data + 4);
            if (data[8] != 8 || data[12] != 0) return fail("only 8-bit non-interlaced images");
            channels = data[9] == 2 ? 3 : data[9] == 6 ? 4 : 0;
            if (!channels) return fail("only RGB or RGBA images");
        } else if (memcmp(type, "IDAT", 4) == 0) {
            idat = realloc(idat, idat_len + len);
            if (!idat) return fail("out of memory");
            memcpy(idat + idat_len, data, len);
            idat_len += len;
        }
        pos += 12 + (long)len;
    }
    if (!width || !height || !idat) return fail("no image data");

    size_t stride = (size_t)width * (size_t)channels;
    uLongf raw_len = (uLongf)((stride + 1) * height);
    unsigned char *raw = malloc(raw_len);
    if (!raw || uncompress(raw, &raw_len, idat, (uLong)idat_len) != Z_OK || raw_len != (stride + 1) * height)
        return fail("bad image data");

    /* Unfilter in place: each row is a filter byte and stride bytes. */
    for (uint32_t y = 0; y < height; y++) {
        unsigned char *row = raw + y * (stride + 1) + 1;
        const unsigned char *up = y ? raw + (y - 1) * (stride + 1) + 1 : NULL;
        int filter = row[-1];
        for (size_t i = 0; i < stride; i++) {
            int a = i >= (size_t)channels ? row[i - (size_t)channels] : 0;
            int b = up ? up[i] : 0;
            int c = up && i >= (size_t)channels ? up[i - (size_t)channels] : 0;
            int add = filter == 1   ? a
                      : filter == 2 ? b
                      : filter == 3 ? (a + b) / 2
                      : filter == 4 ? paeth(a, b, c)
                                    : 0;
            row[i] = (unsigned char)(row[i] + add);
        }
    }

    uint32_t *keys = calloc(TABLE_SIZE, sizeof *keys);
    uint64_t *counts = calloc(TABLE_SIZE, sizeof *counts);
    if (!keys || !counts) return fail("out of memory");
    uint32_t colours = 0;
    for (uint32_t y = 0; y < height; y++) {
        const unsigned char *row = raw + y * (stride + 1) + 1;
        for (uint32_t x = 0; x < width; x++) {
            const unsigned char *p = row + (size_t)x * (size_t)channels;
            uint32_t key = ((uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2]) + 1; /* 0 = empty */
            uint32_t h = (key * 2654435761u) & (TABLE_SIZE - 1);
            while (keys[h] && keys[h] != key) h = (h + 1) & (TABLE_SIZE - 1);
            if (!keys[h]) {
                if (colours >= 65536) continue;
                keys[h] = key;
                colours++;
            }
            counts[h]++;
        }
    }
    uint64_t most = 0;
    for (uint32_t i = 0; i < TABLE_SIZE; i++)
        if (counts[i] > most) most = counts[i];
    uint64_t total = (uint64_t)width * height;
    printf("%u %u %u %llu\n", width, height, colours, (unsigned long long)((total - most) * 1000 / total));
    free(keys);
    free(counts);
    free(raw);
    free(idat);
    free(file);
    return 0;
}
