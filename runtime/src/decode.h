/*
** decode.h: the byte stream under the CSV reader, decompressed when the
** data is a gzip or zstd file (decode.c). load.c puts every source behind
** a decoder, so files, standard input, streams and text are all read
** alike, and the CSV reader never knows whether the bytes were compressed.
*/
#ifndef KPIRT_DECODE_H
#define KPIRT_DECODE_H

#include "kpirt_internal.h"

typedef enum kpirt_compression {
    KPIRT_PLAIN,
    KPIRT_GZIP,
    KPIRT_ZSTD,
} kpirt_compression;

typedef struct kpirt_decoder kpirt_decoder;

/*
** Reads the first bytes of (read, user) and decides by their magic numbers
** whether the stream is plain, gzip or zstd. A compressed stream is
** decompressed on a second thread when `threaded` (the caller reads the
** previous block while the next is inflated). Returns NULL with a message
** in ctx for a format that is not read (xz, bzip2, zip, ...) or a read
** error at the start. `name` names the data in messages and must outlive
** the decoder.
*/
kpirt_decoder *kpirt_decoder_open(kpirt_ctx *ctx, const char *name, kpirt_read_fn read, void *user,
                                  bool threaded);
/* A kpirt_read_fn over the decoded bytes: the count, 0 at the end, -1 on an error. */
long kpirt_decoder_read(void *decoder, char *buf, size_t cap);
/*
** After a -1: why (corrupt or cut-short data, a read error), with the byte
** of the compressed file; without the file name, which the caller puts
** before it with the line it reached. NULL when nothing failed.
*/
const char *kpirt_decoder_error(const kpirt_decoder *d);
kpirt_compression kpirt_decoder_kind(const kpirt_decoder *d);
/*
** Decodes the rest of the stream, only to check it: a corrupt deflate
** stream may decode into garbage rows long before its CRC says so, and
** when such a row stops the load, the corruption is the message to give.
** Returns the decoder's error (as kpirt_decoder_error), or NULL.
*/
const char *kpirt_decoder_verify(kpirt_decoder *d);
/* Stops the decompressing thread (the reader may stop early) and frees everything. */
void kpirt_decoder_close(kpirt_decoder *d);

#endif
