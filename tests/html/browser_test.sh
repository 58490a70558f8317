#!/bin/sh
# browser_test.sh: renders HTML reports in headless Chromium and fails on a
# blank or broken page.
#
#   browser_test.sh CHROMIUM HTML_SAMPLE PNG_STATS WORKDIR [KPIC EXAMPLES_DIR]
#
# Pages: the hand-built sample report (html_sample), and when KPIC is given,
# the report of each example under EXAMPLES_DIR (except smart-mistakes, which
# does not compile on purpose) at the last as-of date of its expected/ folder,
# made by `kpic run SPEC --as-of DATE --format html`.
#
# For each page: the DOM Chromium builds (--dump-dom) must hold the overview,
# goal cards, charts with text equivalents and no script element; at phone,
# laptop and desktop widths neither the page nor the overview table may
# scroll sideways; and screenshots at desktop and phone widths must be
# non-blank (png_stats: many colours, many pixels off the background), and
# printing must give a PDF. On the sample, the scorecard's comparisons must be
# drawn green for good news and red for bad (computed style), and the
# projection's 80% range must be drawn as a visible shaded band with its
# legend entry, on the sample and on at least one example.
# Exit 77 (skipped) when Chromium is not installed.
set -u

CHROMIUM=$1 SAMPLE=$2 PNG_STATS=$3 WORK=$4
KPIC=${5:-} EXAMPLES=${6:-}

if [ -z "$CHROMIUM" ] || ! command -v "$CHROMIUM" >/dev/null 2>&1; then
    echo "browser_test: chromium not found; skipped (apt-get install chromium)"
    exit 77
fi

mkdir -p "$WORK"
PROFILE=$(mktemp -d "${TMPDIR:-/tmp}/kpic-chromium.XXXXXX")
trap 'rm -rf "$PROFILE"' EXIT INT TERM
failures=0

fail() {
    echo "browser_test: FAIL: $*"
    failures=$((failures + 1))
}

browser() {
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --hide-scrollbars --user-data-dir="$PROFILE" "$@" 2>/dev/null
}

# check_png FILE WIDTH: decoded size and enough ink to be a drawn page.
check_png() {
    stats=$("$PNG_STATS" "$1") || { fail "$1: not a readable PNG"; return; }
    set -- "$1" "$2" $stats
    [ "$3" = "$2" ] || fail "$1: width $3, expected $2"
    [ "$5" -ge 50 ] || fail "$1: only $5 colours: blank or unstyled page"
    [ "$6" -ge 50 ] || fail "$1: only $6 pixels in 1000 differ from the background: blank page"
    echo "browser_test: $1: ${3}x$4, $5 colours, $6 per mille drawn"
}

# check_page NAME FILE MIN_CHARTS
check_page() {
    name=$1 page=$2 min_charts=$3
    dom="$WORK/$name.dom.html"
    browser --window-size=1280,1800 --dump-dom "file://$page" >"$dom"
    [ -s "$dom" ] || { fail "$name: Chromium produced no DOM"; return; }
    grep -q 'class="card overview"' "$dom" || fail "$name: no overview"
    grep -q 'class="summary"' "$dom" || fail "$name: no status summary"
    articles=$(grep -o '<article class="[^"]*goal' "$dom" | wc -l)
    [ "$articles" -ge 1 ] || fail "$name: no goal cards"
    charts=$(grep -o '<svg class="chart-svg"' "$dom" | wc -l)
    [ "$charts" -ge "$min_charts" ] || fail "$name: $charts charts, expected at least $min_charts"
    descs=$(grep -o '<desc id="chart-' "$dom" | wc -l)
    [ "$descs" -eq "$charts" ] || fail "$name: $charts charts but $descs text equivalents"
    grep -q '<script' "$dom" && fail "$name: the DOM holds a script element"
    grep -q '</html>' "$dom" || fail "$name: truncated DOM"
    echo "browser_test: $name: $articles goal cards, $charts charts"

    # Nothing may stick out sideways, nor need the overview table's own
    # scroll bar, at a phone's, a laptop's and a desktop's width: measure in
    # a copy of the page with a probe script.
    probe="$WORK/$name.probe.html"
    sed 's|</body>|<script>var e=document.documentElement,t=document.querySelector(".table-wrap");document.body.setAttribute("data-overflow",String(e.scrollWidth-e.clientWidth)+","+String(t?t.scrollWidth-t.clientWidth:0));</script></body>|' \
        "$page" >"$probe"
    for width in 390 1024 1280; do
        overflow=$(browser --window-size=$width,900 --dump-dom "file://$probe" |
                   sed -n 's/.*data-overflow="\([-0-9]*\),\([-0-9]*\)".*/\1 \2/p' | head -n 1)
        [ -n "$overflow" ] || { fail "$name: the width probe did not run"; continue; }
        set -- $overflow
        [ "$1" -le 0 ] || fail "$name: at ${width}px the page is $1px too wide"
        [ "$2" -le 0 ] || fail "$name: at ${width}px the overview table is $2px too wide"
    done

    # It prints: a PDF with at least one page.
    browser --no-pdf-header-footer --print-to-pdf="$WORK/$name.pdf" "file://$page" >/dev/null
    if [ "$(head -c 5 "$WORK/$name.pdf" 2>/dev/null)" != "%PDF-" ]; then
        fail "$name: printing gave no PDF"
    elif ! grep -aEq '/Type */Page([^s]|$)' "$WORK/$name.pdf"; then
        fail "$name: the printed PDF has no page"
    fi

    browser --window-size=1280,1800 --screenshot="$WORK/$name.desktop.png" "file://$page" >/dev/null
    check_png "$WORK/$name.desktop.png" 1280
    browser --window-size=390,1200 --screenshot="$WORK/$name.phone.png" "file://$page" >/dev/null
    check_png "$WORK/$name.phone.png" 390
}

# check_scorecard FILE: the comparisons under a current value are drawn, and
# coloured by what they mean for the goal (green good news, red bad), as
# the browser computes the style, not as the CSS text says.
check_scorecard() {
    probe="$WORK/scorecard.probe.html"
    sed 's|</body>|<script>function c(s){var e=document.querySelector(s);return e?getComputedStyle(e).color+"/"+e.getBoundingClientRect().height:"none"}document.body.setAttribute("data-deltas",c(".delta.good")+";"+c(".delta.bad"));</script></body>|' \
        "$1" >"$probe"
    deltas=$(browser --window-size=1280,1800 --dump-dom "file://$probe" | sed -n 's/.*data-deltas="\([^"]*\)".*/\1/p' | head -n 1)
    echo "browser_test: scorecard comparisons: $deltas"
    case $deltas in
        "rgb(22, 101, 52)/"[1-9]*";rgb(153, 27, 27)/"[1-9]*) ;;
        *) fail "scorecard comparisons not drawn green for good and red for bad news: $deltas" ;;
    esac
}

# band_size FILE: "WIDTHxHEIGHT" of the largest projection band as laid out, and
# whether its legend entry is shown ("none" without a band).
band_size() {
    probe="$WORK/band.probe.html"
    sed 's|</body>|<script>var w=0,h=0,l=document.querySelector(".lg-band");document.querySelectorAll(".projection-band").forEach(function(b){var r=b.getBoundingClientRect();if(r.width*r.height>w*h){w=r.width;h=r.height}});document.body.setAttribute("data-band",w*h>0?Math.round(w)+"x"+Math.round(h)+(l\&\&l.getBoundingClientRect().height>0?" legend":" nolegend"):"none");</script></body>|' \
        "$1" >"$probe"
    browser --window-size=1280,1800 --dump-dom "file://$probe" | sed -n 's/.*data-band="\([^"]*\)".*/\1/p' | head -n 1
}

# check_band FILE NAME: the band is drawn with an area and a legend entry.
check_band() {
    band=$(band_size "$1")
    echo "browser_test: $2: projection band $band"
    case $band in
        [1-9]*x[1-9]*" legend") return 0 ;;
        *) return 1 ;;
    esac
}

"$SAMPLE" >"$WORK/sample.html" || fail "html_sample failed"
check_page sample "$WORK/sample.html" 5
check_scorecard "$WORK/sample.html"
check_band "$WORK/sample.html" sample || fail "sample: the projection's 80% range is not drawn"
bands=0

if [ -n "$KPIC" ] && [ -n "$EXAMPLES" ]; then
    for dir in "$EXAMPLES"/*/; do
        example=$(basename "$dir")
        [ "$example" = smart-mistakes ] && continue
        for spec in "$dir"*.kpi; do
            [ -f "$spec" ] || continue
            as_of=$(ls "$dir"expected/*.json 2>/dev/null | sed 's|.*/||; s|\.json$||' | sort | tail -n 1)
            [ -n "$as_of" ] || as_of=2026-01-01
            stem=$(basename "$spec" .kpi)
            out="$WORK/example-$example-$stem.html"
            (cd "$dir" && "$KPIC" run "$stem.kpi" --as-of "$as_of" --format html) >"$out"
            status=$?
            # 0: all well, 1: some goal off track; anything else is a failure to run
            if [ "$status" -gt 1 ]; then
                fail "$example: kpic run $stem.kpi --as-of $as_of exited with $status"
                continue
            fi
            check_page "example-$example-$stem" "$out" 1
            check_band "$out" "example-$example-$stem" && bands=$((bands + 1))
        done
    done
    [ "$bands" -ge 1 ] || fail "no example page draws a projection's 80% range"
fi

if [ "$failures" -gt 0 ]; then
    echo "browser_test: $failures failure(s)"
    exit 1
fi
echo "browser_test: all pages rendered"
