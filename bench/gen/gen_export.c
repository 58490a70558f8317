/*
** gen_export.c: writes the benchmark's data, a wide daily marketing export.
**
**     gen_export ROWS FILE        (FILE "-" is standard output)
**
** Columns: date,country,channel,visitors,orders,revenue,costs. The rows are
** in date order over a fixed span of 1,000 days from 2024-01-01, whatever
** ROWS is, so the 1M- and 10M-row files cover the same months and only the
** rows per day differ (about 50 bytes a row: 1M rows ~ 50 MB, 10M ~ 500 MB).
** Every value comes from a fixed-seed xorshift generator, so the same ROWS
** always gives the same bytes on every machine: results are comparable
** across runs and the expected numbers never change. Money has exactly two
** decimals so that every peer can sum it exactly to the cent.
*/
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SPAN_DAYS 1000

static const char *const countries[] = {
    "NL", "DE", "BE", "FR", "UK", "ES", "IT", "PL", "SE", "DK",
    "NO", "FI", "AT", "CH", "PT", "IE", "CZ", "US", "CA", "AU",
};
static const char *const channels[] = {
    "seo", "sea", "social", "email", "direct", "referral", "affiliate", "display",
};
#define COUNTRY_COUNT (sizeof countries / sizeof countries[0])
#define CHANNEL_COUNT (sizeof channels / sizeof channels[0])

/* xorshift64*: small, fast and identical everywhere. */
static uint64_t next_random(uint64_t *state) {
    uint64_t x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 0x2545F4914F6CDD1DULL;
}

static int days_in_month(int y, int m) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

/* Advances a calendar date by one day. */
static void next_day(int *y, int *m, int *d) {
    if (++*d > days_in_month(*y, *m)) {
        *d = 1;
        if (++*m > 12) {
            *m = 1;
            ++*y;
        }
    }
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: gen_export ROWS FILE   (FILE '-' is standard output)\n");
        return 2;
    }
    char *end;
    long long rows = strtoll(argv[1], &end, 10);
    if (*end || rows < 1) {
        fprintf(stderr, "gen_export: ROWS must be a positive whole number, not '%s'\n", argv[1]);
        return 2;
    }
    FILE *out = strcmp(argv[2], "-") == 0 ? stdout : fopen(argv[2], "wb");
    if (!out) {
        perror(argv[2]);
        return 2;
    }
    static char buf[1 << 20];
    setvbuf(out, buf, _IOFBF, sizeof buf);

    fputs("date,country,channel,visitors,orders,revenue,costs\n", out);
    uint64_t state = 0x9E3779B97F4A7C15ULL;
    int y = 2024, m = 1, d = 1, day = 0;
    for (long long i = 0; i < rows; i++) {
        /* row i belongs to day floor(i * SPAN_DAYS / rows): an even spread */
        int want = (int)((__int128)i * SPAN_DAYS / rows);
        for (; day < want; day++) next_day(&y, &m, &d);
        uint64_t r1 = next_random(&state), r2 = next_random(&state);
        unsigned visitors = (unsigned)(r1 % 20000);
        unsigned orders = visitors ? (unsigned)((r1 >> 20) % (visitors / 25 + 1)) : 0;
        uint64_t revenue_cents = (uint64_t)orders * (2000 + (r2 % 12000));   /* 20-140 per order */
        uint64_t costs_cents = (uint64_t)visitors * (5 + ((r2 >> 20) % 60)); /* 0.05-0.65 per visit */
        fprintf(out, "%04d-%02d-%02d,%s,%s,%u,%u,%llu.%02llu,%llu.%02llu\n", y, m, d,
                countries[(r2 >> 40) % COUNTRY_COUNT], channels[(r2 >> 50) % CHANNEL_COUNT], visitors, orders,
                (unsigned long long)(revenue_cents / 100), (unsigned long long)(revenue_cents % 100),
                (unsigned long long)(costs_cents / 100), (unsigned long long)(costs_cents % 100));
    }
    if (fflush(out) != 0 || ferror(out)) {
        perror(argv[2]);
        return 2;
    }
    if (out != stdout) fclose(out);
    return 0;
}
