/* chat_state: the dialogue state that travels between turns inside the
 * opaque `context` string: the last list shown, the todo the conversation is
 * about, a pending question (confirm a bulk delete, choose among candidates)
 * and what `undo` would revert.
 *
 * The context is bounded (CHAT_STATE_MAX_BYTES), so it never lists every
 * todo of a bulk change: a confirmation of "delete everything" carries the
 * selection (CHAT_SEL_ALL/CHAT_SEL_DONE) instead of ids, and undo carries at
 * most CHAT_STATE_MAX_IDS snapshots.
 *
 * Wire form: "c1." + base64url(payload || mac) where mac is the first 16
 * bytes of HMAC-SHA256(key, "chat-context-v1" || user_id || 0 || payload), so
 * a context is only accepted by a server holding the key and only for the
 * user it was issued to. Any replica with the same key serves any turn. */
#ifndef CHAT_STATE_H
#define CHAT_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <protobuf-c/protobuf-c.h>

#define CHAT_STATE_MAX_IDS     50
#define CHAT_STATE_MAX_BYTES   12000 /* encoded payload cap; undo data is dropped first */
#define CHAT_STATE_PENDING_TTL 600   /* s: an unanswered question lapses ("yes" next week) */
#define CHAT_STATE_UNDO_TTL    86400 /* s: undo reaches back one day at most */

typedef enum chat_pending {
    CHAT_PENDING_NONE = 0,
    CHAT_PENDING_CONFIRM, /* apply action to every id in cand once confirmed */
    CHAT_PENDING_CHOOSE,  /* apply action to the one of cand the user picks */
} chat_pending_t;

/* What a pending confirmation applies to. */
typedef enum chat_sel {
    CHAT_SEL_IDS = 0, /* the todos in cand */
    CHAT_SEL_ALL,     /* every todo the action applies to whose title sel_text names (NULL:
                         every one), created at or before sel_before_ms */
    CHAT_SEL_DONE,    /* every done todo completed at or before sel_before_ms */
} chat_sel_t;

typedef enum chat_undo {
    CHAT_UNDO_NONE = 0,
    CHAT_UNDO_DELETE_IDS, /* undo an add: delete ids */
    CHAT_UNDO_RECREATE,   /* undo a delete: create the snapshots again */
    CHAT_UNDO_RESTORE,    /* undo an update: write back the mask fields of the snapshots */
} chat_undo_t;

/* Update-mask bits for CHAT_UNDO_RESTORE. */
enum {
    CHAT_FIELD_TITLE = 1,
    CHAT_FIELD_DONE = 2,
    CHAT_FIELD_PRIORITY = 4,
    CHAT_FIELD_DUE = 8,
    CHAT_FIELD_TAGS = 16,
    CHAT_FIELD_NOTES = 32,
    CHAT_FIELD_RECUR = 64,  /* recurrence and time_zone */
    CHAT_FIELD_REMIND = 128 /* remind_at */
};

/* What to do once the target is known (mirrors the parts of chat_nlu_t that
 * act on an existing todo). */
typedef struct chat_action {
    int intent; /* chat_intent_t */
    char *title;
    bool has_due;
    int64_t due;
    bool clear_due;
    bool postpone;
    int shift_min;  /* minutes; whole days keep the local time of day */
    bool time_only; /* due names a time of day only: keep the todo's date */
    bool bare_hour; /* due's hour had no am/pm: keep the todo's half of the day */
    bool day_only;  /* due names a day only: keep the todo's time of day */
    int priority;
    char **tags;
    size_t n_tags;
} chat_action_t;

typedef struct chat_state {
    int64_t issued; /* the turn's now (unix seconds) when this state was made */
    char **shown;   /* ids of the last list shown, in order */
    size_t n_shown;
    char *focus; /* id the conversation is about ("it"), or NULL */
    chat_pending_t pending;
    /* with a question pending: what the answer applies; with none: the
       change the turn made to named todos ("and the gas one" repeats it),
       or all zero */
    chat_action_t action;
    char **cand;
    size_t n_cand;
    chat_sel_t sel;        /* CHAT_PENDING_CONFIRM: cand, or a selection */
    char *sel_text;        /* CHAT_SEL_ALL: narrowing words, or NULL */
    int64_t sel_before_ms; /* CHAT_SEL_ALL/DONE: unix ms, the newest stamp the question counted */
    chat_undo_t undo;
    int undo_intent; /* the intent whose change undo reverts */
    unsigned undo_mask;
    char **undo_ids; /* CHAT_UNDO_DELETE_IDS */
    size_t n_undo_ids;
    ProtobufCBinaryData *undo_todos; /* packed todo.v1.Todo snapshots */
    size_t n_undo_todos;
    /* CHAT_UNDO_RESTORE: per snapshot, the todo's updated_at (unix ms) right
     * after the change; undo leaves a todo that has changed since alone.
     * n_undo_stamps is 0 (no check) or n_undo_todos. */
    int64_t *undo_stamps;
    size_t n_undo_stamps;
} chat_state_t;

/* Encodes st for user_id, signed with key; the string is allocated from mem.
 * Lists longer than CHAT_STATE_MAX_IDS are cut; undo data that would make the
 * context larger than CHAT_STATE_MAX_BYTES is dropped. Never fails. */
char *chat_state_encode(const chat_state_t *st, const char *user_id, const unsigned char *key,
                        size_t key_len, ProtobufCAllocator *mem);

/* Decodes ctx issued for user_id under key into *st (strings from mem); a
 * context of the previous version (no selection, no stamps) is still read.
 * Returns 0; or TC_EINVAL (with *st zeroed) for an empty, foreign, forged,
 * truncated or otherwise garbled context: the caller starts afresh. */
int chat_state_decode(const char *ctx, const char *user_id, const unsigned char *key,
                      size_t key_len, ProtobufCAllocator *mem, chat_state_t *st);

#endif
