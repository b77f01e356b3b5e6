/* Column widths from the content and the window (columns.h). */
#include "columns.h"

#include <stdio.h>
#include <string.h>

#include "escalate/text.h"

static int used_by(const int *w, int n, int gap)
{
	int total = 0, shown = 0;
	for (int i = 0; i < n; i++)
		if (w[i] > 0) {
			total += w[i];
			shown++;
		}
	return total + (shown > 1 ? (shown - 1) * gap : 0);
}

/* Cuts the columns of priority `cut`, the widest first, until `over` is
 * spent or none can give more; returns what is still over. */
static int shrink(const tui_col *cols, int n, int cut, int over, int *out)
{
	while (over > 0) {
		int widest = -1;
		for (int i = 0; i < n; i++)
			if (out[i] > 0 && cols[i].cut == cut && out[i] > cols[i].min &&
			    (widest < 0 || out[i] > out[widest]))
				widest = i;
		if (widest < 0)
			break;
		out[widest]--;
		over--;
	}
	return over;
}

int tui_columns_fit(const tui_col *cols, int n, int width, int gap, int *out)
{
	int top = 0;
	if (n > TUI_COLS_MAX)
		n = TUI_COLS_MAX;
	if (width < 0)
		width = 0;
	for (int i = 0; i < n; i++) {
		out[i] = cols[i].want > 0 ? cols[i].want : 0;
		top = cols[i].cut > top ? cols[i].cut : top;
		top = cols[i].drop > top ? cols[i].drop : top;
	}
	int over = used_by(out, n, gap) - width;
	for (int p = top; p >= 1 && over > 0; p--) {
		over = shrink(cols, n, p, over, out);
		for (int i = n - 1; i >= 0 && over > 0; i--)
			if (out[i] > 0 && cols[i].drop == p) {
				out[i] = 0;
				over = used_by(out, n, gap) - width;
			}
	}
	if (over > 0)
		over = shrink(cols, n, 0, over, out);
	for (int i = n - 1; i >= 0 && over > 0; i--)
		if (out[i] > 0) {
			/* Nothing else may give: the last column shown takes the cut. */
			out[i] = out[i] > over ? out[i] - over : 0;
			over = used_by(out, n, gap) - width;
		}
	/* Room left (a column left out freed more than was needed): back to
	 * the columns cut, a cell at a time to the narrowest of those cut
	 * last, so they even out again. */
	int spare = width - used_by(out, n, gap);
	for (int p = 0; p <= top && spare > 0; p++)
		while (spare > 0) {
			int narrowest = -1;
			for (int i = 0; i < n; i++)
				if (out[i] > 0 && cols[i].cut == p && out[i] < cols[i].want &&
				    (narrowest < 0 || out[i] < out[narrowest]))
					narrowest = i;
			if (narrowest < 0)
				break;
			out[narrowest]++;
			spare--;
		}
	return used_by(out, n, gap);
}

void tui_columns_cut(const char *s, int width, bool ascii, char *out, size_t outsz)
{
	if (!outsz)
		return;
	out[0] = '\0';
	if (!s || width <= 0)
		return;
	if (esc_display_width(s) <= width) {
		snprintf(out, outsz, "%s", s);
		return;
	}
	const char *mark = ascii ? "..." : "\u2026";
	int mw = ascii ? 3 : 1;
	if (width <= mw) {
		/* No room for a mark and text: as much of the text as fits. */
		size_t n = esc_prefix_for_width(s, width);
		snprintf(out, outsz, "%.*s", (int)n, s);
		return;
	}
	size_t n = esc_prefix_for_width(s, width - mw);
	/* No space left dangling before the mark. */
	while (n > 0 && s[n - 1] == ' ')
		n--;
	snprintf(out, outsz, "%.*s%s", (int)n, s, mark);
}
