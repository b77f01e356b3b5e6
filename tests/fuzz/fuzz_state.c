/* The interface's state file (src/tui/state.c), which the interface reads
 * back from the user's folder at every start: the bytes may be anything.
 * Input: the file's bytes as they are.  Invariants: whatever parses holds
 * only valid values (a view, a sort, a level 0..5, filter names that pass
 * the text check), and formats back to text that parses to the same. */
#include "escalate/validate.h"
#include "fuzz.h"
#include "state.h"

static bool same(const tui_state *a, const tui_state *b)
{
	return a->view == b->view && a->sort == b->sort && a->level == b->level &&
	       strcmp(a->la, b->la) == 0 && strcmp(a->theme, b->theme) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tui_state st = tui_state_default(), back = {.view = -1};
	esc_error err = {0};
	if (!tui_state_parse((const char *)data, size, &st))
		return 0;
	FUZZ_ASSERT(st.view >= 0 && st.view < LV_COUNT);
	FUZZ_ASSERT(st.sort >= ESC_SORT_AGE && st.sort <= ESC_SORT_NEWEST);
	FUZZ_ASSERT(st.level >= 0 && st.level <= ESC_LEVEL_MAX);
	FUZZ_ASSERT(esc_check_text("la", st.la, ESC_SHORT_MAX, false, false, &err) == ESC_OK);
	FUZZ_ASSERT(esc_check_text("theme", st.theme, ESC_SHORT_MAX, false, false, &err) == ESC_OK);
	esc_buf b;
	esc_buf_init(&b);
	tui_state_format(&st, &b);
	FUZZ_ASSERT(tui_state_parse(b.data, b.len, &back));
	FUZZ_ASSERT(same(&st, &back));
	esc_buf_free(&b);
	return 0;
}
