/*
** chunked_read.h: a kpirt_read_fn over bytes in memory that hands out at
** most `step` bytes per read, so that the runtime's readers are tested
** across every boundary a file or a pipe may cut their input at.
*/
#ifndef TESTS_RUNTIME_CHUNKED_READ_H
#define TESTS_RUNTIME_CHUNKED_READ_H

#include <stddef.h>
#include <string.h>

typedef struct chunked {
    const unsigned char *data;
    size_t len, pos, step;
} chunked;

static inline long read_chunked(void *user, char *buf, size_t cap) {
    chunked *c = user;
    size_t n = c->len - c->pos;
    if (n > c->step) n = c->step;
    if (n > cap) n = cap;
    memcpy(buf, c->data + c->pos, n);
    c->pos += n;
    return (long)n;
}

#endif
