/* The files of data/, compiled in by data/embed.py. */
#ifndef ESCALATE_DATA_FILES_H
#define ESCALATE_DATA_FILES_H

/* name is the path under data/, e.g. "schema/001_initial.sql"; NULL if absent. */
const char *esc_data_file(const char *name);

#endif
