/* The case summary as a table: the columns `list` writes to CSV and XLSX
 * (the interface's list writes the same workbook), named as its JSON is. */
#include "escalate/export.h"

#include "escalate/procedure.h"

static const esc_column list_columns[ESC_SUMMARY_NCOLS] = {
    {"ref", ESC_CELL_ID},
    {"uuid", ESC_CELL_ID},
    {"state", ESC_CELL_TEXT},
    {"level", ESC_CELL_INT},
    {"level_label", ESC_CELL_TEXT},
    {"child_id", ESC_CELL_ID},
    {"local_authority", ESC_CELL_TEXT},
    {"first_theme", ESC_CELL_TEXT},
    {"owner", ESC_CELL_ID},
    {"opened_at", ESC_CELL_INSTANT},
    {"level_since", ESC_CELL_INSTANT},
    {"level_due", ESC_CELL_DATE},
    {"days_at_level", ESC_CELL_INT},
    {"overdue", ESC_CELL_BOOL},
    {"urgent", ESC_CELL_BOOL},
    {"notification_owed", ESC_CELL_BOOL},
};
static const esc_table list_table = {
    .name = "cases", .title = "Cases", .cols = list_columns, .ncols = ESC_SUMMARY_NCOLS};

const esc_table *export_summary_table(void)
{
	return &list_table;
}

void export_summary_cells(const esc_case_summary *r, esc_cell *c)
{
	const esc_level_info *li = proc_level(r->proc, r->level);
	const char *text[ESC_SUMMARY_NCOLS] = {r->ref,
	                                       r->uuid,
	                                       esc_state_name(r->state),
	                                       NULL,
	                                       li ? li->label : "",
	                                       r->child_id,
	                                       r->local_authority,
	                                       r->first_theme,
	                                       r->owner_login,
	                                       r->opened_at,
	                                       r->level_since,
	                                       r->level_due,
	                                       NULL,
	                                       NULL,
	                                       NULL,
	                                       NULL};
	long long num[ESC_SUMMARY_NCOLS] = {[3] = r->level,
	                                    [12] = r->days_at_level,
	                                    [13] = r->overdue,
	                                    [14] = r->urgent,
	                                    [15] = r->owed};
	for (int i = 0; i < ESC_SUMMARY_NCOLS; i++) {
		bool blank = text[i] && !*text[i] && list_columns[i].kind != ESC_CELL_TEXT;
		c[i] = (esc_cell){.null = blank, .text = text[i] ? text[i] : "", .num = num[i]};
	}
}
