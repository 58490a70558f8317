/*
** fuzz_lsp.c: libFuzzer target for the language server's message handling,
** from bytes on stdin to replies on stdout (kpi_lsp_serve), so framing,
** JSON-RPC and every handler are exercised together.
**
** Two modes, chosen by the first byte, because random bytes rarely survive
** the framing:
**   - even: the rest is the raw stream (Content-Length headers and bodies),
**     which fuzzes the framing itself;
**   - odd:  the rest is a list of JSON bodies separated by NUL bytes (which
**     JSON text never contains); each is framed with its true length after
**     an `initialize` request, which fuzzes JSON-RPC and the handlers.
** Columns are not verified against CSV headers here, so no input can make
** the server read arbitrary files; imports still resolve relative to the
** working directory (run the fuzzer in an empty one).
*/
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/lsp/lsp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char initialize[] = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{}}";

/* Frames each NUL-separated body of data after an initialize request. */
static char *frame_bodies(const uint8_t *data, size_t size, size_t *out_len) {
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    if (!f) abort();
    fprintf(f, "Content-Length: %zu\r\n\r\n%s", strlen(initialize), initialize);
    size_t start = 0;
    for (size_t i = 0; i <= size; i++) {
        if (i == size || data[i] == 0) {
            fprintf(f, "Content-Length: %zu\r\n\r\n", i - start);
            fwrite(data + start, 1, i - start, f);
            start = i + 1;
        }
    }
    fclose(f);
    *out_len = len;
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static FILE *sink; /* replies are written and thrown away */
    if (!sink) sink = fopen("/dev/null", "w");
    if (size < 2) return 0;
    char *stream;
    size_t stream_len;
    if (data[0] & 1) {
        stream = frame_bodies(data + 1, size - 1, &stream_len);
    } else {
        stream_len = size - 1;
        stream = malloc(stream_len);
        memcpy(stream, data + 1, stream_len);
    }
    FILE *in = fmemopen(stream, stream_len, "r");
    if (in) {
        kpi_lsp_options options = {.max_message = 1 << 20};
        (void)kpi_lsp_serve(in, sink, &options);
        fclose(in);
    }
    free(stream);
    return 0;
}
