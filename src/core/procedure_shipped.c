/* The procedure files shipped in data/procedures/ (compiled in by
 * data/embed.py) and the default one every case follows unless its local
 * authority is assigned another. */
#include "escalate/procedure_file.h"

#include <stdlib.h>
#include <string.h>

#include "data_files.h"

static const char *const shipped[] = {
	"cambs-peterborough",
	"lincolnshire",
	"west-yorkshire",
};

size_t proc_shipped_count(void)
{
	size_t n = 0;
	for (size_t i = 0; i < sizeof shipped / sizeof shipped[0]; i++)
		n += proc_shipped_text(shipped[i]) != NULL;
	return n;
}

const char *proc_shipped_name(size_t i)
{
	/* only those compiled in, in order */
	for (size_t k = 0; k < sizeof shipped / sizeof shipped[0]; k++)
		if (proc_shipped_text(shipped[k]) && i-- == 0)
			return shipped[k];
	return NULL;
}

const char *proc_shipped_text(const char *name)
{
	char path[96];
	if (!name || strlen(name) > ESC_PROC_NAME_MAX)
		return NULL;
	memcpy(path, "procedures/", 11);
	strcpy(path + 11, name);
	strcat(path, ".ini");
	return esc_data_file(path);
}

const esc_procedure *proc_default(void)
{
	static esc_procedure p;
	static int state; /* 0 not read, 1 read */
	if (!state) {
		const char *text = proc_shipped_text("cambs-peterborough");
		/* The tests check this file parses without a problem; a build whose
		 * default procedure does not is no escalate to run. */
		if (!text || proc_file_parse(text, strlen(text), &p, NULL, NULL) != ESC_OK)
			abort();
		state = 1;
	}
	return &p;
}
