/* Shared by the libFuzzer targets: splitting one input into several
 * NUL-terminated strings, and the invariants every target asserts (a
 * violated invariant aborts, which libFuzzer reports as a crash). */
#ifndef ESCALATE_FUZZ_H
#define ESCALATE_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escalate/validate.h"

#define FUZZ_MAX_PARTS 24

/* The input cut at each `sep` byte into at most FUZZ_MAX_PARTS strings
 * (the last takes the rest); one allocation, freed with fuzz_parts_free. */
typedef struct fuzz_parts {
	char *buf;
	char *part[FUZZ_MAX_PARTS];
	size_t len[FUZZ_MAX_PARTS];
	int n;
} fuzz_parts;

static inline void fuzz_split(const uint8_t *data, size_t size, char sep, fuzz_parts *p)
{
	memset(p, 0, sizeof *p);
	p->buf = malloc(size + 1);
	if (!p->buf)
		abort();
	memcpy(p->buf, data, size);
	p->buf[size] = '\0';
	p->part[0] = p->buf;
	p->n = 1;
	for (size_t i = 0; i < size; i++) {
		if (p->buf[i] == sep && p->n < FUZZ_MAX_PARTS) {
			p->buf[i] = '\0';
			p->len[p->n - 1] = (size_t)(p->buf + i - p->part[p->n - 1]);
			p->part[p->n++] = p->buf + i + 1;
		}
	}
	p->len[p->n - 1] = (size_t)(p->buf + size - p->part[p->n - 1]);
}

static inline void fuzz_parts_free(fuzz_parts *p)
{
	free(p->buf);
}

static inline const char *fuzz_part(const fuzz_parts *p, int i)
{
	return i < p->n ? p->part[i] : "";
}

#define FUZZ_ASSERT(cond)                                                                          \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "invariant failed: %s (%s:%d)\n", #cond, __FILE__,         \
			        __LINE__);                                                         \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

/* Text that may reach a terminal: valid UTF-8, no C0 control other than a
 * newline (when allowed), no DEL, no C1 control, no bidirectional control. */
static inline bool fuzz_terminal_safe(const char *s, size_t n, bool newlines)
{
	if (!esc_utf8_valid(s, n))
		return false;
	for (size_t i = 0; i < n;) {
		uint32_t cp = 0;
		size_t k = esc_utf8_decode(s + i, n - i, &cp);
		if (k == 0)
			return false;
		if ((cp < 0x20 && !(newlines && cp == '\n')) || cp == 0x7f ||
		    (cp >= 0x80 && cp <= 0x9f) || cp == 0x061c || cp == 0x200e || cp == 0x200f ||
		    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
			return false;
		i += k;
	}
	return true;
}

#endif
