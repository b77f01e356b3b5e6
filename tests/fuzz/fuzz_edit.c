/* Text read back from the user's editor (tui_text_check, src/tui/field.c):
 * the first byte chooses one-line or multi-line and the limit, the rest is
 * the file as the editor left it, NULs and invalid UTF-8 included.
 * Invariants: what is accepted is a prefix of the input no longer than the
 * limit, valid UTF-8 of characters a field may be typed with (no control
 * character, line breaks only when multi-line), and a text field
 * takes it whole; what is refused says why. */
#include "field.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	bool multiline = data[0] & 1;
	size_t max = (size_t)(data[0] >> 1) * 8;
	const char *s = (const char *)data + 1;
	size_t n = size - 1, len = n;
	char why[300] = "";
	if (!tui_text_check(s, &len, max, multiline, why, sizeof why)) {
		FUZZ_ASSERT(why[0] != '\0');
		return 0;
	}
	FUZZ_ASSERT(len <= n && len <= max);
	FUZZ_ASSERT(esc_utf8_valid(s, len));
	for (size_t i = 0; i < len;) {
		uint32_t cp = 0;
		size_t k = esc_utf8_decode(s + i, len - i, &cp);
		FUZZ_ASSERT(k > 0);
		FUZZ_ASSERT((multiline && cp == '\n') || tui_text_codepoint_ok(cp));
		FUZZ_ASSERT(cp >= 0x20 || (multiline && cp == '\n'));
		i += k;
	}
	FUZZ_ASSERT(memchr(s, '\0', len) == NULL);
	/* Only line breaks (and a CR before one) were cut from the end. */
	for (size_t i = len; i < n; i++)
		FUZZ_ASSERT(s[i] == '\n' || s[i] == '\r');
	char *copy = malloc(len + 1);
	if (!copy)
		abort();
	memcpy(copy, s, len);
	copy[len] = '\0';
	tui_text t;
	tui_text_init(&t, max);
	t.multiline = multiline;
	tui_text_set(&t, copy);
	FUZZ_ASSERT(t.len == len && memcmp(t.s, copy, len) == 0);
	tui_text_free(&t);
	free(copy);
	return 0;
}
