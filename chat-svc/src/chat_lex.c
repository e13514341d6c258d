/* chat_lex: the lexicon tables (see chat_lex.h for what each one means). */
#include "chat_lex.h"

#include <string.h>

int chat_lex_has(const char *const *list, const char *w)
{
    for (size_t i = 0; list[i]; i++)
        if (w[0] == list[i][0] && strcmp(w, list[i]) == 0)
            return 1;
    return 0;
}

/* ---- deleting ---- */

const char *const chat_lex_delete_strong[] = {"delete|remove|erase|delet|deleet|remvoe|rmove",
                                              "get rid of",
                                              "forget ?about",
                                              "i|we dont|didnt need|want ?to",
                                              "i|we do not need|want ?to",
                                              "i|we no longer need|want ?to",
                                              "dont need ?to",
                                              "no longer need|needed ?to",
                                              "no need ?to|for",
                                              "never mind|nevermind ?about",
                                              "no more",
                                              NULL};

const char *const chat_lex_delete_nounlike[] = {
    "trash|scrap|bin|nuke|ditch|axe|cancel|canceled|cancelled", NULL};

const char *const chat_lex_delete_tasklike[] = {"kill|wipe|purge|clear|drop|dump|toss",
                                                "take out|away|off",
                                                "throw away|out",
                                                "skip",
                                                "lose",
                                                NULL};

const char *const chat_lex_ref_determiner =
    "the|my|that|this|these|those|them|it|all|every|everything|both|our|your";

const char *const chat_lex_ref_marker =
    "one|ones|todo|todos|task|tasks|item|items|reminder|reminders|entry|entries|list|"
    "appointment|appt|thing|stuff";

const char *const chat_lex_delete_gone[] = {"can|could go",
                                            "can be deleted|removed|dropped",
                                            "is|isnt|are no longer needed",
                                            "is not needed ?anymore",
                                            "isnt needed ?anymore",
                                            "no longer needed",
                                            "not needed anymore",
                                            NULL};

const char *const chat_lex_delete_suffix[] = {"from|off my|the ?todo list",
                                              "off|from my|the list",
                                              "from|off my|the todo",
                                              "off|from ?it",
                                              "anymore",
                                              "any more",
                                              "please",
                                              "entirely",
                                              "completely",
                                              "for good",
                                              "altogether",
                                              NULL};

/* ---- conversation ---- */

const char *const chat_lex_small_talk[] = {
    "how are|r you|u ?doing|feeling|keeping today|tonight|now|lately",
    "how|hows ?is|was your day|days|morning|evening|weekend ?going|today",
    "how has|was your day|days|morning|evening|weekend ?been",
    "are you ok|okay|well|alright today|now", NULL};

const char *const chat_lex_help_phrases[] = {
    "what|which ?sort|sorts|kind|kinds|type|types of item|stuff|commands can|could|should i "
    "ask|say|tell|type ?you|with ?you",
    "what|which ?sort|sorts|kind|kinds|type|types of item|stuff can|could|do you do|help "
    "?me ?with",
    "what|which sort|sorts|kind|kinds|type|types of item|stuff ?can|could|do ?you "
    "understand|handle|know",
    NULL};

const char *const chat_lex_date_fillers[] = {"sometime|anytime|someday", "some time",
                                             "at some point ?in|on", NULL};

/* ---- typos ---- */

const chat_lex_typo_t chat_lex_command_typos[] = {
    {"show", "me|my|all|what|everything|the|todo|task|list|whats|open|done|overdue"},
    {"list", "my|all|everything|the|todo|task|open|done|overdue"},
    {"mark", "it|that|this|the|as|done|complete"},
    {"undo", "that|it|the|last|please"},
    {"tick", "off|it|that|the"},
    {"remind", "me|us"},
    {"delete", "the|it|that|this|my|all|everything"},
    {"remove", "the|it|that|this|my|all|everything"},
    {"complete", "the|it|that|this|my"},
    {NULL, NULL}};

const char *const chat_lex_not_typos[] = {"shop", "shoe", "snow",  "slow",  "shot", "stow", "last",
                                          "lost", "mask", "park",  "mark",  "lust", "mist", "undo",
                                          "tack", "tuck", "trick", "stick", "kick", "lick", "pick",
                                          "sick", "tic",  "tic",   NULL};

/* ---- reasons ---- */

const char *const chat_lex_reason_clauses[] = {
    "?it|that|this|its|thats ?is|isnt|s|was ?not|no ?longer "
    "needed|wanted|necessary|happening|relevant|required ?anymore|any ?more",
    "?i|we dont|do|no ?not|longer need|want it|that|this ?anymore|any ?more",
    "woo|woohoo|yay|hooray|phew|finally|lol|haha|yess|whew|wooo|yey", NULL};

/* ---- fillers ---- */

const chat_lex_lead_t chat_lex_lead_fillers[] = {
    {"please", 0},
    {"hey bot|there", 0},
    {"?no|oh|oops wait|sorry", CHAT_LEX_CORRECTION},
    {"ok|so|um|uh|oh|hmm|well|alright|now|hey|yo|oops|whoops|ah|hm", 0},
    {"actually", CHAT_LEX_CORRECTION},
    {"can|could|shall we", 0},
    {"be so kind as|and ?to", 0},
    {"possibly|perhaps", 0},
    {"when|whenever you have|get ?a sec|second|minute|moment|chance|mo", 0},
    {"would|will|is it be|is ok|okay|alright|possible|fine ?if ?you|i ?could|can ?to", 0},
    {"is it ok|okay|alright|possible ?if ?you|i ?could|can ?to", 0},
    {"if you could|can|dont mind", 0},
    {"do|would you mind", 0},
    {"would|could you be able to", 0},
    {"are you able to", 0},
    {"id|i ?would ?really|truly|greatly|so|very ?much appreciate ?it if you could|can|would "
     "?please",
     0},
    {"it would be great|nice|lovely|awesome|helpful if you could|can|would ?please", 0},
    {"i was|am wondering|hoping if|whether you could|can|would ?please", 0},
    {"i was|am wondering|hoping ?if|whether you could|can|would ?please", 0},
    {"would|could you be so kind as ?to", 0},
    {"if its not too much trouble|bother ?could|can|would ?you ?please", 0},
    {"do you think you could|can ?please", 0},
    {"any chance you could|can ?please", 0},
    {"id|i ?would appreciate it if you could|would", 0},
    {"go ahead and", 0},
    {"would you mind", 0},
    {"i|id would|d like|love you to", 0},
    {"right then", 0},
    {"can|could|would|will you|u ?please", CHAT_LEX_ASKS_BOT},
    {"i want you to", 0},
    {"i would like you to", 0},
    {"i need you to", 0},
    {"id|i like you to", 0},
    {"just", 0},
    {"also", 0},
    {"and|then", 0},
    {"kindly", 0},
    {"quick|quickly", 0},
    {"bot", 0},
    {"hi|hello|hiya ?there", 0},
    {"good morning|afternoon|evening", 0},
    {"thanks|thx", 0},
    {"ok|okay", 0},
    {NULL, 0}};

const char *const chat_lex_trail_fillers[] = {
    "please",    "thanks",
    "thank you", "thx",
    "for me",    "ok",
    "actually",  "woo|woohoo|yay|yey|hooray|phew|whew|lol|haha|yess|yesss|wooo|yippee",
    NULL};

/* ---- clauses ---- */

const char *const chat_lex_clause_openers[] = {
    "i|we ?didnt|havent|hadnt|never|did|have ?not ?actually|really|even|yet "
    "finish|finished|complete|completed|do|done|get|got|manage",
    "i|we ?have|just|already|finally ?just|already", NULL};

const char *const chat_lex_gone_states[] = {
    "?is|s|was|are off|gone|cancelled|canceled|over|dead|scrapped",
    "?is|s|was|are not happening|needed", NULL};

/* ---- references ---- */

const char *const chat_lex_ref_recent[] = {"it",
                                           "that",
                                           "this",
                                           "that one",
                                           "this one",
                                           "that todo",
                                           "that task",
                                           "this todo",
                                           "the one i just added",
                                           "the last one i added",
                                           "what i just added",
                                           "that item",
                                           "the todo",
                                           "the task",
                                           "it too",
                                           "that too",
                                           "them",
                                           "these",
                                           "those",
                                           "it please",
                                           "thats",
                                           "its",
                                           "that is",
                                           "it is",
                                           "this is",
                                           "thats it",
                                           NULL};

const char *const chat_lex_ref_all[] = {"all",
                                        "everything",
                                        "all of them",
                                        "them all",
                                        "all todo",
                                        "all my todo",
                                        "all the todo",
                                        "every todo",
                                        "all task",
                                        "all my task",
                                        "the whole list",
                                        "my whole list",
                                        "all of my todo",
                                        "everything on my list",
                                        "everything on the list",
                                        "all items",
                                        "all item",
                                        "all of it",
                                        "my list",
                                        "the list",
                                        "my todo",
                                        "my todo list",
                                        "the whole thing",
                                        "it all",
                                        "everything in my list",
                                        "the lot",
                                        "all the item",
                                        "all my item",
                                        "every item",
                                        "every single todo",
                                        NULL};

const char *const chat_lex_ref_filler_only[] = {
    "and", "so", "now", "yay", "finally", "yes", "it", "that", "this", "done", "too", "lol", NULL};
