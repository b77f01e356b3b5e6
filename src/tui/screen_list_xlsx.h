/* The case list as an Excel workbook (screen_list_xlsx.c). */
#ifndef ESCALATE_SCREEN_LIST_XLSX_H
#define ESCALATE_SCREEN_LIST_XLSX_H

#include <limits.h>

#include "escalate/query.h"
#include "tui.h"

typedef struct tui_list_xlsx {
	esc_list_filter f; /* its strings point into the copies below */
	char la[ESC_SHORT_MAX + 1], theme[ESC_SHORT_MAX + 1], search[ESC_SHORT_MAX + 1];
	char owner[ESC_LOGIN_MAX + 1];
	char path[PATH_MAX];
	long written;
} tui_list_xlsx;

struct tui;
/* Asks for a file name and writes every case f selects there. */
int tui_list_save_xlsx(struct tui *t, tui_list_xlsx *lx, const esc_list_filter *f);

#endif
