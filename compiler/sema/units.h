/*
** units.h: the unit algebra that semantic analysis checks formulas with.
**
** A unit is a product of base dimensions with small integer exponents: money
** (in exactly one currency, or the placeholder `money` that takes the
** currency it meets, see docs/stdlib.md), count (items), time (in one of seconds, minutes,
** hours or days) and score. A unit with every exponent zero is dimensionless
** and has a flavour: a plain number, a ratio, or a percent (both fractions).
** Formulas are typed bottom-up with kpi_unit_add/mul/div; declared units are
** compared with inferred ones by kpi_unit_fits. docs/checks.md states the rules.
*/
#ifndef KPI_SEMA_UNITS_H
#define KPI_SEMA_UNITS_H

#include <stdbool.h>
#include <stdint.h>

#include "kpirt_abi.h"
#include "support/arena.h"

typedef enum kpi_unit_flavor { KPI_FLAVOR_NUMBER, KPI_FLAVOR_RATIO, KPI_FLAVOR_PERCENT } kpi_unit_flavor;

typedef enum kpi_time_unit {
    KPI_TIME_NONE,
    KPI_TIME_SECONDS,
    KPI_TIME_MINUTES,
    KPI_TIME_HOURS,
    KPI_TIME_DAYS
} kpi_time_unit;

typedef struct kpi_unit {
    bool valid;       /* false after an error: absorbs everything, reports nothing more */
    bool literal;     /* a bare number in a formula: takes the other side's unit in + and - */
    char currency[4]; /* "EUR" when money != 0; "" for the placeholder `money` */
    int8_t money, count, time, score;
    uint8_t time_unit; /* kpi_time_unit when time != 0 */
    uint8_t flavor;    /* kpi_unit_flavor when dimensionless */
} kpi_unit;

typedef enum kpi_unit_status {
    KPI_UNIT_OK,
    KPI_UNIT_MISMATCH,     /* EUR - count */
    KPI_UNIT_CURRENCY_MIX, /* EUR + USD, EUR / USD */
    KPI_UNIT_TIME_MIX,     /* minutes + hours */
} kpi_unit_status;

/* Parses a declared unit name (count, percent, EUR, hours, ...); false when unknown. */
bool kpi_unit_parse(const char *name, kpi_unit *out);
kpi_unit kpi_unit_number(void);  /* dimensionless number */
kpi_unit kpi_unit_literal(void); /* a number written in a formula */
kpi_unit kpi_unit_invalid(void);

kpi_unit_status kpi_unit_add(kpi_unit a, kpi_unit b, kpi_unit *out); /* also - */
kpi_unit_status kpi_unit_mul(kpi_unit a, kpi_unit b, kpi_unit *out);
kpi_unit_status kpi_unit_div(kpi_unit a, kpi_unit b, kpi_unit *out);

bool kpi_unit_is_dimensionless(kpi_unit u);
bool kpi_unit_is_money(kpi_unit u);    /* exactly one currency, nothing else */
bool kpi_unit_is_fraction(kpi_unit u); /* percent or ratio */
bool kpi_unit_equal(kpi_unit a, kpi_unit b);

/*
** Whether a formula whose unit is `inferred` may be declared as `declared`.
** Equal units fit; percent and ratio fit each other; number accepts any
** dimensionless unit; a literal-only formula fits anything; a per-item unit
** (EUR/count, seconds/count) may be declared as the unit of one item (EUR, seconds).
*/
bool kpi_unit_fits(kpi_unit declared, kpi_unit inferred);

/* Display form: "EUR", "count", "%", "ratio", "EUR/count", "count*hours". */
const char *kpi_unit_format(kpi_arena *arena, kpi_unit u);
kpirt_unit_kind kpi_unit_kind(kpi_unit u);

/* Closest known unit name to a misspelt one (case-insensitive for currencies), or NULL. */
const char *kpi_unit_suggest(const char *name);

#endif
