# export.awk: bench/spec/export.kpi's numbers in awk (run with mawk -F,).
#
# Per month for one country (-v country=NL): the sums of visitors and
# orders, profit = revenue - costs, conversion = orders / visitors. Money is
# summed in whole cents (each value has two decimals, so rounding value*100
# to the nearest integer is exact and integer sums in doubles stay exact up
# to 2^53), which is what a careful awk user does to stay exact to the cent.
# Output: YYYY-MM,visitors,orders,profit,conversion (bench/run.sh's form).
NR > 1 && $2 == country {
    m = substr($1, 1, 7)
    v[m] += $4
    o[m] += $5
    p[m] += int($6 * 100 + 0.5) - int($7 * 100 + 0.5)
}
END {
    n = 0
    for (m in v) keys[++n] = m
    # insertion sort: at most a few hundred months
    for (i = 2; i <= n; i++) {
        k = keys[i]
        for (j = i - 1; j > 0 && keys[j] > k; j--) keys[j + 1] = keys[j]
        keys[j + 1] = k
    }
    for (i = 1; i <= n; i++) {
        m = keys[i]
        c = p[m]
        sign = c < 0 ? "-" : ""
        if (c < 0) c = -c
        printf "%s,%d,%d,%s%d.%02d,%.6f\n", m, v[m], o[m], sign, int(c / 100), c % 100, v[m] ? o[m] / v[m] : 0
    }
}
