/*
** transport.h: the Language Server Protocol's base protocol, messages framed
** by a Content-Length header on a byte stream (stdin/stdout for `kpic lsp`).
**
** Reading is defensive: a header block without a usable Content-Length, an
** over-long header line and a body larger than the configured cap are all
** reported as statuses the server turns into JSON-RPC errors, after the reader
** has skipped past the offending message so that the next one is read cleanly.
** A header without a usable length (negative, not a number, missing) leaves
** the end of its body unknown: the reader then skips to the next
** "Content-Length:" in the stream, wherever it is (bodies rarely end in a
** newline, so the next header follows the last byte of the body). A body
** shorter than declared swallows the start of the next message: the server
** hands such a body back (kpi_lsp_transport_unread_header) when it is not
** JSON, and reading resumes at the header inside it.
**
** The transport reads the file descriptor itself (a stream without one is
** read with fread), so it knows whether more input is waiting
** (kpi_lsp_transport_has_input): the server applies every queued edit
** before it analyses a document.
*/
#ifndef KPI_LSP_TRANSPORT_H
#define KPI_LSP_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Default cap on one message body; larger ones are skipped with an error. */
#define KPI_LSP_DEFAULT_MAX_MESSAGE ((size_t)64 << 20)
/* Longest header line accepted (headers are short; this guards memory). */
#define KPI_LSP_MAX_HEADER_LINE 4096

typedef enum kpi_lsp_read_status {
    KPI_LSP_READ_OK,         /* *body holds a NUL-terminated message */
    KPI_LSP_READ_EOF,        /* the stream ended (possibly mid-message) */
    KPI_LSP_READ_BAD_HEADER, /* no or invalid Content-Length; message skipped */
    KPI_LSP_READ_TOO_LARGE,  /* body above the cap; its bytes were skipped */
} kpi_lsp_read_status;

typedef struct kpi_lsp_transport {
    FILE *in, *out;
    int fd;             /* in's descriptor, or -1 (a memory stream): fread then */
    size_t max_message; /* bytes; KPI_LSP_DEFAULT_MAX_MESSAGE unless set */
    size_t last_length; /* Content-Length of the last message read */
    bool output_failed; /* a write failed: the client is gone */
    bool at_eof;        /* the input has ended (what is buffered is all that is left) */
    bool resync;        /* the next read first skips to the next "Content-Length:" */
    char *buf;          /* input read but not yet consumed: buf[pos, end) */
    size_t pos, end, cap;
} kpi_lsp_transport;

void kpi_lsp_transport_init(kpi_lsp_transport *t, FILE *in, FILE *out, size_t max_message);
void kpi_lsp_transport_free(kpi_lsp_transport *t);

/* Whether more input is waiting to be read now (read without blocking). */
bool kpi_lsp_transport_has_input(kpi_lsp_transport *t);

/*
** A body that was not JSON may hold the start of the next message (its own
** Content-Length was too large): reading resumes at the first
** "Content-Length:" inside it. Returns whether one was found.
*/
bool kpi_lsp_transport_unread_header(kpi_lsp_transport *t, const char *body, size_t len);

/* Reads one message. On OK, *body is malloc'ed (the caller frees) and *len is its length. */
kpi_lsp_read_status kpi_lsp_read_message(kpi_lsp_transport *t, char **body, size_t *len);

/* Writes one framed message and flushes; false when the output is gone. */
bool kpi_lsp_write_message(kpi_lsp_transport *t, const char *body, size_t len);

#endif
