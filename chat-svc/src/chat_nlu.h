/* chat_nlu: message understanding. Turns one chat message into an intent plus
 * entities (title, due date, priority, tags, a reference to existing todos,
 * list filters). Pure: no I/O, no state; everything is allocated from the
 * caller's turn allocator. */
#ifndef CHAT_NLU_H
#define CHAT_NLU_H

#include <stdbool.h>
#include <stddef.h>
#include <protobuf-c/protobuf-c.h>

#include "chat_date.h"

typedef enum chat_intent {
    CHAT_UNKNOWN = 0,
    CHAT_ADD,
    CHAT_LIST,
    CHAT_COMPLETE,
    CHAT_REOPEN,
    CHAT_DELETE,
    CHAT_UPDATE,
    CHAT_CLEAR,
    CHAT_UNDO,
    CHAT_CONFIRM,
    CHAT_CANCEL,
    CHAT_HELP,
    CHAT_GREETING,
    CHAT_INTENT_COUNT
} chat_intent_t;

typedef enum chat_ref_kind {
    CHAT_REF_NONE = 0,
    CHAT_REF_TEXT,     /* ref_text names it ("the milk one" -> "milk") */
    CHAT_REF_POSITION, /* ref_pos in the last list shown (1-based; -1 = last) */
    CHAT_REF_RECENT,   /* "it", "that": the todo the conversation is about */
    CHAT_REF_ALL,      /* "all", "everything", "all the work ones" (ref_text may narrow) */
} chat_ref_kind_t;

typedef enum chat_when {
    CHAT_WHEN_ANY = 0,
    CHAT_WHEN_RANGE,   /* due in [from, to) */
    CHAT_WHEN_OVERDUE, /* open and due before now */
    CHAT_WHEN_NODATE,  /* no due date */
} chat_when_t;

typedef struct chat_nlu {
    chat_intent_t intent;
    /* add: the new todo's title; update: the new title when renaming */
    char *title;
    /* add: several things said together ("eggs and flour", "milk, bread and
       eggs", "add 3 things: X, Y, Z"): each a todo of its own with the same
       due date, priority and tags; title is the first. NULL (n_items 0)
       when the add makes one todo. */
    char **items;
    size_t n_items;
    char *note; /* update: text to add to the todo's notes ("add a note to X: ...") */
    bool has_due;
    chat_date_t due;
    bool clear_due; /* update: remove the due date */
    int shift_min;  /* update: "push it back a day / an hour" in minutes (0 = none) */
    bool postpone;  /* update: "postpone X" with no date: a day later */
    int priority;   /* todo.v1 Priority value, 0 = not mentioned */
    /* add/update: an RRULE without "RRULE:" ("FREQ=WEEKLY;BYDAY=MO"), or NULL */
    char *recurrence;
    bool clear_recurrence; /* update: "stop repeating X" */
    int remind_before;     /* update: "remind me 30 minutes before X", minutes (0 = none),
                              or CHAT_NLU_REMIND_EVE ("the night before") */
    /* update: "remind me about X at 4": remind_at, unix seconds (0 = none);
       due holds the same instant (has_due false) for an add when no X exists */
    int64_t remind_at;
    char *remind_title; /* with remind_at: the new todo's title when no X exists */
    char **tags;        /* lower-case, without '#' */
    char *untag;        /* update: the tag to take off ("take the work tag off X"), or
                           CHAT_NLU_ANY_TAG ("take that tag off"): the one it has, or those
                           the message names */
    size_t n_tags;
    /* the existing todo(s) the message is about */
    chat_ref_kind_t ref;
    char *ref_text;
    /* CHAT_REF_TEXT after a past verb ("called mom", "paid the bill ✅"): the
       verb's base form ("call"), or NULL. "<ref_verb> <ref_text>" is tried
       first; ref_text alone when that names no single todo. */
    char *ref_verb;
    /* CHAT_REF_TEXT after a done command that is also the deed ("finished
       X", "done X"): "finish", "do", or NULL. Tried first like ref_verb,
       without ref_verb's checks of what the news names. */
    char *done_verb;
    /* ref_verb is a regular past verb no lexicon knows ("swapped the shower
       head"): only a todo whose title opens with it is named; any other
       match is asked about first */
    bool deed_loose;
    bool ref_talk;  /* ref_text is talk before a closing command on "it" ("the
                       portal crashed, reopen it", "mom picked it up, mark it
                       done"): when it names no todo, or several, one of them
                       the todo just touched, "it" is that todo */
    bool ref_shown; /* CHAT_REF_ALL said of the list just shown ("all of these",
                       "both of those"): those todos, when a list was shown */
    bool bare_all;  /* CHAT_REF_ALL in a statement with no command verb ("all
                       done"): with no list shown, asked before it changes all */
    int ref_pos;
    int ref_count; /* CHAT_REF_POSITION: how many from ref_pos ("the first two"); 0 = 1;
                      CHAT_REF_TEXT: 2 for "both X": the two todos X names alike;
                      CHAT_REF_ALL: 2 for "both" of the list shown */
    /* "and the gas one", "same for the crackers": the previous turn's
       change (complete, reopen, delete, update of a named todo) again, on
       ref; intent is CHAT_UNKNOWN, and alt_add the add it also reads as */
    bool again;
    /* "skip the gym": a delete verb the rules would not act on (its target
       not marked as a todo); intent is CHAT_UNKNOWN, ref_text the target,
       and alt_add the add the message also reads as, which chat_engine
       makes only when ref_text names no todo */
    bool declined;
    /* list filters */
    int status; /* todo.v1 StatusFilter: 0 any, 1 open, 2 done */
    chat_when_t when;
    int64_t from, to;     /* CHAT_WHEN_RANGE, unix seconds */
    char *query;          /* text search */
    const char *order_by; /* todo-svc's order_by ("priority desc", "due", "title"), or NULL */
    bool question;        /* "is X on my list?" */
    bool weak_list;       /* "what is X?" with no list words: a list only if X is on it */
    /* the search's content words (list stop words left out), each in the
       user's words: a todo matching more of them is a better answer, and
       words that match no todo are talk ("anything slipped past its due
       date?"), not search terms */
    char **query_words;
    size_t n_query_words;
    /* the question also read a filter (status, period, priority, tag) or
       asks "how many": when no query word matches any todo, the filters
       alone answer; otherwise "nothing matches" */
    bool query_soft;
    /* complete/delete/update of CHAT_REF_TEXT that also reads as a new task
       ("mark the year 9 essays by thursday", "delete my old emails on
       monday"): that add, for when no todo matches; else NULL */
    struct chat_nlu *alt_add;
    /* the reading is a fallback (nothing read, a bare item, the
       classifier's guess, a delete verb declined): chat_engine may read the
       message again against the user's todos (chat_nlu_anchor) */
    bool weak;
    /* the message tells a plan or passes on news ("we'll probably delete
       X", "heads up, the Millars are bringing Bello in Monday"): intent is
       CHAT_UNKNOWN and no other reading of a part of it is tried */
    bool told;
} chat_nlu_t;

/* remind_before of "remind me the night before": 20:00 on the day before
 * the due day. */
#define CHAT_NLU_REMIND_EVE (-1)

/* untag of a tag not named ("take the tag off X"). */
#define CHAT_NLU_ANY_TAG "*"
/* ref_text of CHAT_REF_ALL for "all the overdue ones": open todos due before now. */
#define CHAT_NLU_OVERDUE "!overdue"
/* ref_text of CHAT_REF_ALL for "all the low priority ones": this prefix and
 * the todo.v1 Priority digit ("!priority:1" low, 2 medium, 3 high). */
#define CHAT_NLU_PRIORITY "!priority:"

/* Longer messages (in bytes) are not read as commands: a polite unknown. */
#define CHAT_NLU_MAX_COMMAND 600

/* Stable wire name of an intent ("add_todo"); "unknown" when out of range.
 * Defined in chat_intent.c (the build-time trainer needs it too). */
const char *chat_intent_name(chat_intent_t intent);

/* Understands msg[0..len) (any bytes) relative to ctx. Fills *out with
 * strings allocated from mem. Never fails: anything it cannot read is
 * CHAT_UNKNOWN, and so is a message over CHAT_NLU_MAX_COMMAND bytes or 120
 * words. */
void chat_nlu_parse(const char *msg, size_t len, const chat_date_ctx_t *ctx,
                    ProtobufCAllocator *mem, chat_nlu_t *out);

/* Does msg[0..len), said right after a yes-or-no question, refuse it as a
 * person waiting for that answer would hear it: a no among its first three
 * words ("wait no actually dont, jess might drag me back", "eh jangan
 * jangan, nanti aja") or a change of mind anywhere ("abeg leave am, i
 * change my mind", "i have misclicked")? Scratch from mem; pure; any
 * thread. The caller asks only when the message reads as no command. */
bool chat_nlu_refuses(const char *msg, size_t len, const chat_date_ctx_t *ctx,
                      ProtobufCAllocator *mem);

/* One of the user's todos, as chat_nlu_anchor sees it. */
typedef struct chat_nlu_todo {
    const char *title;
    bool done;
} chat_nlu_todo_t;

/* Reads msg again, for when the rules' reading was a fallback (a bare item,
 * a classifier's guess, nothing) or named a todo that does not exist, as a
 * change to the todo among todos[0..n) that it names by that todo's own
 * words anywhere ("brisket's out, thanks", "mechanic's now thursday at 8",
 * "lotto ticket's not needed, delete"), with what the rest of the message
 * says of it: not done after all (reopen), a property (update), an
 * explicit delete verb (delete), a done cue (complete). Several todos
 * named alike give their shared words as ref_text, so chat_engine asks.
 * first_add: the rules read a new item, so a date or priority alone is
 * not a change (it takes a change word: "now", "instead", "flag" ...).
 * Returns true and fills *out (strings from mem) when it reads so; false,
 * out untouched, otherwise. Pure; any thread. */
bool chat_nlu_anchor(const char *msg, size_t len, const chat_date_ctx_t *ctx,
                     ProtobufCAllocator *mem, const chat_nlu_todo_t *todos, size_t n,
                     bool first_add, chat_nlu_t *out);

#endif
