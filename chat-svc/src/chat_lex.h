/* chat_lex: the lexicon of chat_nlu, as data. Phrase sets, synonyms, filler
 * and stop words, and the command vocabulary live here, one table per
 * meaning, so adding a wording is one row and no control flow changes.
 *
 * Two kinds of table:
 *  - word lists: NULL-terminated arrays of normalised words (chat_tok norms:
 *    lower case, apostrophes dropped, so "don't" is "dont");
 *  - patterns: NULL-terminated arrays of chat_pat patterns (grammar in
 *    chat_pat.h): words separated by spaces, alternatives joined by '|', a
 *    leading '?' makes a word optional ("get rid of", "i|we ?dont need").
 * Every table is read-only and owned by this module. */
#ifndef CHAT_LEX_H
#define CHAT_LEX_H

#include <stdbool.h>
#include <stddef.h>

/* ---- deleting (see chat_nlu rule_delete) ----
 * A delete needs a verb for it used as a verb. Three strengths:
 *  - strong: "delete", "remove", "get rid of": the rest names the todo;
 *  - noun-like: "bin", "trash", "scrap", "cancel": also nouns or task
 *    words ("bin bags", "trash bags"), so the target must be marked as a
 *    reference (the/my/that/it/all, quotes, a position, "one"/"task"...);
 *  - task-like: "clear", "drop", "take out", "throw away", "lose": these
 *    are tasks as often as commands ("clear the gutters", "take out the
 *    trash", "lose weight"), so a plain "the X" is not enough: the target
 *    needs a todo word ("one", "task", "reminder", "from my list"), a
 *    pronoun, "all", quotes or a position. */
extern const char *const chat_lex_delete_strong[];
/* Verbs that open a command to drop a todo without saying "delete" ("scrap
 * the bbq", "forget about the car wash"): alternatives for one pattern word,
 * spliced into the patterns that need them. */
#define CHAT_LEX_DROP_VERBS "scrap|ditch|drop|cancel|bin|nix|forget"
extern const char *const chat_lex_delete_nounlike[];
extern const char *const chat_lex_delete_tasklike[];
/* Words after a noun-like verb that make the rest a reference. */
extern const char *const chat_lex_ref_determiner;
/* Words anywhere in the target that say it is a todo ("the gym one"). */
extern const char *const chat_lex_ref_marker;
/* Statements that a named todo should go ("X can go", "X is not needed"). */
extern const char *const chat_lex_delete_gone[];
/* Trailing words after a delete's target ("from my list", "for good"). */
extern const char *const chat_lex_delete_suffix[];

/* ---- properties ----
 * A todo's properties named as the object of a verb ("take that tag off",
 * "knock the date off the dentist", "strike the deadline from X"): a
 * determiner (chat_lex_property_owners), at most one word, a property
 * word, then off|from|away|of|on or the end. Such a message changes the
 * property; it never completes or deletes the todo (patterns). */
extern const char *const chat_lex_property_owners;
extern const char *const chat_lex_property_words;
extern const char *const chat_lex_property_after;
/* Pronouns that, after a named property, stand for it ("…a date, take it off"). */
extern const char *const chat_lex_property_pronouns;

/* ---- updating ----
 * Words between a todo and "called"/"named" that make the rest its new
 * name ("X should be called Y", "X is now named Y"). */
extern const char *const chat_lex_rename_links[];
/* Verbs that change a priority when one is named after the todo ("drop X
 * to low priority", "bump X to high"): never a delete. */
extern const char *const chat_lex_priority_verbs;

/* ---- recurrence ----
 * Phrases of a repeating todo and their RRULE (without "RRULE:"), tried in
 * order; the words matched are taken. A rule ending in "BYMONTHDAY=" gets
 * the due date's day of the month ("on the 1st of every month"). A weekday
 * after "every|each ?other" and "every|each last" is read in chat_nlu
 * (chat_lex_weekdays). A part of the day in the phrase gives the first
 * occurrence its hour (as chat_date's parts of the day: morning 9,
 * evening 19, night 21) when no time is said. */
typedef struct chat_lex_recur {
    const char *pat;
    const char *rrule;
    int hour; /* the hour a part of the day gives it ("every evening" 19), else 0 */
} chat_lex_recur_t;
extern const chat_lex_recur_t chat_lex_recurrences[];
/* Weekday patterns, Monday first, with their RRULE day codes. */
extern const char *const chat_lex_weekdays[7][2];
/* "stop repeating X", "X shouldn't repeat": the todo stops recurring. */
extern const char *const chat_lex_stop_repeat[];
extern const char *const chat_lex_stop_repeat_suffix[];

/* ---- months ----
 * Twelve patterns, January first ("december|dec"), for list questions
 * about a month ("what's due in december?"). */
extern const char *const chat_lex_months[];

/* ---- reasons ----
 * Clauses after a comma that give a reason or a feeling and name nothing
 * ("..., not needed anymore", "..., woo"): dropped when they are the whole
 * rest of the message. */
extern const char *const chat_lex_reason_clauses[];

/* Words that, right after a todo's name, open commentary rather than
 * continue the name ("learn ukulele lol never happening", "the dentist
 * appointment from my list, ..."): where chat_engine may cut a reference
 * that names no todo as a whole. */
extern const char *const chat_lex_ref_commentary[];
/* Words that open where something was done ("dropped off the parcel at the
 * post office"): a todo named before them is named without them. */
extern const char *const chat_lex_ref_places[];
/* Words that name a todo by another of its words ("the rice shopping" is
 * "buy rice"): pairs, NULL-ended; chat_ref scores them as a near match. */
extern const char *const chat_lex_ref_synonyms[][2];
/* British and American spellings of one word ("tyres"/"tires",
 * "grey"/"gray"): the same word when a title is matched, no slip. */
extern const char *const chat_lex_ref_spellings[][2];
/* "all of these", "both of those", "all": the todos of the list just shown
 * (all of the user's when none was); read before chat_lex_ref_all. */
extern const char *const chat_lex_ref_shown[];
/* Words that mark a todo named as one ("the gym one", "that task", "it"). */
extern const char *const chat_lex_ref_marks[];
/* Words that link a todo's head to what qualifies it ("Pick up cake from
 * the bakery", "Send CV to Andela"): the head is the word before the first
 * (chat_ref_names_head). */
extern const char *const chat_lex_ref_links[];
/* The word after "or" that makes a message a question ("X done or not"). */
extern const char *const chat_lex_or_not[];
/* Words that end a todo's title without being its head ("Book train
 * tickets home", "Renew passport online"). */
extern const char *const chat_lex_ref_tail_adverbs[];
/* A deed and the task it undoes ("returned the shoes" is no news that
 * "Buy school shoes" is done): pairs of verb stems, NULL-ended. */
extern const char *const chat_lex_ref_undoes[][2];

/* ---- clauses ---- */
/* Words opening a first clause before a closing command about "it" ("I
 * didn't finish X, mark it as not done", "I've done X, tick it off"). */
extern const char *const chat_lex_clause_openers[];
/* A todo's state said at the end of a first clause before "delete it"
 * ("the first one's off", "yoga is cancelled"). */
extern const char *const chat_lex_gone_states[];

/* ---- references ---- */
/* Whole references meaning the todo the conversation is about ("it",
 * "that one", "the one i just added"). */
extern const char *const chat_lex_ref_recent[];
/* Whole references meaning every todo ("everything", "the whole list"). */
extern const char *const chat_lex_ref_all[];
/* Words that alone, after a command, also mean "it" ("done", "yay"). */
extern const char *const chat_lex_ref_filler_only[];

/* ---- conversation ---- */
/* Small talk that asks nothing of the list ("how are you doing today"):
 * whole-message phrases, after fillers. */
extern const char *const chat_lex_small_talk[];
/* A plan told in passing, not asked for: a hedge opening the message
 * ("we'll probably", "maybe I'll", "I might", "thinking about", "planning
 * to") before a verb that would change a todo ("we'll probably delete the
 * Garza boarding todo once they confirm"): nothing changes. */
extern const char *const chat_lex_plan_hedges[];
extern const char *const chat_lex_plan_verbs;
/* News passed on ("heads up, the Millars are bringing Bello in Monday",
 * "fyi Dr. Patel is out until Wednesday"): a lead of chat_lex_news_leads
 * and no word of chat_lex_news_asks after it changes nothing. */
extern const char *const chat_lex_news_leads[];
extern const char *const chat_lex_news_asks;
/* Talk before a hedge ("honestly i might delete X", "lol we'll prob move X"). */
extern const char *const chat_lex_plan_openers;
/* Words between a hedge and its verb ("i might just delete X"). */
extern const char *const chat_lex_plan_then;
/* A change of mind after a plan that asks for a change after all ("...
 * no wait, move it to friday"): a correction word, then one of these
 * verbs within a few words; "actually no keep it" asks nothing. */
extern const char *const chat_lex_plan_corrections;
/* A request after a plan, anywhere later ("I'm thinking of moving house,
 * add find estate agent", "..., go ahead and delete it"): the message asks
 * after all. */
extern const char *const chat_lex_plan_asks[];
extern const char *const chat_lex_plan_requests;
/* Questions about what the assistant can do: whole-message phrases. */
extern const char *const chat_lex_help_phrases[];
/* Words of the app's own things: a longer how-question with one of them
 * asks for help ("How do I put in something with a date on it?"). */
extern const char *const chat_lex_help_app_words[];

/* ---- words of other languages (chat_rule_view nlu_gloss) ----
 * Phrases that writers who mix languages put around an English command, read
 * as English before any rule runs: "tapos na yung laundry", "tick am",
 * "delete kar do", "meter en la lista: ...". pat is a chat_pat pattern
 * without optional words (single foreign words are chat_tok aliases, and
 * pat is compared after them: "tapos" is already "done"); as gives one word
 * per pattern word: the English norm the token is read as, "=" to keep it,
 * "-" to drop it (a particle that says nothing in English), "-." to drop
 * it only where a clause ends ("sent the CV today po, check it off"; "levar
 * o carro" keeps its "o"), or "past" for
 * the past form of the verb it is ("pay" -> "paid", "fix" -> "fixed"). A glossed
 * token keeps its text in titles; a dropped one is gone from them. */
typedef struct chat_lex_gloss {
    const char *pat;
    const char *as;
} chat_lex_gloss_t;
extern const chat_lex_gloss_t chat_lex_glosses[];

/* ---- fillers ---- */
/* Polite and indirect wrappers before a command, tried in order at the
 * start of the message ("I'd really appreciate it if you could ..."). */
#define CHAT_LEX_ASKS_BOT   1 /* "can you ...": a bare verb is a request to the bot */
#define CHAT_LEX_CORRECTION 2 /* "actually ...": a follow-up fix */
typedef struct chat_lex_lead {
    const char *pat;
    int flags; /* CHAT_LEX_* */
} chat_lex_lead_t;
extern const chat_lex_lead_t chat_lex_lead_fillers[];
/* Words after a command that carry nothing ("please", "thanks", "woo"). */
extern const char *const chat_lex_trail_fillers[];
/* Vague time words kept out of titles when a date was read next to them
 * ("sometime next week", "some time on friday"). */
extern const char *const chat_lex_date_fillers[];
/* Vague times that end an add without a date ("sort out the photos
 * sometime", "... at some point"): no due date, and kept out of the title. */
extern const char *const chat_lex_vague_times[];

/* ---- halves of the day ----
 * Words anywhere in a message that say which half of the day an hour
 * without am/pm means ("dinner at half 7" 19:30, "every morning at 8"
 * 08:00), and words of a repeating todo, whose bare hour reads as it does
 * with a day (1-6 pm, 7-11 am: "each weekday at quarter past 9"). Word
 * lists (chat_tok norms); chat_date reads them. */
extern const char *const chat_lex_am_cues[];
extern const char *const chat_lex_pm_cues[];
extern const char *const chat_lex_repeat_cues[];

/* ---- tasks ---- */
/* Verbs that open a task when a message has no command word ("buy milk"). */
extern const char *const chat_lex_task_verbs[];
/* Past-tense task verbs: "called mom" says the todo is done. */
extern const char *const chat_lex_past_verbs[];
/* Where or when a thing was done, at the end of news that it was ("got the
 * dog food on the way home", "returned the books at last"): no part of the
 * todo's name. Patterns. */
extern const char *const chat_lex_done_circumstances[];
/* Irregular past tenses with their base forms ({"paid", "pay"}), NULL-ended. */
extern const char *const chat_lex_past_bases[][2];

/* ---- typos ----
 * Command words corrected at one edit ("shw me", "lsit my todos") when they
 * open the message and the next word fits the command: the first word
 * only, never a title. */
typedef struct chat_lex_typo {
    const char *word; /* the command word */
    const char *next; /* '|'-separated words one of which must follow it */
} chat_lex_typo_t;
extern const chat_lex_typo_t chat_lex_command_typos[];

/* Known words one edit from a command word, never corrected ("shop",
 * "last", "mask"). */
extern const char *const chat_lex_not_typos[];

/* Command words people stretch ("adddd", "yesss"): three or more equal
 * letters in a row read as two, then one, when that gives one of these
 * (the first three words only, never a title). */
extern const char *const chat_lex_elongated[];

/* ---- lead-ins ----
 * "abeg add X", "help me add X": one or two unknown words before one of
 * these command verbs are dropped, unless one of them is a blocker (a
 * subject, negation or question word: "I'll delete it myself", "don't
 * delete X", "why add X"). */
extern const char *const chat_lex_lead_in_verbs[];
extern const char *const chat_lex_lead_in_blockers[];

/* ---- list-style adds ----
 * A label and a colon open a list item whose words are all the title, a
 * leading verb included ("to do: cancel the gym", "task: call Bo"). */
extern const char *const chat_lex_item_labels[];
/* Several things said together, each a todo of its own ("eggs and flour",
 * "milk, bread and eggs", "tattie scones, square sausage and irn bru"):
 * the marks that join them (token norms, words or punctuation), the words
 * no such thing holds (they make a clause of the run: "call mum and tell
 * her", "dinner with Sam and Jo"), and the count label before a colon that
 * lets each be a task of several words ("add 3 things: X, Y, Z"). */
extern const char *const chat_lex_item_joins[];
extern const char *const chat_lex_item_blockers[];
extern const char *const chat_lex_item_count;
/* Fixed pairs said with "and" that name one thing ("fish and chips",
 * "terms and conditions", "sick and tired"): patterns of three words or
 * more, matched from the word before "and". */
extern const char *const chat_lex_item_pairs[];

/* ---- polite wrappers ----
 * "would you mind adding X": the gerund after "mind" is its command
 * (pairs: gerund, command; NULL-terminated). */
extern const char *const chat_lex_gerunds[][2];
/* Adverbs between "mind" and its gerund ("would you mind terribly adding"). */
extern const char *const chat_lex_mind_adverbs[];

/* ---- closing clauses ----
 * Words that open a closing command after a comma or "so"/"and" ("..., you
 * can check that off", "..., can you update it"). */
extern const char *const chat_lex_clause_leads[];
/* Verbs that make the words after a comma a clause of their own, not part
 * of a todo's name ("..., the waves are flat"). */
extern const char *const chat_lex_clause_verbs[];
/* A closing clause that refuses (chat_lex_refusals, a pattern) or gives a
 * reason without a verb (chat_lex_reason_words) names no todo. */
extern const char *const chat_lex_refusals;
/* Patterns of talk in a later clause: a reason ("because ..."), an excess
 * ("too expensive"); and what a first clause says not to do before a
 * closing change ("dont mark X done yet, just move it ..."). */
extern const char *const chat_lex_because;
/* A word of address or blessing before an add ("machan remind me to ..."):
 * what may follow it, and the words that are never one. */
extern const char *const chat_lex_vocative_next[];
extern const char *const chat_lex_vocative_not[];
extern const char *const chat_lex_excess;
extern const char *const chat_lex_not_to_do[];
extern const char *const chat_lex_reason_words[];
/* Subjects that open such a clause right after the comma ("..., I'm tired"). */
extern const char *const chat_lex_clause_subjects[];
/* A closing request to apply what the first clause said ("the dentist is
 * now on the 9th, can you update it"). */
extern const char *const chat_lex_clause_apply[];
/* A closing clause that takes a tag off what the first clause named
 * ("the gift isn't a work thing, take that tag off"). */
extern const char *const chat_lex_untag_clause[];
/* Words of a first clause that say what changed ("is now", "moved to"). */
extern const char *const chat_lex_restate_verbs[];

/* ---- completing ----
 * Openers that complete what follows ("put a tick next to X"). */
extern const char *const chat_lex_complete_openers[];
/* Short command words whose adjacent-letter swaps are corrected at either
 * end of a message ("mark taxes as dnoe"): never inside, never a title. */
extern const char *const chat_lex_swap_words[];

/* ---- priorities ----
 * A priority level named after "set the priority of X to ...". */
typedef struct chat_lex_level {
    const char *pat;
    int priority; /* todo.v1 Priority: 1 low, 2 medium, 3 high */
} chat_lex_level_t;
extern const chat_lex_level_t chat_lex_priority_levels[];
/* Priority phrases anywhere in a message ("high prio", "not urgent", "it's
 * very urgent", "kinda urgent", "no rush"), tried in order at each word. */
extern const chat_lex_level_t chat_lex_priority_phrases[];

/* ---- off topic ----
 * Requests outside the todo domain: sport, arithmetic, weather, music...
 * (patterns, anywhere in the message). */
/* Accounts, devices and apps: a how-question about one ("how do I delete
 * my Facebook account?") is off topic, even with a command verb in it. */
extern const char *const chat_lex_device_words[];
extern const char *const chat_lex_off_topic[];
/* "what time does target close tonight": opening hours are off topic
 * after "what time"/"when" (chat_nlu off_topic). */
extern const char *const chat_lex_opening_hours[];
/* Operators between two numbers ("348 divided by 12", "7 times 8"). */
extern const char *const chat_lex_arith_ops[];
/* Words between a percentage and the number it is taken of ("15% off 240",
 * "a 20% tip on $62.40"). */
extern const char *const chat_lex_percent_links[];

/* ---- listing ----
 * Status and period words of a list question, tried in order at each
 * word; a row with prev applies only right after one of those words
 * ("get done" asks for open todos, "I did" for done ones). */
enum {
    CHAT_LEX_LW_OVERDUE = 1,     /* overdue todos */
    CHAT_LEX_LW_NODATE,          /* todos without a due date */
    CHAT_LEX_LW_DONE,            /* done todos */
    CHAT_LEX_LW_DONE_UNLESS_NOT, /* done todos, open ones after "not" */
    CHAT_LEX_LW_ALL,             /* open and done */
    CHAT_LEX_LW_OPEN             /* open todos (the default): the word is only used */
};
typedef struct chat_lex_list_word {
    const char *pat;
    const char *prev; /* pattern the word before must match, or NULL */
    int what;         /* CHAT_LEX_LW_* */
} chat_lex_list_word_t;
extern const chat_lex_list_word_t chat_lex_list_words[];
/* The order of a list ("by priority", "sorted by due date"), as
 * todo-svc's order_by: the most urgent first, the soonest due first (none
 * last), titles A-Z. */
typedef struct chat_lex_order {
    const char *pat;
    const char *order_by;
} chat_lex_order_t;
extern const chat_lex_order_t chat_lex_list_orders[];
/* Openers of a period that runs from now through a day ("between now and
 * sunday", "from today till the 4th"): a list through the end of it. */
extern const char *const chat_lex_list_through[];
/* Question and filler words kept out of a list's text search. */
extern const char *const chat_lex_list_stop[];

/* ---- whole messages ----
 * A message made only of a set's words with one of its strong words ("yes
 * please", "no thanks", "undo that"), or equal to one of its phrases, is
 * that intent: undo, confirm, cancel, help, greeting. */
extern const char *const chat_lex_undo_words[], *const chat_lex_undo_strong[],
                                                    *const chat_lex_undo_phrases[];
extern const char *const chat_lex_confirm_words[], *const chat_lex_confirm_strong[],
                                                       *const chat_lex_confirm_phrases[];
extern const char *const chat_lex_cancel_words[], *const chat_lex_cancel_strong[];
/* Refusing a yes-or-no question just asked (chat_nlu_refuses): patterns
 * among the first words ("wait no actually dont, ...") and anywhere ("i
 * change my mind", "misclicked"). */
extern const char *const chat_lex_refusal_leads[];
extern const char *const chat_lex_refusal_anywhere[];
/* The only talk a yes may have after it and stay a plain yes ("yep, fresh
 * start"): no word that could name or except a todo. */
extern const char *const chat_lex_confirm_talk[];
extern const char *const chat_lex_help_words[], *const chat_lex_help_strong[],
                                                    *const chat_lex_help_questions[];
extern const char *const chat_lex_greet_words[], *const chat_lex_greet_strong[],
                                                     *const chat_lex_greet_phrases[];
/* Whole messages (patterns that must cover every word) that undo ("go
 * back to how it was", "change it back", "revert it"): a change back to a
 * named value ("change it back to 10am") covers more and is no undo. */
extern const char *const chat_lex_undo_patterns[];
/* Words that make a short message an undo wherever they stand ("argh wrong
 * one, undo", "undo!! i need that"): with at most CHAT_LEX_UNDO_OTHERS
 * words outside the undo, cancel and filler sets, no quotes, tags or
 * numbers. */
extern const char *const chat_lex_undo_anywhere[];
#define CHAT_LEX_UNDO_OTHERS 2

/* ---- commands (patterns tried in order at the message's start) ---- */
/* Commands that add ("add", "remind me to", "I need to", "gotta"). */
extern const char *const chat_lex_add_commands[];
/* What happens at a time, ending a when-clause ("... before the rain
 * comes"): such a clause is no part of an item's title. */
extern const char *const chat_lex_event_verbs[];
/* Task verbs that are adjectives too ("put clean sheets on the bed"):
 * after "put" with a date they stay in the title. */
extern const char *const chat_lex_verb_adjectives[];
/* Delete verbs that open tasks too ("Cancel gym membership", "Remove old
 * wallpaper"): chat_engine completes such a todo when the message says
 * the verb in the past ("cancelled the gym membership finally"). */
extern const char *const chat_lex_delete_deeds[];
/* The opening word of title, lower-cased, into verb (cap bytes); true when
 * it is one of chat_lex_delete_deeds ("Cancel gym membership" -> "cancel").
 * Pure. */
bool chat_lex_deed_title(const char *title, char *verb, size_t cap);
/* The openings a closing "put that down please" drops ("I need to", "need
 * to", "gotta"). */
extern const char *const chat_lex_asked_leads[];
/* Lead words between an add command and the title ("to my list", "to"). */
extern const char *const chat_lex_add_leads[];
/* what opens a later sentence that asks to add, after talk ("... can't
 * sleep. please add book the ferry", "..., tomorrow remind me to X") */
extern const char *const chat_lex_add_restarts[];
/* done commands that are also the deed a todo names ("finished X" of
 * "Finish X", "done the food shop" of "Do the food shop") */
extern const char *const chat_lex_done_deeds[];
/* after "delete all ...", a clause opening with these goes on naming
 * what goes ("..., and the gym one", "..., except milk"), so it is no talk */
extern const char *const chat_lex_all_goes_on[];
/* words that spare a todo from "delete all ..." ("..., keep milk",
 * "..., the dentist stays") */
extern const char *const chat_lex_all_spares[];
/* first words of talk before a later request ("in london visiting mum but
 * ...", "i missed the pharmacy today. ...") */
extern const char *const chat_lex_talk_openers[];
/* first words of a date that opens a message ("every morning at 7 remind
 * me to X": the date is the request's) */
extern const char *const chat_lex_date_openers[];
/* words that close a request ("show me X please, ...") */
extern const char *const chat_lex_request_closers[];
/* What opens a sentence that asks the assistant to act ("Would you delete
 * that one, please?", "Could you push that back to Sunday?"): after
 * sentences of talk, that sentence says what to do (chat_nlu). */
extern const char *const chat_lex_request_openers[];
/* what opens a later question after talk ("on the sydney exchange this
 * week, whats due tomorrow?") */
extern const char *const chat_lex_list_restarts[];
/* what may not follow an add_restart ("add it", "add a note") */
extern const char *const chat_lex_add_restart_not[];
/* Openers of a list question ("show me", "what's", "any", "how many"). */
extern const char *const chat_lex_list_openers[];
/* A whole list question without an opener ("low priority stuff"). */
extern const char *const chat_lex_list_alone[];
/* Nouns that name the list itself ("next week's agenda pls", "today's
 * todos"): a message of one of these, dates, status and list stop words
 * only is a list question (a word list). */
extern const char *const chat_lex_list_nouns[];
/* Vague nouns that, with a filter and nothing else, ask for the list
 * ("home-tagged stuff pls", "overdue things"; a word list). */
extern const char *const chat_lex_list_things[];
/* Schedules that, after a word naming their subject, are the world's
 * ("load shedding schedule", "bus timetable"): a list question only when
 * that subject names a todo (a word list). */
extern const char *const chat_lex_list_world[];
/* Words that make a what-question about the list (a word list). */
extern const char *const chat_lex_list_topic[];
/* Commands that complete ("mark", "tick off", "I finished"). */
extern const char *const chat_lex_complete_commands[];
/* Complete commands that are tasks as often ("check the tyre pressure",
 * "mark the essays", "close the shed"), and words that make them a
 * completion ("check X off", "mark X as done"): without one, a message
 * naming no todo is read as an add (patterns). */
extern const char *const chat_lex_task_completes[];
/* Command words that open tasks as often as commands ("mark Jonah's
 * birthday on the calendar", "reopen the ticket with the bank", "rename
 * the wifi network", "update my address"): a change they open that names
 * no todo may be added instead (patterns). */
extern const char *const chat_lex_task_commands[];
/* Words that say a todo is meant, not a new task ("reopen the gym one"). */
extern const char *const chat_lex_todo_words[];
extern const char *const chat_lex_done_marks[];
/* Verbs of a change to a todo ("move X to friday"): never a new task when
 * no todo matches (patterns). */
extern const char *const chat_lex_update_verbs[];
/* Verbs that move a todo's date, opening a closing clause ("..., bump the
 * panel check to monday"; chat_rule_clause). */
extern const char *const chat_lex_move_verbs[];
/* Words that say a todo's date changes, of a command or of news ("put it
 * monday", "moved the deadline to 11 december"): of dates in two clauses,
 * that clause's is the due date (chat_rule_slot). */
extern const char *const chat_lex_change_said[];
/* A move said as a gerund ("pushing X to monday"): moves a todo it names,
 * else is a task (chat_nlu offer_add). */
extern const char *const chat_lex_move_gerunds[];

/* ---- labels (round 9) ----
 * A leading segment before a separator (chat_lex_label_seps: ':' or a
 * dash, as punctuation or, for the long dashes, a word) whose free words
 * are all label words ("new one: X", "and another one: X", "low priority
 * sometime: X", once its dates and priority are taken) is no part of a
 * new todo's title (patterns). */
extern const char *const chat_lex_label_words[];
extern const char *const chat_lex_label_seps[];
/* Words closing an add that only say it is one more ("toor dal 2kg also",
 * "wrap presents too", "eggs as well"): kept out of its title; after a
 * todo named without a verb they repeat the last action (patterns). */
extern const char *const chat_lex_add_trail[];

/* ---- states (round 9) ----
 * "X is due friday", "X got moved to 11:30", "X is half an hour earlier
 * now", "X are top priority now": a todo named before one of the links,
 * and after it a date, shift or priority with only state words left
 * (patterns: one word of alternatives each). */
extern const char *const chat_lex_state_links;
extern const char *const chat_lex_state_words;

/* Follow-ups without a verb: words that prefer a new value ("10am would
 * be better", "better make it sunday", "tomorrow rather"), which make a
 * date alone a change of the todo just touched, and other words such a
 * follow-up may hold (one pattern word of alternatives each). */
extern const char *const chat_lex_followup_prefer;
extern const char *const chat_lex_followup_words;

/* Openers of a note on a todo, up to its to|on|for ("stick a note on the
 * DMV one: ...", "jot on X: ..."); the note follows a colon or "saying". */
extern const char *const chat_lex_note_openers[];

/* ---- round 10 ----
 * "bump X to tuesday same time", "..., same time": words that keep a
 * todo's time of day when a new day is said; read with the date
 * (patterns). */
extern const char *const chat_lex_keep_time[];
/* "can you show me how to set reminders", "explain how tags work": a
 * request to be shown how, whatever follows it, is help (patterns at the
 * message's start; "how do I ..." is read too). */
extern const char *const chat_lex_help_howto[];
/* "the toner one should just say 'printer toner'", "X should read 'Y'":
 * the words between a todo and its new quoted title (one pattern). */
extern const char *const chat_lex_rename_say;

/* ---- antecedents (round 10 part A) ----
 * "the landlord never replied, unmark that one": the first clause names
 * the todo a closing command's "it|that" means; its name ends at one of
 * the cut words (one pattern word of alternatives) and loses a closing
 * time or filler (patterns: "this year", "anymore"). */
extern const char *const chat_lex_antecedent_cuts;
extern const char *const chat_lex_antecedent_tails[];
/* News that a todo is done ("dog's been groomed", "fence painted + hinge
 * fixed"): the auxiliaries before a past participle, and participles that
 * never say done ("the flight is delayed"; one pattern word each). */
extern const char *const chat_lex_news_aux;
extern const char *const chat_lex_news_not_done;
/* A command said not to be done ("so don't cross it off", "never delete
 * X"): nothing of that message completes, reopens or deletes (patterns,
 * anywhere). */
extern const char *const chat_lex_negated_commands[];
/* Openers of a follow-up that repeats the last change on another todo
 * ("and the gas one", "same for the crackers", "oh and X as well"; with
 * chat_lex_add_trail at the end). */
extern const char *const chat_lex_again_leads[];

/* ---- commentary ----
 * A clause beside the command that talks about the person's life, not the
 * todo ("..., she's been lonely since Dad passed", "ugh just got home from
 * a 12 hr shift. remind me to ...", "... 🎂 its mama's bday"): dropped, so
 * it never reaches a title. A clause is commentary when it opens with a
 * subject (chat_lex_comment_subjects) or holds a word only talk has
 * (chat_lex_comment_markers), and holds nothing a command reads: no date,
 * no #tag, no slot word (chat_lex_comment_keep); a subject with a negation
 * is talk even with a date ("..., i won't be up by 5"). A first clause is
 * dropped so only when the next opens with a command
 * (chat_lex_comment_commands) that does not point back at it ("the rent is
 * late, set it to friday"). Word lists. */
extern const char *const chat_lex_comment_subjects[];
extern const char *const chat_lex_comment_markers[];
/* Currencies: two in a message ask for a conversion, not a todo. */
extern const char *const chat_lex_currencies[];
/* A laugh or a groan inside a title, talk after it ("... lol storage is full"). */
extern const char *const chat_lex_laughs[];
/* Words after news of a deed that say when or how it went ("..., finally",
 * "... at last", "... already"): no part of the name. */
extern const char *const chat_lex_done_afterwords[];
/* Words that tell a task is done, said after its name ("delete old emails
 * — done it"): news, no command (chat_engine). */
extern const char *const chat_lex_done_news[];
extern const char *const chat_lex_comment_keep[];
extern const char *const chat_lex_comment_commands[];
/* A closing clause that asks to add what the message said before it ("I
 * need to pay the gas bill. Could you make a note of that for me please?",
 * "Bridge club at half 7, put that down please"): patterns from the clause's
 * start, and the words allowed after them (chat_lex_add_request_tail). */
extern const char *const chat_lex_add_requests[];
extern const char *const chat_lex_add_request_tail[];
/* First words of a closing sign-off ("Many thanks, Margaret", "Ta",
 * "thank you dear", "x"): a short last clause that opens so is dropped. */
extern const char *const chat_lex_signoffs[];
/* Titles before a name, often with a full stop ("Dr. Patel"): no sentence
 * ends there. */
extern const char *const chat_lex_name_titles[];
/* Words between two dates or priorities that correct the first ("at 3, no
 * wait 3:30", "tuesday, actually make it wednesday", "low pri.. actually
 * medium"), and those of them that must be said for a correction
 * (chat_date, chat_rule_slot). */
extern const char *const chat_lex_corrections[];
extern const char *const chat_lex_corrections_strong[];

/* ---- anchored readings (chat_rule_anchor.c) ----
 * A message the rules could not place is read again against the user's
 * todos: the todo it names by its own words, anywhere, and what the rest
 * says of it. Word lists are chat_tok norms; the others are patterns. */
/* Words that never name a todo (articles, pronouns, particles, todo words,
 * command words). */
extern const char *const chat_lex_anchor_stop[];
/* Task verbs whose todo is done when the person has spoken to someone
 * ("call Mwangi back": "spoke to Mwangi"), with those cues. */
extern const char *const chat_lex_anchor_contact_verbs[];
extern const char *const chat_lex_anchor_contacted[];
/* Cues that a todo is done: done words, a visit ("been to physio"). */
extern const char *const chat_lex_anchor_done[];
/* Cues that a done todo is not done after all, besides the rules' own
 * (nlu_reopen_strong). */
extern const char *const chat_lex_anchor_reopen[];
/* Explicit delete verbs anywhere in the message ("lotto ticket's not needed,
 * delete", "scrub the 5k"): only with one todo clearly named. */
extern const char *const chat_lex_anchor_delete[];
/* Change words: a message first read as a new item changes the todo it
 * names only with one of these ("mechanic's now thursday at 8"). */
extern const char *const chat_lex_anchor_change[];
/* A plan of one's own ("i should delete X eventually", "thinking we ought
 * to move Y"): what follows is to be done, so no todo is changed by a
 * second reading (chat_rule_anchor). */
extern const char *const chat_lex_anchor_plans[];
/* A done word and "now" ("it's done now"): two words; the "now" tells when
 * it was done and is no change word (chat_rule_anchor). */
extern const char *const chat_lex_anchor_done_now[];
/* Requests to add that open a clause ("..., add put the bins out"): a new
 * item read first is then no change of a todo (chat_rule_anchor). */
extern const char *const chat_lex_anchor_add_opens[];
/* Words between a todo's name and a word beside it that may belong to
 * the same thing ("the car wash voucher", "call mum about the party",
 * "milk and cheese"): a word there the todo lacks means another thing. */
extern const char *const chat_lex_anchor_links[];
/* A property named anywhere: the message is about it, never a delete or a
 * completion ("the dentist doesn't need that tag, take it off"). */
extern const char *const chat_lex_anchor_property[];
/* "doesn't need a deadline", "drop the date": the todo's due date goes. */
extern const char *const chat_lex_anchor_clear_due[];
/* "note:", "write in the notes": the rest of the message is a note. */
extern const char *const chat_lex_anchor_note[];
/* "shouldn't be tagged work": the next word is a tag to take off. */
extern const char *const chat_lex_anchor_untag[];

/* True when w (a normalised word) is in the NULL-terminated list. */
int chat_lex_has(const char *const *list, const char *w);
/* The value of a cardinal number word ("one" 1 ... "twelve" 12), or 0. */
int chat_lex_cardinal(const char *w);
/* The command a gerund of chat_lex_gerunds stands for ("adding": "add"),
 * or NULL. The string is static. */
const char *chat_lex_gerund_base(const char *w);

#endif
