/*
** floor.c: the floor of the benchmark, the fastest plain C we would write by
** hand for bench/spec/export.kpi's numbers.
**
**     bench_floor FILE [COUNTRY]                          (default country NL)
**     bench_floor --filter-first THREADS FILE [COUNTRY]
**
** It maps the whole export into memory and, for every row, parses every
** field: the date into a month, the country and channel as text, visitors
** and orders as integers, revenue and costs as exact cents. Then it sums
** visitors, orders and profit (revenue - costs, in cents) per month for
** rows of the country and prints one line a month:
**
**     YYYY-MM,visitors,orders,profit,conversion
**
** with profit to the cent and conversion (orders / visitors) to six
** decimals, the normal form bench/run.sh compares every tool in. It knows
** the file's exact layout (no quoting, '.' decimals, '\n' line ends) and
** checks nothing a general reader must: that is what makes it a floor, the
** time any reader needs just to touch and convert every byte once.
**
** With --filter-first it is the floor of a reader that tests the filter on
** the raw text first, as kpic's evaluator does, on THREADS threads: it
** finds the line ends 16 bytes at a time (SSE2), compares each row's
** country (after the fixed-width date) and converts the date and numbers
** only of the rows that match. The file is cut into THREADS pieces at line
** ends (the export has no quoted fields), each thread sums its piece into
** its own months, and the months are added up at the end.
*/
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define MONTHS (12 * 200) /* 1900-01 .. 2099-12 */
#define MAX_THREADS 64

typedef struct month_sums {
    int64_t visitors, orders, profit_cents;
    int64_t rows;
} month_sums;

/* A whole number up to the next delimiter; *p ends after the delimiter. */
static inline int64_t parse_int(const char **p) {
    const char *s = *p;
    int64_t v = 0;
    while ((unsigned)(*s - '0') < 10) v = v * 10 + (*s++ - '0');
    *p = s + 1;
    return v;
}

/* A number with up to two decimals as cents; *p ends after the delimiter. */
static inline int64_t parse_cents(const char **p) {
    const char *s = *p;
    int64_t v = 0;
    int frac = -1;
    for (;; s++) {
        unsigned d = (unsigned)(*s - '0');
        if (d < 10) {
            v = v * 10 + d;
            if (frac >= 0) frac++;
        } else if (*s == '.') {
            frac = 0;
        } else {
            break;
        }
    }
    for (frac = frac < 0 ? 0 : frac; frac < 2; frac++) v *= 10;
    *p = s + 1;
    return v;
}

/* Skips a text field; returns its start and sets *len. */
static inline const char *parse_text(const char **p, size_t *len) {
    const char *s = *p, *q = s;
    while (*q != ',' && *q != '\n') q++;
    *len = (size_t)(q - s);
    *p = q + 1;
    return s;
}

/* One thread's piece of the file (--filter-first) and its months. */
typedef struct piece {
    const char *begin, *end;
    const char *country;
    size_t country_len;
    month_sums months[MONTHS];
} piece;

/* Sums the row at p when its country matches. */
static inline void filter_row(piece *w, const char *p) {
    const char *c = p + 11; /* after "YYYY-MM-DD," */
    size_t n = w->country_len;
    if (c[0] != w->country[0] || memcmp(c, w->country, n) != 0 || c[n] != ',') return;
    int year = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
    int month = (p[5] - '0') * 10 + (p[6] - '0');
    const char *q = c + n + 1;
    while (*q != ',') q++; /* the channel */
    q++;
    int64_t visitors = parse_int(&q);
    int64_t orders = parse_int(&q);
    int64_t revenue = parse_cents(&q);
    int64_t costs = parse_cents(&q);
    int idx = (year - 1900) * 12 + month - 1;
    if (idx < 0 || idx >= MONTHS) return;
    month_sums *s = &w->months[idx];
    s->visitors += visitors;
    s->orders += orders;
    s->profit_cents += revenue - costs;
    s->rows++;
}

/* Finds the line ends 16 bytes at a time (SSE2) and looks at each row only where its country is. */
static void *sum_filter_first(void *arg) {
    piece *w = arg;
    const char *p = w->begin, *end = w->end, *row = p;
    if (p == end) return NULL;
#if defined(__SSE2__)
    const __m128i lf = _mm_set1_epi8('\n');
    for (; p + 16 <= end; p += 16) {
        unsigned mask = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)p), lf));
        for (; mask; mask &= mask - 1) {
            filter_row(w, row);
            row = p + __builtin_ctz(mask) + 1;
        }
    }
#endif
    for (; p < end; p++)
        if (*p == '\n') {
            filter_row(w, row);
            row = p + 1;
        }
    return NULL;
}

/* --filter-first: the rows after the header on `threads` threads, summed into months. */
static void filter_first(const char *rows, const char *end, const char *country, int threads,
                         month_sums *months) {
    piece *pieces = calloc((size_t)threads, sizeof *pieces);
    pthread_t tid[MAX_THREADS];
    const char *from = rows;
    for (int t = 0; t < threads; t++) {
        const char *to =
            t == threads - 1 ? end : rows + (size_t)(end - rows) * (size_t)(t + 1) / (size_t)threads;
        if (to < from) to = from;
        if (to < end) to = (const char *)memchr(to, '\n', (size_t)(end - to)) + 1;
        pieces[t] = (piece){.begin = from, .end = to, .country = country, .country_len = strlen(country)};
        from = to;
    }
    for (int t = 1; t < threads; t++) pthread_create(&tid[t], NULL, sum_filter_first, &pieces[t]);
    sum_filter_first(&pieces[0]);
    for (int t = 1; t < threads; t++) pthread_join(tid[t], NULL);
    for (int t = 0; t < threads; t++)
        for (int i = 0; i < MONTHS; i++) {
            months[i].visitors += pieces[t].months[i].visitors;
            months[i].orders += pieces[t].months[i].orders;
            months[i].profit_cents += pieces[t].months[i].profit_cents;
            months[i].rows += pieces[t].months[i].rows;
        }
    free(pieces);
}

int main(int argc, char **argv) {
    int threads = 0; /* 0: every field, one thread */
    if (argc >= 3 && strcmp(argv[1], "--filter-first") == 0) {
        threads = atoi(argv[2]);
        argv += 2;
        argc -= 2;
    }
    if (argc < 2 || argc > 3 || threads < 0 || threads > MAX_THREADS) {
        fprintf(stderr, "usage: bench_floor [--filter-first THREADS] FILE [COUNTRY]\n");
        return 2;
    }
    const char *country = argc == 3 ? argv[2] : "NL";
    size_t country_len = strlen(country);
    int fd = open(argv[1], O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0) {
        perror(argv[1]);
        return 2;
    }
    size_t size = (size_t)st.st_size;
    if (size == 0) {
        fprintf(stderr, "%s: empty file\n", argv[1]);
        return 2;
    }
    const char *data = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (data == MAP_FAILED) {
        perror("mmap");
        return 2;
    }
    madvise((void *)data, size, MADV_SEQUENTIAL);
    if (data[size - 1] != '\n') {
        fprintf(stderr, "%s: the last line has no line end\n", argv[1]);
        return 2;
    }
    static month_sums months[MONTHS];
    const char *p = memchr(data, '\n', size) + 1, *end = data + size;
    int64_t checksum = 0; /* keeps every parsed field live */
    if (threads) {
        filter_first(p, end, country, threads, months);
        p = end;
    }
    while (p < end) {
        int year = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
        int month = (p[5] - '0') * 10 + (p[6] - '0');
        int day = (p[8] - '0') * 10 + (p[9] - '0');
        p += 11;
        size_t clen, chlen;
        const char *c = parse_text(&p, &clen);
        const char *channel = parse_text(&p, &chlen);
        int64_t visitors = parse_int(&p);
        int64_t orders = parse_int(&p);
        int64_t revenue = parse_cents(&p);
        int64_t costs = parse_cents(&p);
        checksum += day + (int64_t)chlen + channel[0];
        if (clen == country_len && memcmp(c, country, clen) == 0) {
            int idx = (year - 1900) * 12 + month - 1;
            if (idx < 0 || idx >= MONTHS) continue;
            month_sums *s = &months[idx];
            s->visitors += visitors;
            s->orders += orders;
            s->profit_cents += revenue - costs;
            s->rows++;
        }
    }
    for (int i = 0; i < MONTHS; i++) {
        const month_sums *s = &months[i];
        if (!s->rows) continue;
        int64_t cents = s->profit_cents, mag = cents < 0 ? -cents : cents;
        printf("%04d-%02d,%lld,%lld,%s%lld.%02lld,%.6f\n", 1900 + i / 12, i % 12 + 1, (long long)s->visitors,
               (long long)s->orders, cents < 0 ? "-" : "", (long long)(mag / 100), (long long)(mag % 100),
               s->visitors ? (double)s->orders / (double)s->visitors : 0.0);
    }
    fprintf(stderr, "floor: checksum %lld\n", (long long)checksum);
    munmap((void *)data, size);
    close(fd);
    return 0;
}
