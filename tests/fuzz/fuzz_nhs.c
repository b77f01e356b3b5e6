/* NHS numbers and local record numbers (--nhs, --local-id).  Invariant: an
 * accepted NHS number is ten digits whose modulus-11 check digit holds; an
 * accepted local id is letters, digits, '-' and '/' within the limit. */
#include <ctype.h>

#include "fuzz.h"

static bool mod11_ok(const char *d)
{
	int sum = 0;
	for (int i = 0; i < 9; i++)
		sum += (d[i] - '0') * (10 - i);
	int check = 11 - sum % 11;
	if (check == 11)
		check = 0;
	return check != 10 && check == d[9] - '0';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_parts p;
	fuzz_split(data, size, '\0', &p);
	const char *s = fuzz_part(&p, 0);
	esc_error err = {0};
	char out[64];

	if (esc_nhs_number_check(s, out, &err) == ESC_OK) {
		FUZZ_ASSERT(strlen(out) == 10);
		for (int i = 0; i < 10; i++)
			FUZZ_ASSERT(isdigit((unsigned char)out[i]));
		FUZZ_ASSERT(mod11_ok(out));
	} else {
		FUZZ_ASSERT(err.status == ESC_EINVALID && err.message[0]);
	}
	memset(out, 0, sizeof out);
	if (esc_child_id_check(ESC_CHILD_LOCAL, s, out, ESC_CHILD_ID_MAX + 1, &err) == ESC_OK) {
		size_t n = strlen(out);
		FUZZ_ASSERT(n > 0 && n <= ESC_CHILD_ID_MAX);
		for (size_t i = 0; i < n; i++)
			FUZZ_ASSERT(isalnum((unsigned char)out[i]) || out[i] == '-' ||
			            out[i] == '/');
	}
	if (esc_child_id_check(ESC_CHILD_NHS, s, out, ESC_CHILD_ID_MAX + 1, &err) == ESC_OK)
		FUZZ_ASSERT(strlen(out) == 10 && mod11_ok(out));
	fuzz_parts_free(&p);
	return 0;
}
