/* The configuration's history (schema 007, issue 11 item 11): every change
 * of a theme, local authority, timescale, bank holiday or setting (the
 * pattern rule, the time zone `time_zone`, ...) is an append-only row,
 * chained by hash like the case history, with who made it and when.
 * `escalate config history` lists it; `escalate verify` recomputes the chain
 * and checks that the configuration in force is the one it leaves. */
#ifndef ESCALATE_CONFIG_HISTORY_H
#define ESCALATE_CONFIG_HISTORY_H

#include <stdbool.h>

#include "escalate/audit.h"
#include "escalate/error.h"
#include "escalate/store.h"

/* What a row's hash covers after its previous hash, in order; the baseline
 * of 007_security.sql hashes the same fields verbatim. */
#define ESC_HASHED_CONFIG_HISTORY_COLUMNS "at, actor_id, item, key, change, old_value, new_value"

/* Items (config_history.item). */
#define ESC_CONFIG_THEME     "theme"
#define ESC_CONFIG_LA        "local authority"
#define ESC_CONFIG_TIMESCALE "timescale"
#define ESC_CONFIG_HOLIDAY   "holiday"
#define ESC_CONFIG_SETTING   "setting"

/* Appends a change of `item` `key` from old_value to new_value (NULL:
 * absent), by the store's actor at the store's clock (store_set_actor); the
 * caller holds the write transaction.  No row when the two values are equal,
 * nor on a database older than schema 007 (during its migrations). */
esc_status config_history_record(esc_db *db, const char *item, const char *key,
                                 const char *old_value, const char *new_value, esc_error *err);

typedef struct esc_config_change {
	long long id;
	const char *at, *actor; /* actor: the login, "" for none (the baseline) */
	const char *item, *key, *change;
	const char *old_value, *new_value; /* NULL: absent */
} esc_config_change;
typedef bool (*esc_config_change_cb)(const esc_config_change *c, void *ctx);
esc_status config_history_each(esc_db *db, esc_config_change_cb cb, void *ctx, esc_error *err);

/* Part of audit_verify: the chain (first_broken_config_row), then the
 * configuration in force against the latest row of each entry
 * (inconsistent_config); problems noted in out->problem. */
esc_status config_history_verify(esc_db *db, esc_verify_report *out, esc_error *err);

/* The newest row's id and hash (0 and "" when empty), and how many rows. */
esc_status config_history_head(esc_db *db, long long *rows, char head[65], esc_error *err);

#endif
