"""downloads.py: a spec's downloads decoded into typed tables, without kpic.

What a loader does when a team moves from downloaded files to a warehouse:
each source's files become one table with the columns the files have, typed,
holding exactly the values the evaluator reads from them
(docs/data-sources.md, restated here from the documentation, not from the
runtime's code, so that a wrong reading on either side makes the warehouse
tests fail):

- `ga4`: the `#` preamble left out (its title and `Start date`/`End date`
  kept as what the file states), `Date` in YYYYMMDD, the totals row
  (`Totals`, `Total`, `Grand total`, ...) left out;
- `google_ads`: the title and date-range lines before the header left out
  (the header is the first of the first five lines with `Day`), `--` is no
  value, `"1,003.10"` and `27.20%` are numbers, the `Total: ...` rows at the
  end left out (a file without them is cut short: refused); the UTF-16 LE
  "Excel" download (byte-order mark) is tab-separated;
- `csv`: `encoding`, `delimiter`, `decimal`, `thousands`, `format` (a time
  after the date is kept as a TIMESTAMP column; the evaluator reads its day),
  `null`, `skip`, `comment` as declared;
- several files of a source (`--data` given more than once): the days a
  later file covers (the range a GA4 download states, else its first to its
  last row) replace the same days of every earlier file.

A column is `date` or `timestamp` (the date column), `number` (every value
a number in the file's style; written as an exact decimal) or `text`; no
value is an empty field, which the engines load as NULL.
"""
import csv
import io
import re
from datetime import date
from decimal import Decimal

TOTALS_WORDS = {"totals", "total", "grand total", "totaal", "totalen", "eindtotaal", "gesamtsumme", "gesamt",
                "summe", "insgesamt"}
ADS_TOTALS = ("Total:", "Totaal:", "Gesamt:", "Summe:", "Insgesamt:")
# the date column each kind looks for, and whether its language writes 1.234,56
GA4_DATES = {"Date": False, "Datum": True}
ADS_DATES = {"Day": False, "Dag": True, "Tag": True}
ENCODINGS = {"utf-8": "utf-8", "utf8": "utf-8", "windows-1252": "cp1252", "cp1252": "cp1252", "latin-1": "latin-1",
             "iso-8859-1": "latin-1", "utf-16": "utf-16"}


class Source:
    def __init__(self, name, kind, path, options):
        self.name, self.kind, self.path, self.options = name, kind, path, options
        self.date_column = options.get("date")   # the kind's own when None, known once read


# ---- the spec's sources --------------------------------------------------------------------------

TOKEN = re.compile(r'"([^"\\]*)"|([A-Za-z_][\w.]*)|(\d+)|(=)|(\S)')


def spec_sources(text):
    """[Source] of a spec's text (comments already removed): kind, default path and options."""
    out = []
    statements = re.split(r"\n(?=\S)", text)
    for st in statements:
        if not st.startswith("source "):
            continue
        tokens = []
        for m in TOKEN.finditer(st):
            if m.group(5):
                raise ValueError("downloads.py cannot read this source: %r" % st)
            tokens.append(m.group(1) if m.group(1) is not None else m.group(2) or m.group(3) or m.group(4))
        _kw, name, _eq, kind, path = tokens[:5]
        options, key = {}, None
        for tok in tokens[5:]:
            if tok in ("date", "format", "delimiter", "decimal", "thousands", "encoding", "null", "skip", "comment",
                       "table"):
                key = tok
                options[key] = []
            else:
                options[key].append(tok)
        out.append(Source(name, kind, path, {k: v if k == "null" else v[0] for k, v in options.items()}))
    return out


# ---- text, numbers, dates ------------------------------------------------------------------------

def decode(raw, encoding):
    if raw.startswith(b"\xff\xfe"):
        return raw[2:].decode("utf-16-le"), True
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be"), True
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    return raw.decode(ENCODINGS[encoding.lower()]), False


def number(text, decimal_mark, thousands, percent=False):
    """The exact Decimal a field holds in the file's number style (PERCENT: `27.20%` is 0.272), or None."""
    t = text.strip()
    scale = 1
    if percent and t.endswith("%"):
        t, scale = t[:-1].strip(), 100
    sep = re.escape(thousands) if thousands else None
    mark = re.escape(decimal_mark)
    grouped = r"-?\d{1,3}(?:%s\d{3})+(?:%s\d+)?" % (sep, mark) if sep else None
    plain = r"-?\d+(?:%s\d+)?" % mark
    if not (re.fullmatch(plain, t) or (grouped and re.fullmatch(grouped, t))):
        return None
    if thousands:
        t = t.replace(thousands, "")
    value = Decimal(t.replace(decimal_mark, "."))
    return value / scale if scale != 1 else value


def day_parser(fmt):
    """A function from a field to (date, time text or None) for a kpic date format; a time after it is kept."""
    pattern, order = "", []
    i = 0
    while i < len(fmt):
        for token, rx in (("YYYY", r"(\d{4})"), ("MM", r"(\d{2})"), ("DD", r"(\d{2})"), ("M", r"(\d{1,2})"),
                          ("D", r"(\d{1,2})")):
            if fmt.startswith(token, i):
                pattern += rx
                order.append(token[0])
                i += len(token)
                break
        else:
            pattern += re.escape(fmt[i])
            i += 1
    rx = re.compile(pattern + r"(?:[ T](\d{1,2}:\d{2}(?::\d{2})?))?")

    def parse(text):
        m = rx.fullmatch(text.strip())
        if not m:
            raise ValueError("%r is not a date in the format %s" % (text, fmt))
        parts = dict(zip(order, (int(g) for g in m.groups()[:len(order)])))
        return date(parts["Y"], parts["M"], parts["D"]), m.group(len(order) + 1)
    return parse


# ---- one file ------------------------------------------------------------------------------------

class File:
    """One file's header, rows (lists of str or None) and what it states about itself."""

    def __init__(self, header, rows, date_column, parse_day, decimal_mark, thousands, states=None):
        self.header, self.rows, self.states = header, rows, states
        self.date_index = header.index(date_column)
        self.days = [parse_day(r[self.date_index]) for r in rows]
        self.decimal_mark, self.thousands = decimal_mark, thousands
        self.percent = False    # only Google Ads writes percentages as numbers

    def number(self, text):
        return number(text, self.decimal_mark, self.thousands, self.percent)

    def covers(self):
        """The days this file stands for: the range it states, else its first to its last row."""
        if self.states:
            return self.states
        days = [d for d, _t in self.days]
        return (min(days), max(days)) if days else None


def records(text, delimiter):
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def ga4_day(text):
    return date(int(text[:4]), int(text[4:6]), int(text[6:8]))


def read_ga4(text, options):
    blocks, block = [], {"preamble": [], "lines": []}
    for line in text.splitlines():
        if line.startswith("#") and not block["lines"]:
            block["preamble"].append(line.lstrip("#").strip())
        elif line.strip() == "":
            if block["lines"]:
                blocks.append(block)
                block = {"preamble": [], "lines": []}
        else:
            block["lines"].append(line)
    if block["lines"]:
        blocks.append(block)
    for b in blocks:
        facts = [p for p in b["preamble"] if p and not re.fullmatch(r"[-= ]+", p)]
        b["title"] = next((p for p in facts if not re.match(r"[^:]+:\s", p)), None)
        stated = {k: ga4_day(v.strip()) for k, v in (p.split(":", 1) for p in facts if ":" in p)
                  if k in ("Start date", "End date")}
        b["states"] = (stated["Start date"], stated["End date"]) if len(stated) == 2 else None
    if "table" in options:
        blocks = [b for b in blocks if (b["title"] or "").lower() == options["table"].lower()]
    if len(blocks) != 1:
        raise ValueError("a GA4 download with %d tables: name one with `table`" % len(blocks))
    b = blocks[0]
    rows = records("\n".join(b["lines"]), ",")
    header = rows[0]
    date_column = options.get("date") or next(c for c in header if c in GA4_DATES)
    localised = GA4_DATES.get(date_column, False)
    di = header.index(date_column)
    body = [r for r in rows[1:] if r and r[di].strip().lower() not in TOTALS_WORDS]
    parse = day_parser(options["format"]) if "format" in options else (lambda t: (ga4_day(t), None))
    f = File(header, [[v if v != "" else None for v in r] for r in body], date_column, parse,
             options.get("decimal", "," if localised else "."), options.get("thousands", "." if localised else ","),
             states=b["states"])
    f.title, f.totals = b["title"], len(rows) - 1 - len(body)
    return f


def read_google_ads(text, utf16, options):
    lines = text.splitlines()
    delimiter = "\t" if utf16 else ","
    for at, line in enumerate(lines[:5]):
        fields = records(line, delimiter)[0] if line else []
        names = [options["date"]] if "date" in options else list(ADS_DATES)
        date_column = next((c for c in fields if c in names), None)
        if date_column:
            break
    else:
        raise ValueError("no Day column in the first five lines")
    rows = records("\n".join(lines[at:]), delimiter)
    header, body, totals = rows[0], [], 0
    for r in rows[1:]:
        if not r:
            continue
        if r[0].startswith(ADS_TOTALS):
            totals += 1
        elif totals:
            raise ValueError("a row after the Total rows: two downloads pasted together")
        else:
            body.append([None if v.strip() in ("", "--") else v for v in r])
    if not totals:
        raise ValueError("no Total rows at the end: the download was cut short")
    localised = ADS_DATES[date_column] if date_column in ADS_DATES else False
    parse = day_parser(options.get("format", "YYYY-MM-DD"))
    f = File(header, body, date_column, parse, options.get("decimal", "," if localised else "."),
             options.get("thousands", "." if localised else ","))
    f.title, f.totals, f.percent = lines[0].strip(), totals, True
    return f


def read_csv(text, options):
    lines = text.splitlines()[int(options.get("skip", "0")):]
    comment = options.get("comment")
    if comment:
        lines = [line for line in lines if not line.startswith(comment)]
    delimiter = options.get("delimiter") or max(",;\t|", key=lines[0].count)
    rows = [r for r in records("\n".join(lines), delimiter) if r]
    nulls = set(options.get("null", []))
    body = [[None if v == "" or v in nulls else v for v in r] for r in rows[1:]]
    f = File(rows[0], body, options.get("date", "date"), day_parser(options.get("format", "YYYY-MM-DD")),
             options.get("decimal", "."), options.get("thousands"))
    f.title, f.totals = None, 0
    return f


def read_file(source, path):
    with open(path, "rb") as fh:
        text, utf16 = decode(fh.read(), source.options.get("encoding", "utf-8"))
    if source.kind == "ga4":
        return read_ga4(text, source.options)
    if source.kind == "google_ads":
        return read_google_ads(text, utf16, source.options)
    if source.kind == "csv":
        return read_csv(text, source.options)
    raise ValueError("downloads.py reads no source of kind " + source.kind)


# ---- a source's table ----------------------------------------------------------------------------

def typed_table(source, paths, out_path):
    """Writes the rows of SOURCE's files (PATHS, in reading order) as a CSV with ISO dates and exact
    decimals, and returns [(column, kind)] with kind date|timestamp|number|text; SOURCE.date_column is then
    the column the kind found (`Date`, `Day`, ...)."""
    files = [read_file(source, p) for p in paths]
    header = files[0].header
    for f in files[1:]:
        if f.header != header:
            raise ValueError("the files of source %s have different columns" % source.name)
    kept = []   # (file, row index): the rows no later file replaces
    for i, f in enumerate(files):
        later = [g.covers() for g in files[i + 1:] if g.covers()]
        kept += [(f, k) for k, (d, _t) in enumerate(f.days) if not any(a <= d <= z for a, z in later)]
    di = files[0].date_index
    source.date_column = header[di]
    kinds = []
    for c, _name in enumerate(header):
        if c == di:
            kinds.append("timestamp" if any(f.days[k][1] for f, k in kept) else "date")
            continue
        values = [(f, f.rows[k][c]) for f, k in kept if f.rows[k][c] is not None]
        numeric = values and all(f.number(v) is not None for f, v in values)
        kinds.append("number" if numeric else "text")
    with open(out_path, "w", newline="", encoding="utf-8") as out:
        w = csv.writer(out, lineterminator="\n")
        w.writerow(header)
        for f, k in kept:
            row = []
            for c, v in enumerate(f.rows[k]):
                if c == di:
                    d, t = f.days[k]
                    v = d.isoformat()
                    if kinds[c] == "timestamp":
                        clock = [int(x) for x in (t or "0:00").split(":")] + [0]
                        v += " %02d:%02d:%02d" % tuple(clock[:3])
                elif v is not None and kinds[c] == "number":
                    v = str(f.number(v))
                row.append("" if v is None else v)
            w.writerow(row)
    return list(zip(header, kinds))
