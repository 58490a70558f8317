/*
** encoding.c: the text encodings data files come in, turned into UTF-8.
**
** The CSV reader works on UTF-8 bytes. Between it and the file sits this
** decoder, a kpirt_read_fn over the file's own read function: UTF-8 passes
** through (checked, so that a Windows-1252 file read as UTF-8 is an error
** naming its first foreign byte instead of a `where` that silently matches
** nothing); UTF-16 (recognised by its byte-order mark, as Google Ads'
** "Excel" download and "Unicode text" spreadsheets write it), Windows-1252
** and Latin-1 (named by the source) are converted. Positions in messages are
** lines and byte columns of the UTF-8 text.
*/
#include "csv.h"

#include <string.h>

/* Windows-1252's 0x80..0x9F; the rest of the upper half is Latin-1. 0: undefined. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

static size_t put_utf8(char *out, uint32_t cp) {
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | cp >> 12);
        out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | cp >> 18);
    out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Moves what is left of the input to the front and reads more behind it. */
static void fill_input(kpirt_text_decoder *d) {
    if (d->in_pos > 0) {
        memmove(d->in, d->in + d->in_pos, d->in_len - d->in_pos);
        d->in_len -= d->in_pos;
        d->in_pos = 0;
    }
    while (!d->in_eof && d->in_len < sizeof d->in) {
        long n = d->read(d->user, (char *)d->in + d->in_len, sizeof d->in - d->in_len);
        if (n < 0) d->read_failed = true;
        if (n <= 0) {
            d->in_eof = true;
            break;
        }
        d->in_len += (size_t)n;
        if (d->in_len >= 4) break;
    }
}

/* Counts lines in UTF-8 output so that an encoding error can name its place. */
static void advance_position(kpirt_text_decoder *d, const char *base, size_t n) {
    for (const char *p = base, *end = base + n, *nl; (nl = memchr(p, '\n', (size_t)(end - p))); p = nl + 1) {
        d->line++;
        d->line_start = d->out_total + (uint64_t)(nl + 1 - base);
    }
}

/* The length of the valid UTF-8 sequence at p (1..4), or 0 when it is not one; -1 when cut by the end. */
static int utf8_sequence(const unsigned char *p, size_t avail) {
    unsigned c = p[0];
    int len = c < 0xC2 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
    if (len == 0) return 0;
    for (int i = 1; i < len; i++) {
        if ((size_t)i >= avail) return -1;
        if ((p[i] & 0xC0) != 0x80) return 0;
    }
    if (len == 3 && ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0)))
        return 0; /* overlong, surrogate */
    if (len == 4 && ((c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] >= 0x90))) return 0;
    return len;
}

/* Notes the byte that is not UTF-8, after the n bytes of out already decoded in this call. */
static void encoding_error(kpirt_text_decoder *d, const char *out, size_t n, unsigned byte) {
    d->failed = true;
    d->bad_byte = byte;
    d->bad_line = d->line;
    uint64_t line_start = d->line_start;
    for (size_t i = 0; i < n; i++) {
        if (out[i] != '\n') continue;
        d->bad_line++;
        line_start = d->out_total + i + 1;
    }
    d->bad_col = (uint32_t)(d->out_total + n - line_start + 1);
}

/*
** The line ends in p[0..SCAN_BLOCK), or -1 when one of its bytes is not
** ASCII. Plain C that compilers turn into vector instructions of the
** baseline CPU (16 bytes at a time with SSE2 on any x86-64), without
** asking for more.
*/
#define SCAN_BLOCK 128 /* at most 128 line ends: an unsigned char counts them */

static int ascii_lines(const unsigned char *p) {
    unsigned char high = 0, lines = 0;
    for (int i = 0; i < SCAN_BLOCK; i++) {
        high |= p[i];
        lines += p[i] == '\n';
    }
    return high & 0x80 ? -1 : lines;
}

/*
** Checks the n bytes at out, from `from` on, as UTF-8 and counts their line
** ends into d. Returns how many bytes are handed out: all, or up to the
** first byte that is not UTF-8 (noted in d), or up to a sequence cut by the
** end of the bytes read so far, which is put back into d->in.
*/
static size_t check_utf8(kpirt_text_decoder *d, char *out, size_t n, size_t from) {
    const unsigned char *p = (const unsigned char *)out;
    int64_t lines = 0;
    size_t i = from;
    while (i < n) {
        if (n - i >= SCAN_BLOCK) {
            int k = ascii_lines(p + i);
            if (k >= 0) {
                lines += k;
                i += SCAN_BLOCK;
                continue;
            }
        }
        for (size_t stop = n - i < SCAN_BLOCK ? n : i + SCAN_BLOCK; i < stop;) {
            if (p[i] < 0x80) {
                lines += p[i++] == '\n';
                continue;
            }
            int len = utf8_sequence(p + i, n - i);
            if (len < 0 && (!d->in_eof || d->in_pos < d->in_len)) { /* the rest of it is still to come */
                size_t cut = n - i;
                if (d->in_pos >= cut) { /* in front of what d->in still holds */
                    d->in_pos -= cut;
                    memcpy(d->in + d->in_pos, p + i, cut);
                } else { /* d->in is empty */
                    memcpy(d->in, p + i, cut);
                    d->in_pos = 0;
                    d->in_len = cut;
                }
                n = i;
                break;
            }
            if (len <= 0) {
                encoding_error(d, out, i, p[i]);
                n = i;
                break;
            }
            i += (size_t)len;
        }
    }
    if (lines > 0) {
        size_t last = n;
        while (p[last - 1] != '\n') last--;
        d->line += lines;
        d->line_start = d->out_total + last;
    }
    return n;
}

/* Moves up to `room` bytes of what d->in holds to out. */
static size_t take_input(kpirt_text_decoder *d, char *out, size_t room) {
    size_t n = d->in_len - d->in_pos < room ? d->in_len - d->in_pos : room;
    memcpy(out, d->in + d->in_pos, n);
    d->in_pos += n;
    return n;
}

/*
** UTF-8 in, UTF-8 out, without a copy: the bytes are read straight into
** the caller's buffer and checked there, behind what d->in still holds (the
** first bytes, read to look for a byte-order mark, or a sequence cut by the
** previous read). The buffer is filled as the other decoders fill it, and
** the source is asked for no less than a piece the size of d->in (a source
** may not answer a small request). Stops at the first byte that is not UTF-8.
*/
static size_t pass_utf8(kpirt_text_decoder *d, char *out, size_t cap) {
    for (;;) {
        size_t n = take_input(d, out, cap);
        /* the continuation bytes of a sequence checked whole before it was handed out in parts */
        size_t checked = d->in_checked < n ? d->in_checked : n;
        d->in_checked -= checked;
        while (n < cap && !d->in_eof) {
            if (cap - n >= sizeof d->in) {
                long got = d->read(d->user, out + n, cap - n);
                if (got < 0) d->read_failed = true;
                if (got <= 0) d->in_eof = true;
                else n += (size_t)got;
            } else if (cap - n >= 4 || n == 0) {
                fill_input(d);
                n += take_input(d, out + n, cap - n);
            } else {
                break;
            }
        }
        if (n == 0) return 0;
        size_t ok = check_utf8(d, out, n, checked);
        if (ok > 0 || d->failed) return ok;
        /* only the start of a sequence: read the rest of it behind */
        fill_input(d);
        if (cap >= 4) continue;
        /* no room for the whole sequence: check it, then hand it out in parts */
        int len = utf8_sequence(d->in + d->in_pos, d->in_len - d->in_pos);
        if ((len > 0 && (size_t)len <= cap) || (len < 0 && !d->in_eof)) continue;
        if (len <= 0) {
            encoding_error(d, out, 0, d->in[d->in_pos]);
            return 0;
        }
        memcpy(out, d->in + d->in_pos, cap);
        d->in_pos += cap;
        d->in_checked = (size_t)len - cap;
        return cap;
    }
}

/* One code unit of UTF-16 at the read position; -1 at the end, -2 for a lone last byte. */
static long utf16_unit(kpirt_text_decoder *d) {
    if (d->in_len - d->in_pos < 2 && !d->in_eof) fill_input(d);
    size_t avail = d->in_len - d->in_pos;
    if (avail == 0) return -1;
    if (avail == 1) {
        d->in_pos++;
        return -2;
    }
    const unsigned char *p = d->in + d->in_pos;
    d->in_pos += 2;
    return d->big_endian ? (long)(p[0] << 8 | p[1]) : (long)(p[1] << 8 | p[0]);
}

static size_t from_utf16(kpirt_text_decoder *d, char *out, size_t cap) {
    size_t n = 0;
    while (n + 4 <= cap) {
        long u = utf16_unit(d);
        if (u == -1) break;
        if (u == -2) { /* the file ends inside a character: a cut download */
            d->truncated = true;
            break;
        }
        uint32_t cp = (uint32_t)u;
        if (cp >= 0xD800 && cp < 0xDC00) {
            long lo = utf16_unit(d);
            if (lo == -2) { /* cut inside the pair's second half */
                d->truncated = true;
                break;
            }
            if (lo >= 0xDC00 && lo < 0xE000) cp = 0x10000 + ((cp - 0xD800) << 10) + ((uint32_t)lo - 0xDC00);
            else {
                cp = 0xFFFD;
                /* not the pair's second half but the next character: read it again. Its two bytes are the
                   last ones taken (a refill moves the buffer's contents, so no place saved before it holds) */
                if (lo >= 0) d->in_pos -= 2;
            }
        } else if (cp >= 0xDC00 && cp < 0xE000) {
            cp = 0xFFFD;
        }
        n += put_utf8(out + n, cp);
    }
    return n;
}

static size_t from_single_byte(kpirt_text_decoder *d, char *out, size_t cap) {
    size_t n = 0;
    while (n + 3 <= cap) {
        if (d->in_pos == d->in_len) {
            if (d->in_eof) break;
            fill_input(d);
            continue;
        }
        unsigned c = d->in[d->in_pos++];
        uint32_t cp = c;
        if (c >= 0x80 && c < 0xA0 && d->encoding == KPIRT_ENCODING_WINDOWS_1252)
            cp = cp1252_high[c - 0x80] ? cp1252_high[c - 0x80] : 0xFFFD;
        n += put_utf8(out + n, cp);
    }
    return n;
}

static long text_read(void *user, char *buf, size_t cap) {
    kpirt_text_decoder *d = user;
    if (d->failed) return 0;
    size_t n;
    if (d->utf16 || d->encoding == KPIRT_ENCODING_WINDOWS_1252 || d->encoding == KPIRT_ENCODING_LATIN1) {
        n = d->utf16 ? from_utf16(d, buf, cap) : from_single_byte(d, buf, cap);
        advance_position(d, buf, n);
    } else {
        n = pass_utf8(d, buf, cap); /* counts the lines as it checks them */
    }
    d->out_total += n;
    if (n == 0 && d->read_failed) return -1;
    return (long)n;
}

void kpirt_text_init(kpirt_text_decoder *d, kpirt_encoding encoding, kpirt_read_fn read, void *user) {
    memset(d, 0, sizeof *d);
    d->read = read;
    d->user = user;
    d->encoding = encoding;
    d->line = 1;
    fill_input(d);
    /* a byte-order mark names the encoding, whatever the source says */
    if (d->in_len >= 2 && (memcmp(d->in, "\xFF\xFE", 2) == 0 || memcmp(d->in, "\xFE\xFF", 2) == 0)) {
        d->utf16 = true;
        d->big_endian = d->in[0] == 0xFE;
        d->in_pos = 2;
    } else if (d->in_len >= 3 && memcmp(d->in, "\xEF\xBB\xBF", 3) == 0) {
        d->encoding = KPIRT_ENCODING_UTF8;
        d->bom = true;
        d->in_pos = 3;
    } else if (encoding == KPIRT_ENCODING_UTF16) {
        d->utf16 = true; /* declared without a mark: little-endian, as Windows writes it */
    }
    /* text never holds a NUL byte: a binary file is said to be one before its bytes are judged as text */
    const unsigned char *nul = d->utf16 ? NULL : memchr(d->in, 0, d->in_len);
    if (nul) {
        d->nul_at = nul - d->in + 1;
        d->nul_line = 1;
        for (const unsigned char *p = d->in; p < nul; p++) d->nul_line += *p == '\n';
    }
}

void kpirt_text_init_at(kpirt_text_decoder *d, kpirt_read_fn read, void *user, int64_t line) {
    memset(d, 0, sizeof *d);
    d->read = read;
    d->user = user;
    d->encoding = KPIRT_ENCODING_UTF8;
    d->line = line;
}

kpirt_read_fn kpirt_text_read_fn(void) {
    return text_read;
}

bool kpirt_text_looks_utf16le(const kpirt_text_decoder *d) {
    size_t n = (d->in_len < 64 ? d->in_len : 64) & ~(size_t)1;
    if (n < 4) return false;
    for (size_t i = 0; i < n; i += 2)
        if (d->in[i] == 0 || d->in[i + 1] != 0) return false;
    return true;
}

/* What a byte that is not UTF-8 suggests the file is. */
int kpirt_text_fail(const kpirt_text_decoder *d, kpirt_ctx *ctx, const char *name) {
    if (d->nul_at && kpirt_text_looks_utf16le(d))
        return kpirt_ctx_fail(ctx,
                              "%s:1: the file is UTF-16 without a byte-order mark; write encoding \"utf-16\" "
                              "on the source, or export the data as CSV UTF-8",
                              name);
    if (d->nul_at)
        return kpirt_ctx_fail(ctx,
                              "%s:%lld: byte %lld is a NUL byte, so this is not CSV text (a binary file, or "
                              "UTF-16 without a byte-order mark?); export the data as CSV UTF-8",
                              name, (long long)d->nul_line, (long long)d->nul_at);
    if (d->truncated)
        return kpirt_ctx_fail(ctx,
                              "%s:%lld: the UTF-16 file ends in the middle of a character: the download was "
                              "cut short; download it again",
                              name, (long long)d->line);
    return kpirt_ctx_fail(
        ctx,
        "%s:%lld:%u: byte 0x%02X is not UTF-8: the file looks like Windows-1252 or Latin-1 "
        "(a spreadsheet's \"CSV\"); write encoding \"windows-1252\" on the source, or export it as "
        "CSV UTF-8",
        name, (long long)d->bad_line, d->bad_col, d->bad_byte);
}
