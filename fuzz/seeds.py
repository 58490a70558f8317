#!/usr/bin/env python3
"""seeds.py: writes the seed corpora of the fuzz targets (docs/hardening.md).

usage: seeds.py SOURCE_ROOT OUT_DIR

OUT_DIR/<target>/ receives:
  front, fmt  every .kpi file of tests/, examples/ and stdlib/
  sql         the same files behind an options byte (tables or not, which
              hostile table and spec name)
  csv         every .csv file of tests/ and examples/ behind a few dialect
              prefixes, plus small files in each dialect with the columns the
              target's program reads (day, amount, qty, customer)
  lsp         sessions over the examples: didOpen, then every request kind at
              a few positions, an incremental change, save, close, shutdown,
              exit; in framed mode (NUL-separated bodies) and raw mode
  exports     the downloads of tests/data/exports (GA4 report, exploration and
              snapshot, Google Ads in UTF-8 and in UTF-16, a Windows-1252 ERP
              export) behind the source bytes that read them, whole, and
              shortened to their first 24 and last 8 lines (so that inputs
              stay small) with variants of each option (skip, comment, null, table, a currency, a
              declared dialect, another kind, small reads and samples); every
              other .csv file of tests/ and examples/ as each kind
  report      goals whose every number is one extreme value (10^57, money
              beyond the exact range, -0, NaN, infinities, 45.00001%), in
              every unit kind
The prefixes follow the byte layout documented at the top of each target.
"""
import json
import os
import sys


def files_under(root, dirs, suffix):
    for d in dirs:
        for base, subdirs, names in os.walk(os.path.join(root, d)):
            subdirs[:] = sorted(s for s in subdirs if not s.startswith('.') and s != 'node_modules')
            for n in sorted(names):
                if n.endswith(suffix):
                    yield os.path.join(base, n)


def write(out, target, name, data):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)


def read(path):
    with open(path, 'rb') as f:
        return f.read()


def csv_seeds(root, out):
    for i, path in enumerate(files_under(root, ['tests', 'examples'], '.csv')):
        data = read(path)[:65536]
        for j, prefix in enumerate([b'\x00\x00\x00', b'\x10\x01\x07', b'\x15\x03\x00']):
            write(out, 'csv', 'file%03d_%d' % (i, j), prefix + data)
    # byte 1 indexes fuzz_csv.c's date_formats: (index, how to print 2026-01-05)
    dates = [(0, '2026-01-05'), (1, '1/5/2026'), (2, '5-1-2026'), (3, '05.01.2026'), (4, '2026/01/05'),
             (5, '05-Jan-2026'), (6, 'Jan 5 2026')]
    marks = [('.', ''), ('.', ','), (',', '.'), (',', ' ')]
    delims = [None, ',', ';', '\t']
    n = 0
    for di, delim in enumerate(delims):
        for mi, (mark, sep) in enumerate(marks):
            d = delim or ','
            if mark == ',' and d == ',':
                d = ';'
            for fi, date in dates:
                big = '1' + sep + '234' + mark + '5'
                rows = ['day%samount%sqty%scustomer' % (d, d, d),
                        '%s%s%s%s3%salice' % (date, d, big, d, d),
                        '%s%s"%s"%s%s%s"bob ""b"""' % (date, d, '2' + mark + '25', d, '7' + mark + '5', d),
                        '',
                        '%s%s-4%s%s%s"multi\nline"' % (date, d, d, '', d)]
                text = '\r\n'.join(rows) + '\n'
                b0 = di | (mi << 2) | (16 if n % 2 else 0)
                write(out, 'csv', 'dialect%03d' % n, bytes([b0, fi, n % 5]) + text.encode())
                n += 1


# fuzz_exports.c's source bytes, spelled out: (kind, encoding, declared) in byte 0
KIND = {'csv': 0, 'ga4': 1, 'google_ads': 2}
ENCODING = {'utf-8': 0, 'windows-1252': 4, 'latin-1': 8, 'utf-16': 12}
SKIP_BAD_ROWS, DECLARE_DATE, DECLARE_STYLE, DECLARE_DELIMITER = 16, 32, 64, 128


def exports_prefix(kind, encoding='utf-8', flags=0, skip=0, comment=0, nulls=0, table=0, chunk=0, columns=0,
                   currency=0, sample=0):
    return bytes([KIND[kind] | ENCODING[encoding] | flags, skip | comment << 2 | nulls << 4 | table << 6, chunk,
                  columns | currency << 3 | sample << 5])


def shortened(data):
    """The first 24 and the last 8 lines of a download (preamble, header, totals), in its encoding."""
    utf16 = data.startswith(b'\xff\xfe')
    text = data.decode('utf-16') if utf16 else data.decode('latin-1')
    lines = text.splitlines(True)
    if len(lines) > 32:
        text = ''.join(lines[:24] + lines[-8:])
    return b'\xff\xfe' + text.encode('utf-16-le') if utf16 else text.encode('latin-1')


def exports_seeds(root, out):
    here = os.path.join(root, 'tests', 'data', 'exports')
    # each download with the source that reads it (tests/e2e/exports/exports.kpi) and fuzz_exports.c's column set
    erp = dict(encoding='windows-1252', flags=DECLARE_DATE | DECLARE_STYLE | DECLARE_DELIMITER, columns=6)
    downloads = [('ga4-traffic-report.csv', 'ga4', dict(columns=1)),
                 ('ga4-exploration.csv', 'ga4', dict(columns=2)),
                 ('ga4-snapshot.csv', 'ga4', dict(columns=3, table=1)),
                 ('google-ads-campaigns.csv', 'google_ads', dict(columns=4, currency=1)),
                 ('google-ads-campaigns-excel.csv', 'google_ads', dict(encoding='utf-16', columns=5, currency=1)),
                 ('erp-orders-nl.csv', 'csv', erp)]
    variants = [dict(), dict(chunk=7), dict(chunk=1, sample=3), dict(flags=SKIP_BAD_ROWS, nulls=3),
                dict(skip=1, comment=1, sample=2), dict(nulls=2, comment=2, chunk=13, currency=2),
                dict(table=2, flags=SKIP_BAD_ROWS), dict(table=3, sample=1)]
    for i, (name, kind, options) in enumerate(downloads):
        whole = read(os.path.join(here, name))[:65532]
        data = shortened(whole)
        write(out, 'exports', 'download%d' % i, exports_prefix(kind, **options) + whole)
        for j, variant in enumerate(variants):
            o = dict(options)
            o['flags'] = o.get('flags', 0) | variant.get('flags', 0)
            o.update({k: v for k, v in variant.items() if k != 'flags'})
            write(out, 'exports', 'download%d_%d' % (i, j), exports_prefix(kind, **o) + data)
        # the file read as the other kinds: "the file looks like ..."
        for other in KIND:
            if other != kind:
                write(out, 'exports', 'download%d_as_%s' % (i, other), exports_prefix(other, columns=i % 8) + data)
        # a download cut short: in its last row, and before its closing lines
        write(out, 'exports', 'download%d_cut' % i, exports_prefix(kind, **options) + data[:len(data) * 2 // 3])
    for i, path in enumerate(files_under(root, ['tests', 'examples'], '.csv')):
        if os.path.dirname(path) == here:
            continue
        data = read(path)[:65532]
        kind = list(KIND)[i % 3]
        write(out, 'exports', 'file%03d' % i, exports_prefix(kind, flags=DECLARE_DATE if kind == 'csv' else 0,
                                                             columns=i % 8, chunk=i % 5) + data)


def lsp_session(text):
    uri = 'file:///fuzz/doc.kpi'
    lines = text.split('\n')
    mid = {'line': len(lines) // 2, 'character': 4}
    start = {'line': 0, 'character': 0}
    msgs = [
        {'jsonrpc': '2.0', 'method': 'initialized', 'params': {}},
        {'jsonrpc': '2.0', 'method': 'textDocument/didOpen',
         'params': {'textDocument': {'uri': uri, 'languageId': 'kpi', 'version': 1, 'text': text}}},
    ]
    rid = 1
    for method in ['hover', 'definition', 'completion']:
        for pos in (start, mid):
            msgs.append({'jsonrpc': '2.0', 'id': rid, 'method': 'textDocument/' + method,
                         'params': {'textDocument': {'uri': uri}, 'position': pos}})
            rid += 1
    for method, extra in [('documentSymbol', {}), ('formatting', {'options': {'tabSize': 4, 'insertSpaces': True}}),
                          ('codeAction', {'range': {'start': start, 'end': mid},
                                          'context': {'diagnostics': []}})]:
        params = {'textDocument': {'uri': uri}}
        params.update(extra)
        msgs.append({'jsonrpc': '2.0', 'id': rid, 'method': 'textDocument/' + method, 'params': params})
        rid += 1
    msgs += [
        {'jsonrpc': '2.0', 'method': 'textDocument/didChange',
         'params': {'textDocument': {'uri': uri, 'version': 2},
                    'contentChanges': [{'range': {'start': mid, 'end': mid}, 'text': 'x'},
                                       {'range': {'start': start, 'end': {'line': 0, 'character': 3}}, 'text': ''}]}},
        {'jsonrpc': '2.0', 'id': rid, 'method': 'textDocument/hover',
         'params': {'textDocument': {'uri': uri}, 'position': mid}},
        {'jsonrpc': '2.0', 'method': 'textDocument/didSave', 'params': {'textDocument': {'uri': uri}}},
        {'jsonrpc': '2.0', 'method': 'textDocument/didClose', 'params': {'textDocument': {'uri': uri}}},
        {'jsonrpc': '2.0', 'id': rid + 1, 'method': 'shutdown'},
        {'jsonrpc': '2.0', 'method': 'exit'},
    ]
    return [json.dumps(m).encode() for m in msgs]


def lsp_seeds(root, out):
    paths = list(files_under(root, ['examples', 'tests/check'], '.kpi'))[:40]
    init = json.dumps({'jsonrpc': '2.0', 'id': 0, 'method': 'initialize', 'params': {}}).encode()
    for i, path in enumerate(paths):
        bodies = lsp_session(read(path).decode('utf-8', 'replace'))
        write(out, 'lsp', 'framed%03d' % i, b'\x01' + b'\x00'.join(bodies))
        if i % 4 == 0:
            raw = b''.join(b'Content-Length: %d\r\n\r\n%s' % (len(b), b) for b in [init] + bodies)
            write(out, 'lsp', 'raw%03d' % i, b'\x00' + raw)
    write(out, 'lsp', 'badframe', b'\x00Content-Length: 5\r\n\r\n{"a":Content-Length: x\r\n\r\n')


def report_seeds(out):
    import struct
    extremes = [1e57, -1e57, 123456789012345.67, 9.22e14, -0.0, -1e-9, 0.4500001, float('nan'),
                float('inf'), -float('inf'), 1e308, 5e-324, 0.015]
    for i, v in enumerate(extremes):
        for unit in range(7):
            d = struct.pack('<d', v)
            goal = bytes([i % 4, i % 3]) + d + d + bytes([40, 200, 2]) + (b'\x01' + d) * 6 + \
                bytes([unit * 3 + 1, 2, 9, 30, 90, 40]) + (b'\x01' + d) * 40 + b'\x01'
            write(out, 'report', 'extreme%02d_%d' % (i, unit), bytes([unit]) + goal + bytes([unit]) + goal +
                  bytes([30, 90, 120, 0, 40]) + d + bytes([unit]))


def main():
    root, out = sys.argv[1], sys.argv[2]
    for i, path in enumerate(files_under(root, ['tests', 'examples', 'stdlib'], '.kpi')):
        data = read(path)
        write(out, 'front', 'kpi%03d' % i, data)
        write(out, 'fmt', 'kpi%03d' % i, data)
        # fuzz_sql: byte 0 is the options (bit 0: csv sources as tables; bits 1-3: the hostile name)
        write(out, 'sql', 'kpi%03d' % i, bytes([i % 16]) + data)
    csv_seeds(root, out)
    exports_seeds(root, out)
    lsp_seeds(root, out)
    report_seeds(out)


if __name__ == '__main__':
    main()
