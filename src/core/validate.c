/* Validation of untrusted input: UTF-8, free-text fields, NHS numbers and
 * local child identifiers.  Messages name the field and never echo text that
 * has not been shown to be plain digits, so they are safe to print. */
#include "escalate/validate.h"

#include <string.h>

/* Well-formed UTF-8 as in Unicode table 3-7: the second byte's range is
 * narrowed after E0, ED, F0 and F4 so that overlong forms, surrogates and
 * code points above U+10FFFF are refused at the first byte that betrays them. */
size_t esc_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	if (len == 0)
		return 0;
	unsigned char b0 = u[0];
	size_t n;
	unsigned char lo = 0x80, hi = 0xbf;
	uint32_t v;
	if (b0 < 0x80) {
		*cp = b0;
		return 1;
	} else if (b0 >= 0xc2 && b0 <= 0xdf) {
		n = 2;
		v = b0 & 0x1f;
	} else if (b0 >= 0xe0 && b0 <= 0xef) {
		n = 3;
		v = b0 & 0x0f;
		if (b0 == 0xe0)
			lo = 0xa0;
		else if (b0 == 0xed)
			hi = 0x9f;
	} else if (b0 >= 0xf0 && b0 <= 0xf4) {
		n = 4;
		v = b0 & 0x07;
		if (b0 == 0xf0)
			lo = 0x90;
		else if (b0 == 0xf4)
			hi = 0x8f;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		unsigned char b = u[i];
		if (b < lo || b > hi)
			return 0;
		lo = 0x80;
		hi = 0xbf;
		v = (v << 6) | (b & 0x3f);
	}
	*cp = v;
	return n;
}

/* Byte offset of the first ill-formed sequence, or len when there is none. */
static size_t val_utf8_bad_offset(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = esc_utf8_decode(s + i, len - i, &cp);
		if (n == 0)
			return i;
		i += n;
	}
	return len;
}

bool esc_utf8_valid(const char *s, size_t len)
{
	return s != NULL ? val_utf8_bad_offset(s, len) == len : len == 0;
}

/* Characters that leave a field looking empty: ASCII and Unicode spaces,
 * and the zero-width ones a paste can bring along. */
static bool val_is_blank(uint32_t cp)
{
	switch (cp) {
	case ' ':
	case '\t':
	case '\n':
	case '\r':
	case 0x00a0:
	case 0x1680:
	case 0x200b:
	case 0x2028:
	case 0x2029:
	case 0x202f:
	case 0x205f:
	case 0x3000:
	case 0xfeff:
		return true;
	default:
		return cp >= 0x2000 && cp <= 0x200a;
	}
}

/* C0, DEL and C1 controls.  Tab and line breaks belong only in multi-line
 * fields: in a name (one line) a tab is shown as a space, so "A\tB" and
 * "A B" would be two local authorities that look the same (issue 11); the
 * line and paragraph separators are line breaks too. */
static bool val_is_refused_control(uint32_t cp, bool multiline)
{
	if (cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029)
		return !multiline;
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

/* Byte offsets in messages count from 0, as a hex dump of the field would. */
esc_status esc_check_text(const char *field, const char *s, size_t max, bool required,
                          bool multiline, esc_error *err)
{
	if (!field)
		field = "text";
	size_t len = s ? strlen(s) : 0;
	if (len == 0)
		return required ? esc_fail(err, ESC_EINVALID, field, "%s: is required", field)
		                : ESC_OK;
	if (len > max)
		return esc_fail(err, ESC_EINVALID, field, "%s: is longer than %zu bytes (got %zu)",
		                field, max, len);
	bool blank = true;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = esc_utf8_decode(s + i, len - i, &cp);
		if (n == 0)
			return esc_fail(err, ESC_EINVALID, field,
			                "%s: is not valid UTF-8 (byte %zu)", field, i);
		if (val_is_refused_control(cp, multiline))
			return esc_fail(err, ESC_EINVALID, field,
			                "%s: contains a control character (U+%04X) at byte %zu",
			                field, (unsigned)cp, i);
		if (!val_is_blank(cp))
			blank = false;
		i += n;
	}
	if (required && blank)
		return esc_fail(err, ESC_EINVALID, field, "%s: is required", field);
	return ESC_OK;
}

static bool val_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Reads 3-3-4 digit groups with at most one space or dash between groups.
 * Surrounding spaces are ignored: they come with pasted numbers. */
static bool val_nhs_digits(const char *text, char digits[11])
{
	static const int group_end[] = {3, 6};
	const char *p = text;
	int n = 0;
	while (*p == ' ')
		p++;
	while (n < 10) {
		if (!val_is_digit(*p))
			return false;
		digits[n++] = *p++;
		if ((n == group_end[0] || n == group_end[1]) && (*p == ' ' || *p == '-'))
			p++;
	}
	while (*p == ' ')
		p++;
	digits[10] = '\0';
	return *p == '\0';
}

/* NHS modulus 11: weights 10 down to 2 over the first nine digits; the check
 * digit is 11 minus the remainder, 11 becomes 0, and 10 means no number with
 * these nine digits is ever issued. */
static int val_nhs_expected_check(const char digits[10])
{
	int sum = 0;
	for (int i = 0; i < 9; i++)
		sum += (digits[i] - '0') * (10 - i);
	int check = 11 - sum % 11;
	return check == 11 ? 0 : check;
}

esc_status esc_nhs_number_check(const char *text, char *out, esc_error *err)
{
	const char *field = "nhs-number";
	char digits[11];
	if (!text || strspn(text, " ") == strlen(text))
		return esc_fail(err, ESC_EINVALID, field, "%s: is required", field);
	if (!val_nhs_digits(text, digits))
		return esc_fail(err, ESC_EINVALID, field,
		                "%s must be 10 digits, optionally grouped 3-3-4 with spaces or "
		                "dashes (e.g. 943 476 5919)",
		                field);
	/* One message whatever the check digit computes to: naming the digit
	 * expected would invite fixing a mistyped number by changing its last
	 * digit instead of checking it against the child's record (issue 13). */
	int check = val_nhs_expected_check(digits);
	if (check == 10 || digits[9] - '0' != check)
		return esc_fail(err, ESC_EINVALID, field, "%s: %s is not a valid NHS number",
		                field, digits);
	if (out)
		memcpy(out, digits, sizeof digits);
	return ESC_OK;
}

static bool val_is_local_id_char(char c)
{
	return val_is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' ||
	       c == '/';
}

/* Local record numbers are copied as typed: systems differ in case and
 * punctuation, and the number must match the one on the child's record. */
static esc_status val_local_id(const char *text, char *out, size_t outsz, esc_error *err)
{
	const char *field = "local-id";
	size_t len = text ? strlen(text) : 0;
	if (len == 0)
		return esc_fail(err, ESC_EINVALID, field, "%s: is required", field);
	if (len > ESC_CHILD_ID_MAX)
		return esc_fail(err, ESC_EINVALID, field,
		                "%s: is longer than %d characters (got %zu)", field,
		                ESC_CHILD_ID_MAX, len);
	bool has_alnum = false;
	for (size_t i = 0; i < len; i++) {
		if (!val_is_local_id_char(text[i]))
			return esc_fail(err, ESC_EINVALID, field,
			                "%s: byte %zu is not a letter, digit, '-' or '/'", field,
			                i);
		if (text[i] != '-' && text[i] != '/')
			has_alnum = true;
	}
	if (!has_alnum)
		return esc_fail(err, ESC_EINVALID, field,
		                "%s must contain at least one letter or digit", field);
	if (out) {
		if (outsz <= len)
			return esc_fail(err, ESC_EINTERNAL, field,
			                "%s: no room to copy the identifier (%zu bytes needed)",
			                field, len + 1);
		memcpy(out, text, len + 1);
	}
	return ESC_OK;
}

esc_status esc_child_id_check(esc_child_kind kind, const char *text, char *out, size_t outsz,
                              esc_error *err)
{
	switch (kind) {
	case ESC_CHILD_NHS:
		if (out && outsz < 11)
			return esc_fail(err, ESC_EINTERNAL, "nhs-number",
			                "nhs-number: no room to copy the number (11 bytes needed)");
		return esc_nhs_number_check(text, out, err);
	case ESC_CHILD_LOCAL:
		return val_local_id(text, out, outsz, err);
	}
	return esc_fail(err, ESC_EINVALID, "child-kind",
	                "child-kind must be an NHS number or a local record number");
}
