/* The quarterly table as JSON (data/schema/json/report.schema.json): one
 * table, or one per procedure under "procedures" when the period's cases
 * follow several.  Names are escaped by esc_json_string. */
#include "report_int.h"

#include "escalate/json_out.h"
#include "escalate/procedure.h"
#include "escalate/procedure_file.h"

/* "period":{...} */
static void report_json_period(const esc_report *r, esc_buf *out)
{
	esc_buf_puts(out, "\"period\":{\"label\":");
	esc_json_string(out, r->period.label);
	esc_buf_puts(out, ",\"from\":");
	esc_json_day(out, r->period.from);
	esc_buf_puts(out, ",\"to\":");
	esc_json_day(out, r->period.to);
	esc_buf_printf(out, ",\"ended\":%s}", r->open_as_of == r->period.to ? "true" : "false");
}

static void json_by_level(const esc_report *r, esc_buf *out, const long *v)
{
	esc_buf_add(out, "{", 1);
	for (int l = ESC_LEVEL_MIN; l <= proc_levels(r->proc); l++)
		esc_buf_printf(out, "%s\"%d\":%ld", l > ESC_LEVEL_MIN ? "," : "", l, v[l]);
	esc_buf_add(out, "}", 1);
}

/* data/schema/json/report.schema.json: one table, without the closing
 * brace (the receipt may follow); named: its procedure first. */
void report_json_table(const esc_report *r, bool named, esc_buf *out)
{
	esc_buf_add(out, "{", 1);
	if (named) {
		const esc_procedure *p = proc_or_default(r->proc);
		esc_buf_puts(out, "\"procedure\":{\"name\":");
		esc_json_string(out, p->name);
		esc_buf_printf(out, ",\"version\":%d,\"title\":", p->version);
		esc_json_string(out, p->title);
		esc_buf_puts(out, "},");
	}
	report_json_period(r, out);
	esc_buf_puts(out, ",\"rows\":[");
	for (size_t i = 0; i < r->nrows; i++) {
		const esc_report_row *row = &r->rows[i];
		esc_buf_printf(out, "%s{\"level\":%d,\"label\":", i ? "," : "", row->level);
		esc_json_string(out, proc_level(r->proc, row->level)->label);
		esc_buf_puts(out, ",\"local_authority\":");
		esc_json_string(out, row->local_authority);
		esc_buf_printf(out, ",\"number\":%ld,\"urgent\":%ld,\"themes\":[", row->number,
		               row->urgent);
		for (size_t k = 0; k < row->nthemes; k++) {
			esc_buf_puts(out, k ? ",{\"theme\":" : "{\"theme\":");
			esc_json_string(out, row->themes[k].theme);
			esc_buf_printf(out, ",\"count\":%ld}", row->themes[k].count);
		}
		esc_buf_puts(out, "]}");
	}
	esc_buf_puts(out, "],\"level_totals\":");
	json_by_level(r, out, r->level_total);
	esc_buf_printf(out, ",\"total\":%ld,\"urgent_total\":%ld,\"cases\":%ld,\"resolved\":",
	               r->total, r->urgent_total, r->cases);
	json_by_level(r, out, r->resolved_at);
	esc_buf_printf(out, ",\"open_at_end\":%ld,\"open_overdue_at_end\":%ld,\"open_as_of\":",
	               r->open_at_end, r->open_overdue_at_end);
	esc_json_day(out, r->open_as_of);
	esc_buf_puts(out, ",\"themes_by_local_authority\":[");
	for (size_t i = 0; i < r->ntheme_la; i++) {
		esc_buf_puts(out, i ? ",{\"local_authority\":" : "{\"local_authority\":");
		esc_json_string(out, r->theme_la[i].local_authority);
		esc_buf_puts(out, ",\"theme\":");
		esc_json_string(out, r->theme_la[i].theme);
		esc_buf_printf(out, ",\"cases\":%ld}", r->theme_la[i].cases);
	}
	/* every figure with its one label, as the other formats show it */
	esc_buf_puts(out, "],\"figures\":[");
	figure_ref figs[NFIGURES];
	size_t n = report_all_figures(r, figs);
	esc_buf label;
	esc_buf_init(&label);
	for (size_t i = 0; i < n; i++) {
		esc_buf_reset(&label);
		report_figure_label(r, figs[i].f, figs[i].level, &label);
		esc_buf_printf(out, "%s{\"row\":\"%s\",\"level\":", i ? "," : "",
		               report_figure_row(figs[i].f));
		if (figs[i].level)
			esc_buf_printf(out, "%d", figs[i].level);
		else
			esc_buf_puts(out, "null");
		esc_buf_puts(out, ",\"label\":");
		esc_json_string(out, label.data);
		esc_buf_printf(out, ",\"number\":%ld}", report_figure_value(r, figs[i].f, figs[i].level));
	}
	esc_buf_free(&label);
	esc_buf_puts(out, "]");
}


void report_json_set(const esc_report_set *set, esc_buf *out)
{
	esc_buf_add(out, "{", 1);
	report_json_period(&set->items[0], out);
	esc_buf_puts(out, ",\"procedures\":[");
	for (size_t i = 0; i < set->n; i++) {
		if (i)
			esc_buf_add(out, ",", 1);
		report_json_table(&set->items[i], true, out);
		esc_buf_add(out, "}", 1);
	}
	esc_buf_add(out, "]", 1);
}
