/* The text `escalate show CASE` prints in its text and record formats, in
 * one place so that every way out of the interface (the record entry saved
 * to a file or piped to a command) gives exactly the same bytes. */
#include <stdbool.h>

#include "escalate/case_format.h"
#include "escalate/civil.h"
#include "escalate/retention.h"

void case_show_text(struct esc_db *db, long long id, const esc_case *c, esc_format fmt,
                    esc_buf *out)
{
	esc_purge_info purge;
	esc_error err;
	esc_error_clear(&err);
	if (fmt != ESC_FMT_JSON && retention_purge_info(db, id, &purge, &err) == ESC_OK &&
	    purge.purged) {
		esc_buf raw;
		esc_buf_init(&raw);
		char when[ESC_CIVIL_TEXT_LEN + 1];
		esc_instant_show(purge.at, 19, when);
		esc_buf_printf(&raw, "Content removed by a retention purge on %s by %s: %s\n", when,
		               purge.by_login, purge.reason);
		esc_sanitize(out, raw.data, true);
		esc_buf_free(&raw);
	}
	if (fmt == ESC_FMT_JSON)
		case_format_json(c, out);
	else if (fmt == ESC_FMT_RECORD)
		case_format_record(c, out);
	else
		case_format_text(c, out);
	if (out->len && out->data[out->len - 1] != '\n')
		esc_buf_puts(out, "\n");
}
