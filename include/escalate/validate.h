/* Validation of untrusted input.  Every function names the field in its
 * message, so the user knows what to fix; none writes anything. */
#ifndef ESCALATE_VALIDATE_H
#define ESCALATE_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "escalate/error.h"

/* Length limits in bytes (UTF-8). */
#define ESC_SHORT_MAX 200   /* names, roles, organisations, themes, teams */
#define ESC_LONG_MAX 8000   /* decision, concern, summaries, reasons, notes */
#define ESC_CHILD_ID_MAX 40

bool esc_utf8_valid(const char *s, size_t len);
/* Decodes one well-formed UTF-8 sequence at s (at most len bytes): returns its
 * length (1 to 4) and sets *cp, or returns 0 when s[0] does not start one
 * (overlong, surrogate, above U+10FFFF, truncated, stray continuation byte). */
size_t esc_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Checks a text field: valid UTF-8, no NUL inside `len`, within max bytes,
 * not empty or whitespace-only when required.  Control characters other than
 * tab and newline (long fields) are refused: they have no place in a record. */
esc_status esc_check_text(const char *field, const char *s, size_t max, bool required,
                          bool multiline, esc_error *err);

/* NHS number: 10 digits (spaces or dashes between groups allowed), modulus 11
 * check digit; a check result of 10 means the number is invalid.  `out`
 * receives the 10 digits (11 bytes). */
esc_status esc_nhs_number_check(const char *text, char *out, esc_error *err);

/* A child identifier: an NHS number, or a local record number (letters,
 * digits, '-', '/', up to ESC_CHILD_ID_MAX). */
typedef enum esc_child_kind { ESC_CHILD_NHS = 1, ESC_CHILD_LOCAL = 2 } esc_child_kind;
esc_status esc_child_id_check(esc_child_kind kind, const char *text, char *out,
                              size_t outsz, esc_error *err);

#endif
