/* store_cols: the columns of a row of `todos` as both SQL engines
 * (store_sqlite.c, store_pg.c) select them, and each one's index in the
 * result, so that the row layout the engines share is written once. The
 * schemas keep these column names; adding one is a name in TODO_COLS and an
 * index before TODO_COL_N, at the same place in both. */
#ifndef TODO_STORE_COLS_H
#define TODO_STORE_COLS_H

#define TODO_COLS                                                                                  \
    "seq, id, title, notes, done, priority, due_s, due_ns, tags, created_ms, updated_ms, "         \
    "completed_ms, recurrence, time_zone, series_start_s, spawned, remind_s, remind_ns, "          \
    "reminded_ms, next_id"

enum todo_col {
    TODO_COL_SEQ,
    TODO_COL_ID,
    TODO_COL_TITLE,
    TODO_COL_NOTES,
    TODO_COL_DONE,
    TODO_COL_PRIORITY,
    TODO_COL_DUE_S,
    TODO_COL_DUE_NS,
    TODO_COL_TAGS,
    TODO_COL_CREATED,
    TODO_COL_UPDATED,
    TODO_COL_COMPLETED,
    TODO_COL_RECUR,
    TODO_COL_TZ,
    TODO_COL_SERIES,
    TODO_COL_SPAWNED,
    TODO_COL_REMIND_S,
    TODO_COL_REMIND_NS,
    TODO_COL_REMINDED,
    TODO_COL_NEXT_ID,
    TODO_COL_N, /* the columns in TODO_COLS */
    /* Statements that copy a store select the owner after TODO_COLS. */
    TODO_COL_USER = TODO_COL_N,
};

#endif
