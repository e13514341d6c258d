/* chat_lex: the lexicon tables (see chat_lex.h for what each one means). */
#include "chat_lex.h"

#include "chat_tok.h"

#include <string.h>

/* Verbs a Nigerian Pidgin marker goes before ("NIN form don submit", "i go
   wash clothes") */
#define LEX_PIDGIN_VERBS                                                                           \
    "pay|buy|call|send|submit|finish|fix|collect|book|clean|wash|cook|do|go|pick|return|sell|"     \
    "renew|file|post|write|read|clear|settle|pass"
/* "please" in other languages, leading or trailing a command */
#define LEX_PLEASE_FOREIGN_1 "=svp|bitte|lutfen|tolong|onegai|prosze|parakalo|lotfan|pfv|pf|xfa"
#define LEX_PLEASE_FOREIGN_2 "por|per favor|favore"

int chat_lex_has(const char *const *list, const char *w)
{
    for (size_t i = 0; list[i]; i++)
        if (w[0] == list[i][0] && strcmp(w, list[i]) == 0)
            return 1;
    return 0;
}

int chat_lex_cardinal(const char *w)
{
    static const char *const words[] = {"one",   "two",   "three", "four", "five",   "six",
                                        "seven", "eight", "nine",  "ten",  "eleven", "twelve"};
    for (int k = 0; k < 12; k++)
        if (!strcmp(w, words[k]))
            return k + 1;
    return 0;
}

const char *chat_lex_gerund_base(const char *w)
{
    for (size_t g = 0; chat_lex_gerunds[g][0]; g++)
        if (strcmp(w, chat_lex_gerunds[g][0]) == 0)
            return chat_lex_gerunds[g][1];
    return NULL;
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

const char *const chat_lex_delete_nounlike[] = {"trash|scrap|bin|nuke|ditch|axe|nix|cancel ?off",
                                                NULL};

const char *const chat_lex_delete_tasklike[] = {
    "clear|clean out", /* "clear out everything tagged X" */
    "kill|wipe|purge|clear|drop|dump|toss|chuck",
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

const char *const chat_lex_delete_suffix[] = {
    "from|off my|the ?todo list",
    "off from my|the ?todo list", /* "take it off from the list" */
    "on|in|from|off here|there",
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

/* ---- properties ---- */
const char *const chat_lex_property_owners =
    "the|that|this|its|their|those|these|his|her|my|your|a|an|any";
const char *const chat_lex_property_words =
    "tag|tags|label|labels|hashtag|hashtags|date|dates|deadline|deadlines|priority|prio|note|"
    "notes|flag|flags|reminder|reminders|alarm|alarms|time|repeat|recurrence";
const char *const chat_lex_property_after = "off|from|away|of|on";
const char *const chat_lex_property_pronouns = "it|that|this|them|those";

/* ---- updating ---- */
const char *const chat_lex_rename_links[] = {
    "should|must|could|can|will be", "is|s ?now|actually", "to be", "be", "now", NULL};
const char *const chat_lex_priority_verbs =
    "make|set|mark|flag|put|change|bump|move|raise|lower|drop|knock|downgrade|upgrade|demote|"
    "promote|shift|turn|crank|kick|ramp|dial";

/* ---- recurrence ---- */
#define WEEKDAYS "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
const chat_lex_recur_t chat_lex_recurrences[] = {
    {"every|each weekday|weekdays|workday|workdays|business", WEEKDAYS, 0},
    {"on weekdays|workdays", WEEKDAYS, 0},
    {"every|each weekend", "FREQ=WEEKLY;BYDAY=SA,SU", 0},
    {"every|each ?single day|days", "FREQ=DAILY", 0},
    {"every|each ?single morning|mornings", "FREQ=DAILY", 9},
    {"every|each ?single afternoon|afternoons", "FREQ=DAILY", 15},
    {"every|each ?single evening|evenings", "FREQ=DAILY", 19},
    {"every|each ?single night|nights", "FREQ=DAILY", 21},
    {"nightly", "FREQ=DAILY", 21},
    {"daily", "FREQ=DAILY", 0},
    {"every|each other day|days", "FREQ=DAILY;INTERVAL=2", 0},
    {"every|each 2|two days", "FREQ=DAILY;INTERVAL=2", 0},
    {"every|each 3|three days", "FREQ=DAILY;INTERVAL=3", 0},
    {"every|each 4|four days", "FREQ=DAILY;INTERVAL=4", 0},
    {"every|each 5|five days", "FREQ=DAILY;INTERVAL=5", 0},
    {"every|each 3|three weeks", "FREQ=WEEKLY;INTERVAL=3", 0},
    {"every|each 4|four weeks", "FREQ=WEEKLY;INTERVAL=4", 0},
    {"every|each other week|weeks", "FREQ=WEEKLY;INTERVAL=2", 0},
    {"every|each two|2 weeks", "FREQ=WEEKLY;INTERVAL=2", 0},
    {"fortnightly|biweekly", "FREQ=WEEKLY;INTERVAL=2", 0},
    {"every|each week|weeks", "FREQ=WEEKLY", 0},
    {"weekly", "FREQ=WEEKLY", 0},
    {"of every|each ?single month|months", "FREQ=MONTHLY;BYMONTHDAY=", 0},
    {"of every|each other month|months", "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=", 0},
    {"every|each other month|months", "FREQ=MONTHLY;INTERVAL=2", 0},
    {"every|each month|months", "FREQ=MONTHLY", 0},
    {"monthly", "FREQ=MONTHLY", 0},
    {"every|each year|years", "FREQ=YEARLY", 0},
    {"yearly|annually", "FREQ=YEARLY", 0},
    {NULL, NULL, 0}};
const char *const chat_lex_weekdays[7][2] = {
    {"monday|mon|mondays", "MO"},       {"tuesday|tue|tues|tuesdays", "TU"},
    {"wednesday|wed|wednesdays", "WE"}, {"thursday|thu|thurs|thursdays", "TH"},
    {"friday|fri|fridays", "FR"},       {"saturday|sat|saturdays", "SA"},
    {"sunday|sun|sundays", "SU"}};
const char *const chat_lex_stop_repeat[] = {
    "stop|quit|cease ?the repeating|recurring|recurrence|repeat ?of|for|on",
    "dont|never repeat",
    "do not repeat",
    "make|set|mark ?it|that not ?a repeating|recurring",
    "no longer repeat",
    "unrepeat|unrecur",
    NULL};
const char *const chat_lex_stop_repeat_suffix[] = {
    "?should|shouldnt|must|can|doesnt|does ?not|no|dont ?longer|need|needs ?to repeat|recur",
    "repeating|recurring",
    "from repeating|recurring",
    "?to not|no longer repeat|recur",
    "?is|isnt not ?a repeating|recurring ?todo|task ?anymore",
    NULL};

/* ---- months (full|short), January first ---- */
const char *const chat_lex_months[] = {
    "january|jan",  "february|feb", "march|mar",  "april|apr",          "may",
    "june|jun",     "july|jul",     "august|aug", "september|sept|sep", "october|oct",
    "november|nov", "december|dec", NULL};

/* ---- conversation ---- */

const char *const chat_lex_plan_hedges[] = {
    "i|we|ill|well|id|wed ?will|would probably|prob|likely|maybe|possibly|perhaps ?gonna|going "
    "?to",
    "maybe|perhaps|possibly i|we|ill|well|id|wed ?will|would|might|could|should|gonna",
    "probably|prob|likely|possibly|perhaps|maybe gonna|going ?to",
    "?i|we might|may ?have|need|want ?to",
    "?im|i|were|we ?am|are ?still thinking|thinkin|considering ?about|of",
    "?im|i|were|we ?am|are planning|plan ?to|on",
    "not sure if|whether ?i|we ?should|will|ill|well",
    NULL};
const char *const chat_lex_plan_openers = "honestly|lol|ok|okay|so|tbh|ngl|um|uh|hmm|yeah|and|but";
const char *const chat_lex_plan_then = "just|actually|then|end|up";
const char *const chat_lex_news_leads[] = {"heads up", "?just fyi", "just so you|u know", NULL};
const char *const chat_lex_news_asks = "add|remind|put|todo|list|delete|remove|move|mark|tick|"
                                       "reopen|tag|change|set|make|cancel|note|done|finished";
const char *const chat_lex_plan_asks[] = {"add|put", "go ahead", "yeah|yes|yep|ok|okay do|go",
                                          "do it|that|so", NULL};
const char *const chat_lex_plan_corrections = "no|nah|actually|instead|wait";
const char *const chat_lex_plan_requests = "make|set|add|put|tag|reopen|mark|move|delete|remove|"
                                           "change|bump|push|tick|cross|check|complete|rename";
const char *const chat_lex_plan_verbs =
    "delete|remove|cancel|move|bump|push|change|mark|tick|check|cross|complete|drop|scrap|"
    "reschedule|postpone|rename|untag|clear|deleting|removing|cancelling|canceling|moving|"
    "bumping|pushing|changing|marking|dropping|scrapping|rescheduling|postponing|renaming";
const char *const chat_lex_small_talk[] = {
    "how are|r you|u ?doing|feeling|keeping today|tonight|now|lately",
    "how|hows ?is|was your day|days|morning|evening|weekend ?going|today",
    "how has|was your day|days|morning|evening|weekend ?been",
    "are you ok|okay|well|alright today|now",
    "?ugh|argh|man|god|honestly ?im|i|am|feeling|feel ?so|soo|really|very|super|kinda|totally "
    "tired|exhausted|knackered|sleepy|shattered|drained|bored|stressed|sad|hungry|sick "
    "?today|tonight|now|lately|rn|atm",
    NULL};

const char *const chat_lex_help_app_words[] = {
    "something", "item", "task", "todo",     "todos", "reminder", "reminders", "date", "dates",
    "due",       "tag",  "tags", "priority", "list",  "note",     "notes",     NULL};
const char *const chat_lex_help_phrases[] = {
    "can|could i ?also delete|remove|add|edit|change|sort|filter|search|group|tag|move "
    "stuff|item|todo|task|them|several|many by|with|in|at|all|bulk|once|tag|date",
    /* "can you delete things?": what the assistant can do */
    "?can|could ?you|u ?also "
    "delete|remove|add|edit|change|sort|filter|search|tag|move|repeat|remind "
    "stuff|item|todo|task ?for ?me", /* norms: "things" is "item" (chat_tok) */
    "how ?do|can|should i|we use|work ?you|this|it",
    "which|what things|stuff|kind can|could|do i write|type|say|add|put ?here|in here|to you",
    "what|wat ?all|else|exactly can|could|do you|u do ?exactly|here|again",
    "what|wat ?all|else can|could|do you|u do for me",
    "?could|can|would ?you|u ?please tell|show me what ?all|else you|u can|could do ?for ?me",
    "how does|do this|it|you ?all work ?exactly|again|here",
    "what|wat can|could|do you|u all|guys do ?for ?me|here", /* "what can you all do?" */
    "how ?does this|the thing|app|bot ?are|does work|works", /* Pidgin "how this thing dey work" */
    "what|which ?sort|sorts|kind|kinds|type|types of item|stuff|commands can|could|should i "
    "ask|say|tell|type ?you|to|with ?you",
    "what|which ?sort|sorts|kind|kinds|type|types of item|stuff can|could|do you|u "
    "?actually|really do|help ?me ?with",
    /* "can u do recurring stuff or no", "what commands do u take?" */
    "?can|could|do ?you|u do|handle|support recurring|repeating|repeat|repeats "
    "?item|stuff|todo|todos|task|tasks|reminders ?or ?no|not",
    "what commands|words|phrases do|does|can|will you|u|this|it ?item|app|bot "
    "take|understand|know|accept|support",
    "what|which sort|sorts|kind|kinds|type|types of item|stuff ?can|could|do ?you "
    "understand|handle|know",
    "?so|ok|and|but what ?else can|could you ?actually|really|even|exactly|else|possibly do "
    "?for ?me|here|exactly",
    NULL};

const char *const chat_lex_date_fillers[] = {"sometime|anytime|someday",
                                             "some time|day|days",
                                             "at some point ?in|on",
                                             "again", /* "flea treatment again in a fortnight" */
                                             "sharp", /* "tomorrow 10am sharp" */
                                             NULL};
const char *const chat_lex_vague_times[] = {"sometime|someday|eventually|soon|soonish",
                                            "at some point",
                                            "some time soon",
                                            "one of these days",
                                            "before|after work|school|class",
                                            "no ?due date|deadline", /* "..., no date, tags ..." */
                                            NULL};

/* ---- halves of the day ---- */

const char *const chat_lex_am_cues[] = {"morning", "mornings", "breakfast",
                                        "brekkie", "sunrise",  NULL};
const char *const chat_lex_pm_cues[] = {"evening", "evenings", "night",   "tonight",
                                        "dinner",  "supper",   "drinks",  "pub",
                                        "bedtime", "nightly",  "concert", NULL};
const char *const chat_lex_repeat_cues[] = {"every", "each", "daily", "weekly", "weekdays", NULL};

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

const char *const chat_lex_not_typos[] = {
    "shop", "shoe", "snow", "slow", "shot", "stow",      "last",     "lost",  "mask",
    "park", "mark", "lust", "mist", "undo", "tack",      "tuck",     "trick", "stick",
    "kick", "lick", "pick", "sick", "tic",  "completed", "finished", NULL};

const char *const chat_lex_elongated[] = {
    "add", "delete", "remove", "done",    "show",   "list", "mark", "undo", "tick",  "yes",
    "yep", "nope",   "no",     "remind",  "finish", "yo",   "hi",   "hey",  "hello", "hiya",
    "sup", "thanks", "bye",    "finally", "please", "pls",  "yay",  NULL};

/* ---- reasons ---- */

const char *const chat_lex_reason_clauses[] = {
    "?it|that|this|its|thats ?is|isnt|s|was ?not|no ?longer "
    "needed|wanted|necessary|happening|relevant|required ?anymore|any ?more",
    "?i|we dont|do|no ?not|longer need|want it|that|this ?anymore|any ?more",
    "woo|woohoo|yay|hooray|phew|finally|lol|haha|yess|whew|wooo|yey",
    "its|thats|it|that ?is|s ?all|now|finally ?done|finished|sorted|complete|completed|handled",
    "?i|we ?just cant|cannot|can|couldnt ?not ?be bothered|arsed",
    "?its|thats ?just not worth it",
    "i|we ?didnt|havent|hadnt|never ?actually|really|quite|even "
    "finish|do|complete|get|start ?to ?it|that|this ?yet|either|anyway",
    "i|we did|have not ?actually|really|quite|even finish|do|complete|get|start ?to ?it|that|this "
    "?yet|either|anyway",
    NULL};

const char *const chat_lex_ref_synonyms[][2] = {
    {"shopping", "buy"}, {"shop", "buy"},   {"purchase", "buy"}, {"grocery", "buy"},
    {"call", "ring"},    {"call", "phone"}, {"phone", "ring"}, /* "the Doyle call": "Ring Doyle" */
    {NULL, NULL}};

const char *const chat_lex_ref_spellings[][2] = {{"grey", "gray"},
                                                 {"colour", "color"},
                                                 {"tyre", "tire"},
                                                 {"favourite", "favorite"},
                                                 {"centre", "center"},
                                                 {"theatre", "theater"},
                                                 {"organise", "organize"},
                                                 {"programme", "program"},
                                                 {"catalogue", "catalog"},
                                                 {"licence", "license"},
                                                 {"practise", "practice"},
                                                 {"jewellery", "jewelry"},
                                                 {"pyjamas", "pajamas"},
                                                 {"neighbour", "neighbor"},
                                                 {"flavour", "flavor"},
                                                 {"harbour", "harbor"},
                                                 {"defence", "defense"},
                                                 {"travelling", "traveling"},
                                                 {"cancelled", "canceled"},
                                                 {"mum", "mom"},
                                                 {"aluminium", "aluminum"},
                                                 {"cosy", "cozy"},
                                                 {"labour", "labor"},
                                                 {"honour", "honor"},
                                                 {"behaviour", "behavior"},
                                                 {"metre", "meter"},
                                                 {"litre", "liter"},
                                                 {"fibre", "fiber"},
                                                 {"apologise", "apologize"},
                                                 {"realise", "realize"},
                                                 {NULL, NULL}};
const char *const chat_lex_ref_links[] = {
    "for",  "to",    "from", "with", "at",  "in",  "on",    "of",   "by",     "before", "after",
    "and",  "about", "re",   "so",   "via", "but", "until", "till", "during", "near",   "inside",
    "into", "onto",  "or",   "per",  "-",   "–",   "—",     ":",    "(",      ",",      NULL};

const char *const chat_lex_or_not[] = {"not", "no", "nah", "nope", NULL};

const char *const chat_lex_ref_tail_adverbs[] = {
    "home",   "online",   "today",    "tonight", "tomorrow", "again",    "back",   "asap",
    "now",    "soon",     "later",    "first",   "early",    "properly", "too",    "tmrw",
    "tmr",    "urgent",   "urgently", "weekly",  "daily",    "monthly",  "yearly", "pls",
    "please", "together", "myself",   "outside", "inside",   "abroad",   NULL};

const char *const chat_lex_ref_undoes[][2] = {
    {"return", "buy"},   {"return", "order"},    {"return", "get"},
    {"return", "pick"},  {"return", "borrow"},   {"return", "rent"},
    {"cancel", "book"},  {"cancel", "order"},    {"cancel", "buy"},
    {"cancel", "renew"}, {"cancel", "schedule"}, {"sell", "buy"},
    {"refund", "buy"},   {"skip", "go"},         {NULL, NULL}};

const char *const chat_lex_ref_places[] = {"at",  "near",    "outside", "inside", "from",
                                           "via", "through", "using",   NULL};
const char *const chat_lex_ref_commentary[] = {
    "lol", "lmao", "haha", "ha", "never", "not", "no", "because", "actually", "them", "oh",
    "really", "just", "cause", "cos", "coz", "forget", "nvm", "nevermind", "wait", "cuz", "bc",
    "since", "as", "already", "happened", "its", "it", "thats", "was", "is", "i", "im", "ive", "we",
    "were", "they", "theyre", "from", "off", "finally", "anymore", "again", "ugh", "sadly", "too",
    "got", "went", "done", "finished", "complete", "completed", "sorted", "cancelled", "canceled",
    "mark", "tick", "pls", "please", "thanks", "so", "yay", "oops", "turns", "after", "now", "dont",
    "didnt", "wont", "cant", "isnt", "wasnt", "aint", "nah", "nope", "smh", "omg", "btw",
    /* "yeah i did actually, tick it", "yes i did it yesterday actually" */
    "yeah", "yes", "yep", "ok", "okay", "did", "yesterday", "today", "earlier", NULL};

/* ---- words of other languages ---- */

const chat_lex_gloss_t chat_lex_glosses[] = {
    /* Tagalog: "tapos na", "done na po", plural "mga" */
    {"done|already|ok na", "= -"},
    {"mga", "-"},
    {"pa add|delete|remove|move|check|mark|tick|change", "- ="}, /* "pa add naman po: X" */
    {"please po", "= -"},
    /* Singlish and Malaysian particles: "delete buy durian lah" */
    {"lah|leh|lor", "-"},
    /* particles that are words elsewhere too, dropped only where a clause
       ends: Tagalog "po", "nga", Nigerian "o", "sha", "jare" */
    {"po|o|nga|sha|jare", "-."},
    {"liao|meh|ka", "-."},             /* Singlish "done liao", "show me my list ka" */
    {"krub|krap|khrap|kha", "-."},     /* Thai: "tick off buy rice krub" */
    {"r\xe1\xbb\x93i", "-."},          /* Vietnamese "rồi": "paid internet bill rồi" */
    {"zeig|zeige mal|mir", "show me"}, /* German: "zeig mal, everything tagged work" */
    {"ada apa", "what is"},            /* Indonesian: "besok ada apa?" */
    {"la not", "- ="},                 /* "wednesday la not tuesday" */
    {"what pa", "= else"},             /* "ano pa due tomorrow?" */
    {"what pwede|puwede mo|nyo gawin", "what can you do"},
    /* Nigerian Pidgin: "tick am", "make am high priority", "NIN form don submit" */
    {"tick|check|cross|mark|cancel|delete|remove|move|shift|make|add|put|change|comot|clear|"
     "finish|do|set|reopen|open|unmark|restore|tag am",
     "= it"},
    {"don " LEX_PIDGIN_VERBS, "- past"},    /* "NIN form don submit", "I don pay the light bill" */
    {"i go " LEX_PIDGIN_VERBS, "= will ="}, /* "tonight i go wash clothes": a plan */
    {"e don", "it has"},                    /* "..., e don spoil since yesterday" */
    {"you|u fit", "= can"},                 /* "wetin you fit do for me?" */
    /* Scots "ye" (you) next to a verb; alone it is "yes" (chat_tok) */
    {"can|could|would|will|do|did yes", "= you"},
    {"the morn", "tomorrow -"},                 /* Scots: "get the messages the morn" */
    {"the now", "now -"},                       /* Scots: "we're in Kochi the now" */
    {"sharp sharp", "- -"},                     /* "quickly": "call mama tomorrow sharp sharp" */
    {"make i no forget", "dont let me forget"}, /* "make i no forget to ..." */
    {"sef", "-."},                              /* "how this thing dey work sef?" */
    /* Spanish "la del plumber", "lo del trastero", "la de Vodafone" (the
       plumber one): "del" is no delete there (chat_tok reads it "delete") */
    {"la|lo|el|los|las|al delete|de", "- -"},
    /* Spanish "ya hice la laundry" (I already did), Portuguese "já fiz" */
    {"ya hice|termine|termin\xc3\xa9", "already did"},
    {"j\xc3\xa1|ja fiz|terminei", "already did"},
    /* Hindi and Urdu light verbs after an English one: "delete kar do" */
    {"kar|kr do|de|dena|dijiye|dijie|lo|lena", "- -"},
    {"karo|kardo|krdo|kardena|kardijiye|kariye|karna|karni|krna", "-"},
    {"kya hai|he|h", "what is"}, /* "aaj kya hai?" */
    /* Indonesian and Malay particles: "hapus aja", "tambahin dong" */
    {"aja|saja|deh|sih|nih", "-"},
    {"nh\xc3\xa9|nhe", "-"}, /* Vietnamese "nhé": "update test plan document nhé" */
    {"terima kasih", "thanks -"},
    {"hari ini", "today -"},
    /* Spanish, Portuguese, Italian */
    {"tengo|tenemos|tenho|temos que|de", "have to"}, /* "tengo que submit the report" */
    {"ai|ay meu|dios deus|mio", "oh - -"},           /* "ai meu deus almost forgot - X" */
    {"cuales|cu\xc3\xa1les son", "which are"},       /* "cuáles son urgentes?" */
    {"pode|podes|puede|puedes delete", "yes -"},     /* "sim, pode apagar": go ahead */
    {"que|qu\xc3\xa9 tengo|tenho|hay para|pra", "what have for"},
    {"que|qu\xc3\xa9 tengo|tenho|hay", "what have"}, /* "que tengo para hoy?" */
    {"por|per favor|favore", "please -"},
    {"me show", "show me"}, /* "me mostra everything tagged mercado" */
    {"meter|mete|pon|poner|coloca|colocar|bota|add en|na|a|in la|a|mi|minha|my done|lista",
     "put on my list"},
    /* Vietnamese without tones or with them */
    {"ngay|ng\xc3\xa0y mai", "tomorrow -"},
    {"hom|h\xc3\xb4m nay", "today -"},
    {"cam|c\xe1\xba\xa3m on|\xc6\xa1n", "thanks -"},
    {NULL, NULL}};

/* ---- fillers ---- */

const chat_lex_lead_t chat_lex_lead_fillers[] = {
    {"please", 0},
    /* thanks and greetings of other languages before a command ("shukran 🙏 buy ful",
       "ahlan, what can u do?") */
    {"=shukran|gracias|obrigado|obrigada|merci|danke|grazie|asante|arigato|salamat|shukriya|"
     "dhanyavad|spasibo|dziekuje|efharisto|tesekkurler|makasih|alhamdulillah|che",
     0},
    {"sir|maam|madam|oga", 0},                      /* "sir, next monday submit thesis draft" */
    {"respected|dear sir|maam|madam|sir/madam", 0}, /* "Respected sir/madam, kindly add ..." */
    {"=ahlan|marhaba|jambo|hola|ola|oi|namaste|salaam|salam|merhaba|bonjour|ciao|hallo|habari|"
     "kumusta|privet|sawasdee|konnichiwa|annyeong",
     0},
    {LEX_PLEASE_FOREIGN_2, 0},
    {LEX_PLEASE_FOREIGN_1, 0},
    {"hey bot|there", 0},
    {"?no|oh|oops wait|sorry", CHAT_LEX_CORRECTION},
    {"ok|so|um|uh|oh|hmm|well|alright|now|hey|yo|oops|whoops|ah|hm", 0},
    {"omg|ugh|argh|ahh|jeez|yikes", 0}, /* "omg i need to finish chem hw tn" */
    {"oh no|man", 0},
    {"ag|ach|och ?man|nee", 0},     /* Afrikaans, Scots: "ag man I must still renew ..." */
    {"?i almost|nearly forgot", 0}, /* "almost forgot - renew CNH monday" */
    {"already", 0},                 /* Indonesian "udah, the second one is done" */
    {"eh|arre|ayyo|aiyo|haiya|eish|wah|alamak|aiya", 0}, /* "eh sorry, wednesday not tuesday" */
    {"?no|nope not yet", 0},                             /* "not yet, put it back as pending" */
    {"actually", CHAT_LEX_CORRECTION},
    {"i meant|mean", CHAT_LEX_CORRECTION},    /* "sorry i meant 6" */
    {"might|may|could|can i ask ?you to", 0}, /* before "could i" */
    {"id|i ?would like to ask you to", 0},    /* "I'd like to ask you to add X" */
    {"can|could|shall we", 0},
    {"can|could|may i ?please", 0}, /* "can i add milk to my list" */
    {"be so kind as|and ?to", 0},
    {"possibly|perhaps", 0},
    {"when|whenever you have|get ?a sec|second|minute|moment|chance|mo", 0},
    {"would|will|is it be|is ok|okay|alright|possible|fine ?if ?you|i ?could|can ?to", 0},
    {"is it ok|okay|alright|possible ?if ?you|i ?could|can ?to", 0},
    {"if you could|can|dont mind", 0},
    {"do|would you mind ?terribly|awfully", 0},
    {"would|could you be able to", 0},
    {"are you able to", 0},
    {"id|i ?would ?really|truly|greatly|so|very ?much appreciate ?it if you could|can|would "
     "?please",
     0},
    {"it|itd|twould ?would be great|nice|lovely|awesome|helpful|good if you could|can|would "
     "?please",
     0},
    {"would be great|nice|lovely|awesome|helpful|good if you could|can|would ?please", 0},
    {"i was|am wondering|hoping if|whether you could|can|would ?please", 0},
    {"i was|am wondering|hoping ?if|whether you could|can|would ?please", 0},
    {"would|could you be so kind as ?to", 0},
    /* "would you be a dear and add ...", "be a sweetheart and put ..." */
    {"?would|could|can|will ?you be a|an dear|sweetheart|love|darling|doll|angel|gem|star|sweetie|"
     "honey|lamb|peach|treasure and",
     0},
    {"if its not too much trouble|bother ?could|can|would ?you ?please", 0},
    {"do you think you could|can ?please", 0},
    /* formal: "would you be so good as to add", "be kind enough to add", "I wonder if you
       could put down", "might I ask you to note down" */
    {"?would|could|will ?you ?please be so good|kind|nice ?as|enough ?to", 0},
    {"?would|could|will ?you ?please be good|kind|nice enough ?to", 0}, /* not "be nice to X" */
    {"i wonder|wondered ?if|whether you could|can|would|might ?please", 0},
    {"any chance you could|can ?please", 0},
    {"id|i ?would appreciate it if you could|would", 0},
    {"go ahead and", 0},
    {"would you mind", 0},
    {"i|id would|d like|love you to", 0},
    {"right then", 0},
    {"can|could|would|will you|u ?please|maybe|possibly|perhaps|kindly", CHAT_LEX_ASKS_BOT},
    {"i want you to", 0},
    {"i would like you to", 0},
    {"i need you to", 0},
    {"id|i like you to", 0},
    {"just", 0},
    {"also", 0},
    {"and|adn|nad|then", 0},
    {"kindly", 0},
    {"quick|quickly", 0},
    {"bot", 0},
    {"abeg|biko|oga|oye|yalla|ayy|ay|wey", 0},
    {"mate|bro|boss|dude|pal|buddy|hun|dear|chief|sis|fam|love|darling|sweetie|honey|bhai|bhaiya|"
     "didi|yaar|arre|arey|acha|accha",
     0},
    {"you can|could ?just|now|go ?ahead ?and", 0},
    {"hi|hello|hiya ?there", 0},
    {"good morning|afternoon|evening", 0},
    {"thanks|thx", 0},
    {"ok|okay", 0},
    {NULL, 0}};

const char *const chat_lex_trail_fillers[] = {
    "=alhamdulillah|hamdulillah|alhamdolillah|wallah|bismillah|makasih|che|aja",
    /* thanks and ok said last in another language: "..., asante", "..., tamam" */
    "=asante|tamam|dzieki|dzi\xc4\x99ki|shukriya|dhanyavad|spasibo|kiitos|tack|takk|xiexie|"
    "kamsahamnida|gomawo|sawa|sige|mersi|multumesc",
    "asante sana",
    "=obrigada|obrigado|gracias|porfa|porfavor|inshallah|inshaallah|mashallah|salamat|merci|danke|"
    "grazie|arigato",
    /* "please" in other languages: "show me my list por favor" */
    LEX_PLEASE_FOREIGN_2, "sil vous plait", LEX_PLEASE_FOREIGN_1,
    "ugh|argh|meh|sigh|smh|omg|yay|woo|woohoo|phew|lol|lmao", "itself",
    "rn|atm", /* "whats on my list rn" */
    "or not", /* "can add X or not" */
    /* "rename A to B, sorry typo" */
    "sorry|oops my typo|mistake", "sorry|oops|my|a typo", "sorry|oops", "my bad", "pala|o",
    "thank you dear|kindly|love|darling|mate", "many thanks", "ta|cheers|x|xx|xxx",
    /* "..., if you'd be so kind", "... if it's not too much bother" */
    "if you|youd ?would be so kind", "if its|it ?is not too much bother|trouble",
    "if you dont|do ?not mind", "if possible",
    /* "lah", "po", "o", "nga", "sha", "jare": chat_lex_glosses drop them */
    "meh|sia|hor|ah|la|ya|yaar|bro|oo|na|naman|yes|chale|chaley|bruv|abeg|biko",
    "dear|darling|hun|hon|babe|sweetie|sweetheart|luv", /* "... at 8 tonight dear, thank you" */
    "yuh|ya|you|y hear", "yhear",                       /* Jamaican "..., yuh hear" */
    /* "ya", "oo" read "yes" */ "thank you so|very much", "thanks so|very much",
    "thank you so very much", "please", "thanks", "thank you", "thx", "pls|plz|pleasee", "for me",
    "ok", "actually", "tho|though|thanks", "ffs|smh",
    "woo|woohoo|yay|yey|hooray|phew|whew|lol|haha|yess|yesss|wooo|yippee", NULL};

const char *const chat_lex_lead_in_verbs[] = {"add|put|pop|stick|jot|delete|remove", NULL};
const char *const chat_lex_lead_in_blockers[] = {
    "not", "dont", "never", "didnt", "cant", "wont", "shouldnt", "who", "what", "whats", "why",
    "how", "when", "where", "which", "did", "does", "do", "to", "and", "or", "the", "a", "an", "my",
    "i", "ill", "im", "we", "well", "you", "youll", "he", "she", "they", "it", "its", "if",
    "should", "would", "could", "will", "can", "to", "no", "dont", "then", "later",
    /* "gotta remove the christmas lights from storage": a task to do */
    "gotta", "gonna", "must", "need", "needs", "have", "wanna", NULL};

/* ---- clauses ---- */

const char *const chat_lex_clause_openers[] = {
    "nvm|nevermind ?about",
    "no need ?anymore|any ?more ?to", /* "no need anymore to repair X, ... delete it" */
    "never mind ?about",              /* "nvm about the hardware store trip, ..." */
    "?i|we|im|were ?am|are not|never ?even|really|actually doing|having|hosting|running|"
    "organising|organizing|bothering|going|getting|buying ?with|to",
    "?i|we dont|do|no ?not|longer need|want",
    "?im|i|we|were ?am|are not ?actually|really|quite|yet|even done|finished ?with ?it",
    "i|we ?didnt|havent|hadnt|never|did|have ?not ?actually|really|even|yet "
    "finish|finished|complete|completed|do|done|get|got|manage",
    "i|we didnt|havent|hadnt|never ?actually|really|even|yet",
    "i|we did|have not ?actually|really|even|yet",
    "i|we ?have|just|already|finally ?just|already",
    "just|finally|already|also ?just|finally",
    NULL};

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

const char *const chat_lex_ref_marks[] = {"one",  "task", "todo", "item",  "reminder", "it",
                                          "that", "this", "them", "those", "these",    NULL};
const char *const chat_lex_ref_shown[] = {"all of these",
                                          "all of those",
                                          "all of them",
                                          "all these",
                                          "all those",
                                          "them all",
                                          "these all",
                                          "both",
                                          "both of them",
                                          "both of these",
                                          "both of those",
                                          "of those",
                                          "of these",
                                          "of them",
                                          "those ones",
                                          "these ones",
                                          "these",
                                          "all",
                                          NULL};
const char *const chat_lex_ref_all[] = {"everything",
                                        "all todo",
                                        "all my todo",
                                        "all the todo",
                                        "every todo",
                                        "all task",
                                        "all my task",
                                        "the whole list",
                                        "my whole list",
                                        "the entire list",
                                        "my entire list",
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

/* ---- list-style adds ---- */
const char *const chat_lex_item_labels[] = {"to do",
                                            "todo|task|reminder|item",
                                            "new todo|task|item|one",
                                            "register|save|record",  /* "please register: X" */
                                            "?and|oh|also one more", /* "and one more — X" */
                                            NULL};
const char *const chat_lex_item_joins[] = {",", "+", "and", NULL};
const char *const chat_lex_item_blockers[] = {
    "i",        "we",        "you",   "he",     "she",    "they",   "it",   "me",   "him",
    "her",      "them",      "us",    "to",     "for",    "with",   "at",   "on",   "in",
    "about",    "from",      "by",    "then",   "also",   "so",     "but",  "or",   "if",
    "when",     "is",        "are",   "was",    "be",     "not",    "dont", "that", "this",
    "up",       "off",       "out",   "into",   "before", "after",  "add",  "undo", "gotta",
    "need",     "needs",     "too",   "please", "pls",    "have",   "has",  "etc",  "etcetera",
    "stuff",    "whatnot",   "more",  "busy",   "tired",  "hungry", "sick", "nice", "easy",
    "stressed", "exhausted", "bored", "very",   "really", "change", "move", "swap", NULL};
const char *const chat_lex_item_pairs[] = {"fish and chips|chip",
                                           "mac|macaroni and cheese",
                                           "bread and butter",
                                           "salt and pepper|vinegar",
                                           "gin|vodka|whisky|rum and tonic|coke|soda|lemonade",
                                           "rock and roll",
                                           "health and safety",
                                           "terms and conditions",
                                           "hugs and kisses",
                                           "peanut butter and jelly|jam",
                                           "pb and j",
                                           "strawberries and cream",
                                           "cheese and onion|wine|crackers",
                                           "sweet and sour|salty",
                                           "black and white|blue|decker",
                                           "cookies and cream",
                                           "bacon|ham and eggs|cheese",
                                           "pros and cons",
                                           "odds and ends",
                                           "bits and pieces|bobs",
                                           "wear and tear",
                                           "trial and error",
                                           "back and forth",
                                           "arts and crafts",
                                           "bed and breakfast",
                                           "wine and cheese",
                                           "chips and dip|salsa|guac",
                                           "milk and cookies",
                                           "tea and biscuits|cake",
                                           "pie and mash",
                                           "bangers|sausage and mash",
                                           "surf and turf",
                                           "rice and beans|peas",
                                           "spaghetti and meatballs",
                                           "chicken and chips|rice",
                                           "bubble and squeak",
                                           "sour cream and chive|onion",
                                           "knife and fork",
                                           "pen and paper",
                                           "nuts and bolts",
                                           "snakes and ladders",
                                           "hide and seek",
                                           "q and a",
                                           "r and d|r",
                                           "b and b",
                                           "lock and key",
                                           "needle and thread",
                                           "cup and saucer",
                                           "pots and pans",
                                           "bucket and spade",
                                           "dustpan and brush",
                                           "shampoo and conditioner",
                                           "hair and makeup",
                                           "mum|mom|ma and dad|pa",
                                           "mr and mrs",
                                           "bride and groom",
                                           "friends and family",
                                           "king and queen",
                                           "hot and cold",
                                           "marks and spencer|sparks",
                                           "barnes and noble",
                                           "ben and jerrys|jerry",
                                           "pride and prejudice",
                                           "romeo and juliet",
                                           "procter and gamble",
                                           "johnson and johnson",
                                           "tom and jerry",
                                           "bath and beyond",
                                           "dungeons and dragons",
                                           NULL};
const char *const chat_lex_item_count =
    "2|3|4|5|6|7|8|two|three|four|five|six|seven|eight "
    "item|items|task|tasks|todo|todos|reminder|reminders|one|ones";

/* ---- polite wrappers ---- */
const char *const chat_lex_mind_adverbs[] = {"terribly", "awfully", NULL};

const char *const chat_lex_gerunds[][2] = {
    {"adding", "add"},      {"putting", "put"},     {"marking", "mark"},     {"ticking", "tick"},
    {"checking", "check"},  {"crossing", "cross"},  {"deleting", "delete"},  {"removing", "remove"},
    {"moving", "move"},     {"changing", "change"}, {"renaming", "rename"},  {"setting", "set"},
    {"showing", "show"},    {"listing", "list"},    {"undoing", "undo"},     {"clearing", "clear"},
    {"creating", "create"}, {"making", "make"},     {"reopening", "reopen"}, {"pushing", "push"},
    {"bumping", "bump"},    {"tagging", "tag"},     {"reminding", "remind"}, {NULL, NULL}};

/* ---- closing clauses ---- */
const char *const chat_lex_clause_leads[] = {
    "?so|and|then can|could|would|will you|u ?please|pls|just|now",
    "so|and|then you|u can|could|may ?now|just|also",
    "so|and|then ?please|pls|just",
    "you can|could|may ?now|just|also",
    "please|pls ?please|just",
    "just ?please|pls", /* "jen cancelled dinner 😒 just delete it" */
    "go ahead and",
    NULL};
const char *const chat_lex_clause_verbs[] = {
    "is", "are", "was", "were", "isnt", "arent", "wasnt", "werent", "s", "its", "im", "ive", "has",
    "have", "had", "got", "cant", "wont", "dont", "didnt", "doesnt", "will", "gonna", "looks",
    "seems", "feel", "feels", "went", "came", "changed", "moved",
    /* "..., boss wants changes", "..., she said no" */
    "wants", "wanted", "said", "says", "asked", "told", NULL};
/* after a word of address or blessing: "machan remind me to ...",
   "inshallah need to ..."; and the words that are none ("no need to ...") */
const char *const chat_lex_vocative_next[] = {"remind|remember|add|pls|please",
                                              "need|needs|have|got to", "gotta", NULL};
const char *const chat_lex_vocative_not[] = {
    "no|not|dont|never|i|we|you|they|he|she|it|my|the|which|what|any|all|every|this|that|yes|ok|"
    "okay|yeah|yep|sure|so|and|then|oh",
    NULL};
/* a reason in a later clause: "..., is urgent because tooth is hurting" */
const char *const chat_lex_because = "because|cause|cos|coz|cuz|bc";
/* a later clause that opens with "too": "..., too expensive", "..., way too many" */
const char *const chat_lex_excess = "?way|far too";
/* what a first clause says not to do, or not done, before a closing change:
   "dont mark X done yet, just move it to monday", "not done with X yet 😩
   push it to wednesday" */
const char *const chat_lex_not_to_do[] = {
    "dont|never ?mark|delete|remove|tick|cross|complete|finish|cancel ?off",
    "?still not|havent|didnt ?quite|yet done|finished|finish ?with",
    "didnt|havent|couldnt|never get|got round|around to", NULL};
/* a closing clause that says no: "..., not happening today", "..., no time" */
const char *const chat_lex_refusals = "not|no|impossible|cannot|cant|wont|isnt|busy";
/* other words of a closing reason without a verb: "..., exams over finally",
   "..., wrong list lol" */
const char *const chat_lex_reason_words[] = {"possible", "finally", "over", "wrong",
                                             "lol",      "haha",    "lmao", NULL};
const char *const chat_lex_clause_subjects[] = {"i", "we", "he", "she", "they", "you", NULL};
const char *const chat_lex_clause_apply[] = {
    "update|change|fix|edit|amend|adjust|correct ?it|that|this ?accordingly|please|pls|too",
    "update|change|fix|edit|amend the todo|task|reminder|entry ?accordingly|please|pls", NULL};
const char *const chat_lex_untag_clause[] = {
    "?please|pls take|remove|drop|strip|lose ?off ?the|that|this|its|those tag|tags|label|labels "
    "?off|away ?please|pls|too",
    "?please|pls get rid of ?the|that|this|its|those tag|tags|label|labels ?please|pls|too",
    "?please|pls untag it|that|this ?please|pls", NULL};
const char *const chat_lex_restate_verbs[] = {
    "is|s|are|was ?now|actually ?been moved|changed|pushed|rescheduled|shifted ?to",
    "got|has|have ?been moved|changed|pushed|rescheduled|shifted ?to", "is|s|are ?now|actually",
    "now|moved|changed|rescheduled ?to", NULL};

/* ---- completing ---- */
const char *const chat_lex_complete_openers[] = {
    "put|place|add|stick|draw a tick|check|checkmark|cross|x ?mark next to|by|beside|against|on",
    "put|place|add|stick|draw a tick|check|checkmark on|against",
    "strike|cross|line through|out",
    "tick|check mark next|beside|by|against ?to",
    "checkmark next|beside|by|against ?to",
    NULL};
const char *const chat_lex_swap_words[] = {"done", "undo", "mark", "tick", "show", NULL};

/* ---- priorities ---- */
const chat_lex_level_t chat_lex_priority_levels[] = {
    {"high|higher|highest|top|urgent|max|1|one|important", 3},
    {"medium|normal|med|mid|middle|moderate|average|2|two", 2},
    {"low|lower|lowest|3|three", 1},
    {NULL, 0}};

const chat_lex_level_t chat_lex_priority_phrases[] = {
    {"?a|as|with high|higher|top|highest|max ?priority|prio", 3},
    {"?as|with priority|prio high|1|one|top", 3},
    {"?a|as|with medium|normal|med|mid ?priority|prio", 2},
    {"?as|with priority|prio medium|normal|2|two", 2},
    {"?a|as|with low|lower|lowest ?priority|prio", 1},
    {"low-prio|low-priority|lowprio", 1},
    {"high-prio|high-priority|highprio", 3},
    {"med-prio|medium-priority|mid-prio", 2},
    {"?as|with priority|prio low|3|three", 1},
    {"not|nothing|non|no|hardly|sio|hindi|nicht|pas urgent|important",
     1}, /* "nothing urgent", Swahili "sio urgent" */
    {"isnt|arent|wasnt|not ?that|so|very|really|super|too urgent|important", 1},
    {"?it|this|that|which can wait", 1},
    {"no rush|hurry", 1},
    /* "..., it is very urgent!!" */
    {"it|this|that|its|thats ?is|s ?very|really|super|so|quite|pretty|extremely "
     "urgent|important|critical",
     3},
    /* "..., kinda urgent", "very urgent!!" */
    {"kinda|very|really|super|so|quite|pretty|extremely|fairly|rather|most|bit|abit|kind|sort "
     "?of urgent|important|critical",
     3},
    {"?as urgent|urgently|asap|critical|importnt|crucial", 3},
    {"?as important", 3},
    {"?as p1", 3},
    {"?as p2", 2},
    {"?as p3|p4", 1},
    {"whenever|someday|eventually", 1},
    {NULL, 0}};

/* ---- off topic ---- */
const char *const chat_lex_opening_hours[] = {"close|closes|closing|closed|open|opens|opening",
                                              NULL};
const char *const chat_lex_off_topic[] = {
    "ka score", "score kya",
    "score what ?is", /* "pak vs aus score kya hai?" once "kya hai" reads "what is" */
    "whats|what is the score",
    "who sang|wrote|won|invented|directed|played|sings|is|was|were|discovered|painted",
    "what time does|do the", "recommend|suggest ?me a|an|some|any|good|nice|cheap|great",
    "can|could you|u recommend|suggest", /* "can you recommend good restaurant" */
    "=recipe|recipes|lyrics", "exchange rate|rates",
    "rand|pound|pounds|dollar|dollars|euro|euros|yen|rupee|rupees|naira|shilling|peso|real "
    "to|vs|"
    "against|in "
    "rand|pound|pounds|dollar|dollars|euro|euros|yen|rupee|rupees|naira|shilling|peso",
    "=weather|forecast|temperature|rain|raining|snowing|sunny|humid|windy",
    "how hot|cold|warm|humid|windy", /* "how hot will be in Dubai tomorrow?" */
    "it snow|hail|storm|thunder|rain|drizzle|freeze",
    "how ?do|would|to ?you|i|we say|spell|pronounce", /* "how to say thank you in german?" */
    "=translate|translation|define|definition", "=timer|timers|stopwatch|countdown",
    "=volume|brightness", /* "turn the volume down": the device's, not a task */
    "set|start|stop|cancel|snooze ?an|a|my|the alarm|alarms", /* "check the smoke alarm" is a task
                                                               */
    "alarm|alarms for|at|to",                                 /* "can you move my alarm to 6am" */
    /* exact: "move Tunde's call" is no request for tunes */
    "=joke|jokes|riddle|song|songs|music|playlist|spotify|podcast|radio|lyrics|tunes|beats",
    "=news|headlines|stock|stocks", "meaning of life", "who won|win|wins|scored|beat",
    "who is|s winning", "whos|who winning|playing",
    "what|whats ?was|is the score|scores|result|results", "final|half score|whistle", "square root",
    "=calculate|calculator|arithmetic", /* "done with the math homework" is a task */
    "=poem|poems|haiku|limerick|calories|calorie",
    "what|whats ?is|are the capital|capitals|population|currency|height|distance|meaning "
    "of", /* trivia
           */
    "how tall|old|far|big|deep|long is|was|are",
    "who designed|invented|wrote|painted|built|discovered|founded|composed|directed",
    "how long do|does|should|to ?i|you bake|cook|boil|roast|fry|grill|steam",
    "how many|much pesos|dollars|euros|pounds|rupees|yen|naira|rand|shillings|lira|reais|dong|"
    "rupiah|dirhams|riyals", /* "how many pesos is 100 dollars" */
    NULL};
const char *const chat_lex_device_words[] = {
    "account", "accounts", "password", "passwords", "profile", "facebook", "instagram", "tiktok",
    "twitter", "whatsapp", "snapchat", "linkedin",  "gmail",   "wifi",     "laptop",    "computer",
    "printer", "browser",  "cookies",  "cache",     "iphone",  "android",  "bluetooth", NULL};
const char *const chat_lex_percent_links[] = {"of", "off", "on", NULL};
const char *const chat_lex_arith_ops[] = {"divided|multiplied|times by|into",
                                          "plus|minus|times|x|over|mod|modulo", "to the power of",
                                          "percent|% of", NULL};

/* ---- tasks ---- */
const char *const chat_lex_task_verbs[] = {
    "buy",          "call",     "email",     "pay",      "book",       "pick",      "clean",
    "wash",         "fix",      "text",      "send",     "write",      "read",      "finish",
    "submit",       "renew",    "cancel",    "check",    "order",      "return",    "water",
    "feed",         "walk",     "take",      "bring",    "get",        "grab",      "schedule",
    "prepare",      "prep",     "cook",      "bake",     "visit",      "meet",      "ring",
    "phone",        "post",     "mail",      "print",    "sign",       "file",      "update",
    "review",       "study",    "practice",  "practise", "learn",      "vacuum",    "mow",
    "iron",         "tidy",     "organize",  "organise", "arrange",    "sort",      "plan",
    "research",     "drop",     "collect",   "charge",   "backup",     "back",      "install",
    "repair",       "replace",  "paint",     "hang",     "empty",      "do",        "make",
    "go",           "see",      "apply",     "register", "deposit",    "transfer",  "wrap",
    "ship",         "pack",     "unpack",    "laundry",  "groceries",  "shop",      "refill",
    "fill",         "sweep",    "mop",       "dust",     "declutter",  "message",   "dm",
    "reply",        "respond",  "answer",    "follow",   "contact",    "invite",    "thank",
    "congratulate", "wish",     "celebrate", "attend",   "join",       "host",      "ask",
    "tell",         "remind",   "submit",    "upload",   "download",   "clear",     "throw",
    "recycle",      "donate",   "sell",      "list",     "pickup",     "dentist",   "doctor",
    "haircut",      "gym",      "run",       "jog",      "swim",       "exercise",  "workout",
    "stretch",      "meditate", "journal",   "draft",    "edit",       "proofread", "translate",
    "test",         "deploy",   "merge",     "refactor", "debug",      "code",      "design",
    "sketch",       "compose",  "record",    "film",     "photograph", "scan",      "shred",
    "top",          "service",  "inspect",   "measure",  "weigh",      "vote",      "donate",
    "volunteer",    "babysit",  "pray",      "nap",      "sleep",      "rest",      "fold",
    "hoover",       "defrost",  "polish",    "bath",     "bathe",      "confirm",   "rent",
    "reserve",      "fetch",    "soak",      "chop",     "peel",       "trim",      "load",
    "unload",       "cut",      "prune",     "rake",     "dig",        "mend",      "sew",
    "boil",         "roast",    "grill",     "marinate", "withdraw",   "revise",    "chase",
    "hire",         "claim",    "plant",     "press",    "scrub",      "watch",     "shave",
    "decorate",     NULL};
const char *const chat_lex_done_circumstances[] = {
    "on|in the|my way home|back|out|in", "on|in the|my way to work|school|class|uni|college|church",
    "on|in the|my way to the office|gym", "?at|in last|the end", "just now", "earlier ?today|on",
    "after|before|during work|school|lunch|class",
    /* "water bill paid through app" */
    "through|via|using|on|with ?the|my app|online|"
    "website|phone|mpesa|gcash|paypal|pix|upi",
    NULL};
const char *const chat_lex_past_verbs[] = {
    "called", "bought", "paid", "emailed", "booked", "sent", "picked", "cleaned", "fixed",
    "submitted", "returned", "renewed", "washed", "watered", "fed", "walked", "mailed", "posted",
    "ordered", "texted", "rang", "phoned", "wrote", "read", "signed", "filed", "cooked", "baked",
    "visited", "met", "printed", "collected", "cancelled", "canceled", "scheduled", "replied",
    "answered", "vacuumed", "mowed", "ironed", "tidied", "packed", "shipped", "deposited",
    "transferred", "got", "grabbed", "took", "dropped", "made", "went", "did", "drafted",
    "reviewed", "studied", "practiced", "practised", "updated", "installed", "repaired", "replaced",
    "painted", "emptied", "charged", "organized", "organised", "sorted", "prepared", "registered",
    "applied", "uploaded", "sold", "donated", "recycled", "swept", "mopped", "dusted", "contacted",
    "invited", "thanked", "messaged", "attended", "finished", "completed", "handled", "sorted",
    "done", "bought", "hoovered", "rung", "written",
    /* "handed in the shift swap form this morning" */
    "handed", "turned", "delivered", "fetched", "brought", "gave", "topped", "refilled",
    "inspected", "scanned", "shredded", "unpacked", "fitted", "assembled", "settled", "confirmed",
    "reserved", "bled", NULL};

/* ---- listing ---- */
const chat_lex_list_word_t chat_lex_list_words[] = {
    /* "everything", "my whole list" are the open todos (fresh writers y, z,
       aa and ab all read them so); done ones only when said */
    {"including|incl ?the|my ?done|completed|finished|ticked ?ones|todos|tasks|items", NULL,
     CHAT_LEX_LW_ALL},
    {"even|also the|my done|completed|finished|ticked ?ones|todos|tasks|items", NULL,
     CHAT_LEX_LW_ALL},
    {"all|everything|every done|completed|finished ?and|or open|undone|not|pending", NULL,
     CHAT_LEX_LW_ALL},
    {"open|done|completed|finished and|& done|completed|finished|open|not", NULL, CHAT_LEX_LW_ALL},
    /* "complete list of my tasks": the whole list of open ones */
    {"complete|full|whole|entire list|rundown|overview", NULL, CHAT_LEX_LW_OPEN},
    /* "what do i still have to finish": the open ones, not a search */
    {"finish|complete|do|tackle|sort", "to", CHAT_LEX_LW_OPEN},
    /* "which ones did I not finish yet" */
    /* "which tasks are not marked as done?", "which ones i never mark as done",
       "which ones haven't been ticked off yet?" */
    {"not|never|havent|hasnt|arent|isnt|wasnt ?been|yet finish|finished|complete|completed|do|done",
     NULL, CHAT_LEX_LW_OPEN},
    {"not|never|havent|hasnt|arent|isnt|wasnt ?been|yet mark|marked ?as done|complete|completed|"
     "finished",
     NULL, CHAT_LEX_LW_OPEN},
    {"not|never|havent|hasnt|arent|isnt|wasnt ?been|yet tick|ticked|check|checked|cross|crossed "
     "off",
     NULL, CHAT_LEX_LW_OPEN},
    {"didnt|havent i|we finish|finished|complete|completed|do|done ?yet", NULL, CHAT_LEX_LW_OPEN},
    {"already get|got|gotten done", NULL, CHAT_LEX_LW_DONE}, /* "what did i already get done" */
    {"overdue|late|missed|behind|overdo|ovedue|overdew|blown|blew", NULL, CHAT_LEX_LW_OVERDUE},
    {"past due", NULL, CHAT_LEX_LW_OVERDUE},
    /* "did i miss anything?" */
    {"miss anything|something|stuff|any|things", NULL, CHAT_LEX_LW_OVERDUE},
    {"past|passed ?its|the|their ?due date|dates|deadline|deadlines", NULL, CHAT_LEX_LW_OVERDUE},
    {"no|without ?a|any ?due date|deadline|dates|date|deadlines", NULL, CHAT_LEX_LW_NODATE},
    {"undated|someday", NULL, CHAT_LEX_LW_NODATE},
    {"dont|doesnt|havent|hasnt|do|does|lack|lacking|missing ?not ?have|got ?a|any ?due "
     "date|deadline|"
     "dates|deadlines",
     NULL, CHAT_LEX_LW_NODATE},
    /* "is X still on my list or did i already do it?", "... can't remember if
       i did it": either way, show X */
    {"if|whether i|we ?already|ever did|done|finished|completed", NULL, CHAT_LEX_LW_ALL},
    {"or did|have i|we ?already|ever|just do|done|finish|finished|complete|completed|tick|cross|"
     "ticked|crossed",
     NULL, CHAT_LEX_LW_ALL},
    {"did|have i|we ?already|ever|just do|done|finish|finished|complete|"
     "completed|accomplish|accomplished|tick|cross|ticked|crossed|checked",
     NULL, CHAT_LEX_LW_DONE},
    /* "what have i got done so far": done; "what do i need to get done": open */
    {"done|completed|finished", "got|gotten", CHAT_LEX_LW_DONE},
    {"done|completed|finished|complete|checked|ticked|closed", "get|be|to|getting",
     CHAT_LEX_LW_OPEN},
    {"done|completed|finished|complete|checked|ticked|crossed|closed|accomplished", NULL,
     CHAT_LEX_LW_DONE_UNLESS_NOT},
    /* "what should i finish before sunday": what is still to do */
    {"should|must|shall|could|can|will i|we ?still finish|complete|do|tackle", NULL,
     CHAT_LEX_LW_OPEN},
    {"i|we must|should|need|have ?to ?still finish|complete|do|tackle", NULL,
     CHAT_LEX_LW_OPEN}, /* "what i must finish this week" */
    {"did|finish|complete|accomplish", "i|have", CHAT_LEX_LW_DONE},
    {"get|got done", "i|have", CHAT_LEX_LW_DONE}, /* not "wetin i get for today?" */
    /* round 9: done said in slang ("what have i smashed through", "what i've
       knocked off", "what did we get through") */
    {"smashed|crushed|powered|ploughed|plowed|blitzed|breezed|cruised|blasted|ripped|got|gotten|"
     "worked|chewed|raced|zipped|flew|burned|burnt ?my|our ?way through",
     NULL, CHAT_LEX_LW_DONE},
    {"knocked|ticked|crossed|checked|struck|scratched|polished|bashed|cleared off|out", NULL,
     CHAT_LEX_LW_DONE},
    {"nailed|smashed|crushed|aced|wrapped|sorted|handled|finished|managed",
     "i|ive|weve|we|already|"
     "just|finally|have|has",
     CHAT_LEX_LW_DONE},
    {"all|everything|every|whole|entire|full|including", NULL, CHAT_LEX_LW_OPEN},
    {"open|pending|left|remaining|outstanding|incomplete|unfinished|active|undone|todo|uncompleted",
     NULL, CHAT_LEX_LW_OPEN},
    {NULL, NULL, 0}};
const char *const chat_lex_list_through[] = {
    "between now|today|tonight and|&", "from now|today|tonight ?up to|till|til|until|through|thru",
    "now|today til|till|until|through|thru|to", NULL};
const char *const chat_lex_list_stop[] = {
    "odds",       "ends",     "bits",      "bobs",       "happening",  "planned",    "scheduled",
    "looking",    "looks",    "shaping",   "rundown",    "lined",      "going",      "what",
    "whats",      "is",       "are",       "on",         "in",         "my",         "list",
    "do",         "i",        "have",      "any",        "anything",   "todo",       "task",
    "about",      "for",      "with",      "show",       "me",         "the",        "a",
    "to",         "due",      "stuff",     "item",       "there",      "of",         "need",
    "get",        "got",      "that",      "which",      "mention",    "mentioning", "related",
    "containing", "called",   "named",     "like",       "left",       "still",      "again",
    "please",     "can",      "you",       "see",        "view",       "display",    "give",
    "tell",       "read",     "let",       "know",       "look",       "up",         "find",
    "search",     "lookup",   "check",     "pull",       "bring",      "current",    "currently",
    "now",        "so",       "far",       "up",         "coming",     "upcoming",   "next",
    "how",        "many",     "much",      "am",         "was",        "where",      "we",
    "our",        "it",       "or",        "and",        "already",    "actually",   "yet",
    "anymore",    "dont",     "one",       "ones",       "an",         "should",     "be",
    "doing",      "stand",    "things",    "things",     "going",      "agenda",     "plate",
    "schedule",   "else",     "else?",     "at",         "by",         "from",       "list?",
    "lists",      "entries",  "entry",     "today?",     "there?",     "reminders",  "missing",
    "thats",      "its",      "whats",     "theyre",     "forgotten",  "forgot",     "anyone",
    "anybody",    "someone",  "somebody",  "something",  "forgetting", "forget",     "ahead",
    "me?",        "reminder", "else",      "remind",     "latest",     "all",        "some",
    "has",        "been",     "added",     "add",        "put",        "im",         "ive",
    "did",        "does",     "this",      "those",      "these",      "them",       "want",
    "wanna",      "like",     "would",     "could",      "quick",      "rundown",    "summary",
    "overview",   "status",   "mine",      "here",       "gimme",      "pls",        "thing",
    "nothing",    "just",     "only",      "if",         "whether",    "contains",   "contain",
    "includes",   "include",  "word",      "words",      "text",       "title",      "titled",
    "saying",     "says",     "say",       "look",       "for",        "off",        "marked",
    "flagged",    "stuff",    "set",       "deadline",   "deadlines",  "needs",      "doing",
    "flag",       "mark",     "as",        "got",        "pls",        "plz",        "ive",
    "missed",     "agenda",   "plans",     "plan",       "lineup",     "docket",     "tasks",
    "todos",      "behind",   "finishing", "completing", "sorting",    "attention",  "handling",
    "free",       "busy",     NULL};

/* ---- whole messages ---- */
const char *const chat_lex_confirm_talk[] = {
    "clean", "slate",  "fresh", "start", "new",    "me",    "baby", "lol", "finally", "go",
    "ahead", "wipe",   "it",    "all",   "of",     "them",  "im",   "i",   "am",      "sure",
    "so",    "ready",  "time",  "for",   "a",      "start", "lets", "let", "us",      "do",
    "yolo",  "thanks", "thank", "you",   "please", "pls",   NULL};
const char *const chat_lex_confirm_words[] = {
    "item", "yes", "ok", "sure", "confirm", "confirmed", "do", "it", "go", "ahead", "for", "please",
    "im", "certain", "right", "proceed", "of", "course", "fine", "alright", "i", "am", "thats",
    "delete", "them", "all", "sounds", "good", "totally", "exactly", "that", "correct",
    "definitely", "absolutely", "affirmative", "yes!", "yesss", "really", "remove", "is", "true",
    "why", "certainly", "indeed", "positive", "the", "lets", "those", "agreed", "perfect", "sure!",
    "k", "kk", "yes,", "yep", "yeah", "yup", "yea", "ya", "aye", "yesh", "wipe", "clear", "bin",
    "yh", "trash", "nuke", "erase", "purge", "ditch", "get", "rid", "go", "on", "then", "both",
    "everything", "em", "yas", "yass", "can", "dear", "love", "hun", "darling", "sweetie", "honey",
    /* round 9: South African and chat-style yeses, "clear em out" */
    "ja", "jah", "yebo", "yah", "out", "haan", "oui", "si", "okay", "okey", "okie", "please", "pls",
    "plz", "send", "ahead", "yes.", "ji", "o", "sim",
    /* "yes oga, go ahead" */
    "oga", "sir", "boss", "maam", "madam", "bhai", "bro", "abeg", "quite", "needful",
    /* "yes 100%", "yes 100 percent" */
    "100", "percent",
    /* Irish "yep, sound" */
    "sound", "grand", NULL};
const char *const chat_lex_confirm_strong[] = {
    "yes",        "ok",      "sure",        "confirm", "confirmed", "proceed", "absolutely",
    "definitely", "correct", "affirmative", "alright", "certainly", "go",      "do",
    "agreed",     "indeed",  "yep",         "yeah",    "yup",       "aye",     "ja",
    "jah",        "yebo",    "yah",         "okay",    "okey",      "okie",    "haan",
    "oui",        "si",      NULL};
const char *const chat_lex_cancel_words[] = {
    "no", "cancel", "nevermind", "never", "mind", "stop", "dont", "abort", "forget", "it", "keep",
    "them", "thanks", "not", "please", "wait", "hold", "on", "that", "actually", "changed", "my",
    "leave", "for", "as", "is", "do", "nothing", "skip", "thank", "you", "way", "nah", "cancelled",
    "canceled", "delete", "all", "those", "ok", "never", "mind", "oh", "i", "they", "are", "fine",
    "alone", "anything", "want", "to", "decided", "against", "absolutely", "definitely",
    "certainly", "hell", "now", "please", "everything", "be", "better", "lot", "hmm", "hm",
    "bother", "second", "thoughts", "thought", "didnt", "mean", "meant", "alone", "them", "lascia",
    "stare", "dejalo", "laisse", "tomber", "eh", "la", "lah", "uh", "um", "the", "mistake", "wrong",
    "ji", "o",
    /* round 9: "hmm on second thought leave it", "eish no wait dont" */
    "second", "thought", "thoughts", "hmm", "hm", "eish", "um", "umm", "uh", "ah", "argh", "ugh",
    "nope", "na", "sorry", "let", "lets", "rather", "hang", "sec", "moment", "thats", "fine",
    "like", "lol", "mate", "bro", "em",
    /* "no wait, don't, I still need those", "no wait dont, wrong button" */
    "still", "need", "button", "pressed", "clicked", "tapped", "accident",
    /* "actually no hold off, dont delete them", Vietnamese "khoan khoan" (wait) */
    "off", "khoan", "mai", "yet", "anything", NULL};
const char *const chat_lex_cancel_strong[] = {
    "no",    "cancel", "nevermind", "never", "stop", "dont",      "abort",
    "wait",  "keep",   "forget",    "hold",  "skip", "cancelled", "canceled",
    "leave", "not",    "nope",      "na",    "nah",  "khoan",     NULL};
const char *const chat_lex_refusal_leads[] = {
    "no|nope|nah|na|wait|stop|dont|cancel|abort|hold|leave|forget|nevermind|nvm", NULL};
const char *const chat_lex_refusal_anywhere[] = {"change|changed|changing my|our mind",
                                                 "misclicked|misclick|mistyped",
                                                 "by mistake",
                                                 "nothing delete|remove",
                                                 "dont|never delete|remove|clear|do ?it|that|them",
                                                 "do not delete|remove|clear|do ?it|that|them",
                                                 NULL};
const char *const chat_lex_undo_words[] = {
    "undo",
    "wrong",
    "mistake",
    "oops",
    "that",
    "it",
    "last",
    "the",
    "didnt",
    "mean",
    "meant",
    "to",
    "do",
    "can",
    "you",
    "oh",
    "no",
    "change",
    "please",
    "this",
    "my",
    "action",
    "previous",
    "step",
    "what",
    "i",
    "just",
    "did",
    "revert",
    "oops",
    "back",
    "go",
    "take",
    "ctrl",
    "z",
    "rollback",
    "roll",
    "reverse",
    "put",
    "bring",
    "restore",
    "mistake",
    "was",
    "a",
    "bad",
    "lol",
    "no",
    "wait",
    "can",
    "you",
    "one",
    "item",
    "thing",
    "sorry",
    "undid",
    "whoops",
    "oh",
    "that!",
    "command",
    "op",
    "operation",
    "edit",
    "move",
    "actually",
    "delete",
    "deletion",
    "do",
    "didnt",
    "mean",
    "meant",
    "ack",
    "kindly",
    /* "sorry that was a mistake, kindly undo the last change" */ NULL};
const char *const chat_lex_undo_strong[] = {"undo", "revert",  "oops", "rollback", "whoops",
                                            "ctrl", "reverse", "back", NULL};
const char *const chat_lex_help_words[] = {
    "able", "all", "understand", "help", "me", "please", "what", "can", "you", "do", "how", "does",
    "this", "work", "i", "use", "it", "commands", "instructions", "say", "to", "are", "who", "the",
    "is", "usage", "options", "menu", "examples", "example", "show", "guide", "need", "with", "app",
    "bot", "thing", "item", "tutorial", "features", "available", "type", "should", "of", "tips",
    "exactly", "things", "supported", "ask", "there", "have", "support", "which", "any", "am",
    "supposed", "a", "some", "give", "stuck", "confused", "lost", "manual", "command", "get",
    "started", "hints", "list", "capable", "ur", "abilities", "your", "know", "tell", "about",
    "yourself", "works", "um", "so", "hmm", "new", "here", "im", "first", "time", "just", "joined",
    "hi", "hello", "hey", "ok", "explain",
    /* round 9: "sorry i'm not very good with technology, what do i type?" */
    "sorry", "not", "very", "good", "great", "at", "technology", "tech", "techy", "computers",
    "phones", "type", "typing", "bad", "really", "old", "clue", "no", "idea", "bit", "write", NULL};
const char *const chat_lex_help_strong[] = {
    "understand", "help",     "commands",  "instructions", "usage",     "tutorial", "examples",
    "guide",      "features", "options",   "capable",      "abilities", "stuck",    "confused",
    "manual",     "hints",    "supported", "yourself",     "new",       "explain",  "joined",
    "technology", "tech",     "techy",     "type",         NULL};
const char *const chat_lex_greet_words[] = {
    "hi",         "hello",      "hey",     "hiya",       "yo",        "howdy",
    "sup",        "greetings",  "good",    "morning",    "afternoon", "evening",
    "day",        "there",      "bot",     "thanks",     "thank",     "you",
    "much",       "cheers",     "hola",    "gm",         "up",        "how",
    "are",        "doing",      "keeping", "is",         "it",        "going",
    "buddy",      "friend",     "mate",    "again",      "so",        "very",
    "lot",        "appreciate", "nice",    "great",      "cool",      "awesome",
    "perfect",    "lovely",     "bye",     "goodbye",    "see",       "ya",
    "later",      "what",       "all",     "ok",         "a",         "ton",
    "heya",       "hows",       "u",       "today",      "tonight",   "everyone",
    "team",       "folks",      "amazing", "brilliant",  "wonderful", "excellent",
    "super",      "wow",        "gn",      "night",      "guys",      "dude",
    "pal",        "man",        "well",    "done",       "to",        "meet",
    "everything", "going?",     "helpful", "grand",      "thx",       "ta",
    "hii",        "heyyy",      "hey!",    "namaste",    "bonjour",   "hallo",
    "ciao",       "aloha",      "salaam",  "salam",      "shalom",    "ola",
    "moin",       "servus",     "salut",   "konnichiwa", "gday",      "howzit",
    "ji",         "sir",        "maam",    "bro",        "fam",       "yall",
    "peeps",      "guten",      "tag",     "buenos",     "dias",      "bom",
    "dia",        "merhaba",    "jambo",   "kia",        "ora",       "vanakkam",
    "ni",         "hao",        "nihao",   "annyeong",   "privet",    "hej",
    "hei",        "ahoy",       "wassup",  "whatsup",    "wagwan",    "heyy",
    "morn",       "mornin",     "evenin",  "sawubona",   "habari",    "assalamualaikum",
    "salve",      "oi",         "hallo",   "ahlan",      "buna",      "bun\xc4\x83",
    "ziua", /* Romanian "bună ziua" */
    "marhaba",    "selamat",    "pagi",    "sat",        "sri",       "akal",
    "namaskar",   "adaab",      "kumusta", "yako",       "far",       "o",
    "gani",       "kabar",      "apa",     "estas",      "tudo",      "bem",
    NULL};
const char *const chat_lex_greet_strong[] = {
    "buna",      "bun\xc4\x83", "ziua",    "hi",       "hello",     "hey",
    "hiya",      "yo",          "howdy",   "sup",      "greetings", "morning",
    "thanks",    "thank",       "cheers",  "hola",     "gm",        "evening",
    "afternoon", "bye",         "goodbye", "heya",     "gn",        "awesome",
    "great",     "cool",        "perfect", "lovely",   "amazing",   "brilliant",
    "wonderful", "excellent",   "helpful", "grand", /* Irish "grand, ..." */
    "ta",        "namaste",     "bonjour", "hallo",    "ciao",      "aloha",
    "salaam",    "salam",       "shalom",  "ola",      "moin",      "servus",
    "salut",     "konnichiwa",  "gday",    "howzit",   "guten",     "buenos",
    "bom",       "merhaba",     "jambo",   "vanakkam", "nihao",     "annyeong",
    "privet",    "hej",         "hei",     "ahoy",     "wassup",    "whatsup",
    "wagwan",    "heyy",        "mornin",  "sawubona", "habari",    "assalamualaikum",
    "salve",     "ahlan",       "marhaba", "selamat",  "namaskar",  "adaab",
    "kumusta",   "kia",         NULL};
const char *const chat_lex_undo_phrases[] = {
    "take that back", "put it back", "bring it back", "go back",       "roll back",
    "reverse that",   "restore it",  "undo",          "ctrl z",        "that was a mistake",
    "revert",         "undo undo",   "restore that",  "put that back", "bring that back",
    "cmd z",          NULL};
const char *const chat_lex_undo_patterns[] = {
    "?please ?just go|put|bring|change|set|switch|turn|make|revert|restore ?it|that|this|them|"
    "everything|"
    "things|all back ?to ?how|the|what|as ?way ?it|they|that|things|everything ?was|were|before|"
    "originally|earlier",
    "?back ?to how|the ?way ?it|they|things|everything was|were ?before|originally|earlier",
    "?please ?can|could|may i|we ?please have|get it|that|them|those back ?please|pls|now",
    "?please ?can|could|would ?you ?please undo|revert|reverse|restore ?that|it|this|the|my|your "
    "?last|previous ?change|edit|action|step|one|thing",
    NULL};
const char *const chat_lex_undo_anywhere[] = {"undo", "undoo", "unod", "revert", NULL};
const char *const chat_lex_greet_phrases[] = {
    "how are you",   "what up",   "how is it going", "hows it going",   "how are you doing",
    "whats up",      "how are u", "good day",        "good night",      "night night",
    "gnight",        "hows item", "hows life",       "hows everything", "how are item",
    "hows your day", NULL};
const char *const chat_lex_help_questions[] = {"what are you able to do",
                                               "what are you able to help with",
                                               "what can you do",
                                               "what can you do one", /* Singlish */
                                               "what you can do",     /* "what you can do?" */
                                               "what all can you do",
                                               "what all item you can do", /* "things" */
                                               "what item can you do",
                                               "how does this work",
                                               "what can i say",
                                               "how do i use this",
                                               "what do i do",
                                               "who are you",
                                               "what are you",
                                               "how do i use you",
                                               "what should i say",
                                               "how does it work",
                                               "what is this",
                                               "how to use",
                                               "how do i start",
                                               "how do you work",
                                               "what can i do",
                                               "what can i ask",
                                               "what can i ask you",
                                               "what can you help me do",
                                               "what do you do",
                                               "how do i use it",
                                               "what are the commands",
                                               "what can you help with",
                                               "what can you help me with",
                                               "how can you help",
                                               "how can you help me",
                                               NULL};
const char *const chat_lex_confirm_phrases[] = {"why not", NULL};

/* ---- adding, listing, completing: command patterns ---- */
/* lead words of a title after an add command */
const char *const chat_lex_add_leads[] = {
    "kar|karo|kardo|krdo ?do|dena|de|na", /* "add kar do - X" */
    "please|pls|kindly",
    "to|on|onto ?my|the ?todo list|todos|todo",
    "remember|remind ?me to",
    "really|definitely|probably|also|still|just|seriously|actually|totally ?need|have ?to",
    "to",
    "that i need to",
    "that i have to",
    "that i should",
    "that i|we ?really must|should|need|have|gotta ?to",
    "i need to",
    "i|we must|should to", /* "I must to pay the quota" */
    "i|we ?still|also|really|just have|got|need|needs to",
    "i|we ?still|also|really|just must|should|gotta|ought",
    "i|we ?still|also|really|just need|needs|neeed", /* "tomorrow i need buy pão de queijo" */
    "that",
    "about",
    "a todo to",
    "a task to",
    "todo|task|item|reminder|note ?to|:",
    NULL};

const char *const chat_lex_add_restarts[] = {
    "?so|and|but ?please|pls|plz|kindly ?can|could|would ?you|u ?please|pls add",
    "?so|and|but ?please|pls|plz|kindly ?can|could|would ?you|u ?please|pls remind me "
    "?tonight|today|tomorrow to|about",
    "?tomorrow|today|tonight remind me to", "new one|todo|task|item",
    /* "in london visiting mum but still gotta X", "in cdmx for a workshop, need to X" */
    "?but|so ?i|we ?still|also|really need|have|got to",
    "?but|so ?i|we ?still|also|really gotta|must",
    /* "on vacation in maui but dont let me forget to X" */
    "?but|so ?please|pls dont let me forget ?to|about",
    "?but|so ?please|pls do not let me forget ?to|about", NULL};
const char *const chat_lex_done_deeds[] = {"finished", "finish", "done", "did", NULL};
const char *const chat_lex_all_goes_on[] = {
    "and",    "also",  "plus", "except", "but",   "apart", "not",   "besides", "only",
    "tagged", "with",  "from", "in",     "on",    "that",  "which", "due",     "before",
    "after",  "older", "the",  "those",  "these", "any",   "my",    "all",     NULL};
const char *const chat_lex_all_spares[] = {"keep",  "keeping", "leave", "save", "spare", "stay",
                                           "stays", "except",  "not",   "dont", "but",   NULL};
const char *const chat_lex_talk_openers[] = {"i",  "im", "ive", "we", "were", "my", "our",
                                             "in", "on", "at",  "so", "not",  "no", NULL};
const char *const chat_lex_date_openers[] = {"every", "each",    "daily", "tomorrow",
                                             "today", "tonight", "next",  NULL};
const char *const chat_lex_request_closers[] = {"please", "pls", "plz", "thanks", "thx", NULL};
const char *const chat_lex_request_openers[] = {
    "would|could|can|will you|u ?please|kindly|possibly|just", "please|pls|kindly",
    "id|i ?would be grateful|glad if you could|would", NULL};
const char *const chat_lex_list_restarts[] = {"what|whats ?is|s due|on|left|planned|scheduled",
                                              "what do|have i have|got ?on|due", "anything|any due",
                                              "show|list|tell me ?my|what", NULL};
/* what an add_restart may not be followed by: "..., add it please", "...,
 * add a note: X" */
const char *const chat_lex_add_restart_not[] = {"it|that|this|them|those|these|note|notes|as",
                                                "a|an note|reminder", NULL};

/* the opening of what a closing "put that down please" asks to add */
const char *const chat_lex_asked_leads[] = {
    "i|we ?really|always|usually|normally|still|also "
    "?must|need|have|got|should|gotta|will|wanna|want|gonna|plan ?to ?a|an",
    "need|needs|have|got to", /* "need to renew X by friday, dont let me forget" */
    "gotta|must", NULL};

/* what happens at a time, closing a when-clause: "... before the rain comes" */
const char *const chat_lex_event_verbs[] = {
    "come|comes|arrive|arrives|start|starts|begin|begins|end|ends|close|closes|open|opens|leave|"
    "leaves|land|lands|expire|expires|happen|happens|return|returns|visit|visits|finish|finishes|"
    "gets|goes|falls|breaks|rips|blows",
    NULL};

/* delete verbs that open tasks too ("Cancel gym membership"): said in the
   past of such a todo, the task is done */
const char *const chat_lex_delete_deeds[] = {"remove", "cancel", "delete", "clear", "drop",
                                             "scrap",  "bin",    "ditch",  "dump",  "toss",
                                             "trash",  "throw",  "erase",  NULL};

/* task verbs that are adjectives too: "put clean sheets on the bed" */
const char *const chat_lex_verb_adjectives[] = {
    "clean|clear|dry|empty|open|close|free|warm|cool|light|tidy|fresh|dress|wrap|water", NULL};

/* commands that add */
const char *const chat_lex_add_commands[] = {
    "?can|could|would|will ?you ?please remember me to|about|that", /* non-native "remind" */
    /* "note for me - buy a SIM card", "can u add something for me: X" */
    "add|note|jot|put|write ?this|it|down|something|smth|sth ?down for me ?to|that|:",
    "apunta|anota|note|notes :",
    /* round 12: where it goes, then what ("put on my list that I must ...") */
    "put|add|stick|pop|write|jot ?it|this|down on|in|onto|to ?my|the todo|todos|list|tasks|"
    "todolist ?that|:",
    "add|put|set ?down ?a|an reminder|note|task ?for me ?to|that|:",
    "note|reminder|task for me ?:|to|that",
    "add ?a new task|todo|item|job ?:", "new job|task|item|todo ?:|-",
    "new one|entry for|on ?the|my list|todos ?:|-",            /* "new one for the list: X" */
    "?and|oh|also one more item|task|todo ?for ?the|my ?list", /* "one more thing: X" */
    "i|we must|mustnt|shouldnt|cant|should ?not forget ?to|about",
    "i|we ?always|keep forget|forgetting to|about", /* "ugh i keep forgetting to X" */
    "add|new|create ?a|an to do ?item|task|:",
    "add|ad|addd ?me|us ?a|an|new todo|task|item|reminder|note|entry ?to|for|that|:", "add|ad|addd",
    "new|create|make|set ?up ?a|an todo|task|item|reminder|entry ?to|for|that|:", "note to self ?:",
    "jot|pencil|note ?down", "write down",
    /* "write unit tests" is a task */ "put|pop|stick|bung down",
    "put|pop|jot|note|write down that ?i|we must|need|have|should ?to",
    "todo|task|reminder|reminders :|to", "todo|task|reminder",
    "remind|remember ?me ?to|about|of|that",
    "can|could add", /* "can add renew road tax by end of month or not" */
    "help me|us ?to remember|remind ?me ?to|about|of|that",   /* "can you help me remember that" */
    "?can|could ?you|u help me|us add|put|jot|note ?down ?:", /* "can help me add X" */
    "mujhe|muje yaad dilana|dilao|karana ?to|ki|ke",          /* Hindi "remind me" */
    "ping|nudge|buzz|poke|alert|notify|text|message me|us ?to|about|that",
    "?i|we wanna|want|gotta|need|must ?to remember|remind ?me ?to|about|that",
    "?i|we ?could need|want|use|have|get a reminder|nudge to|about|that", /* "need a reminder to X"
                                                                           */
    "i|we ?still|also|really|just need|needs|neeed to", "i|we ?still|also|really|just have|got to",
    "i|we ?still|also|really|just need|needs|neeed", /* "i need pay the luz bill" */
    "?i|we must|should to",                          /* "I must to pay the quota" */
    "i|we ?still|also|really|just must|should|gotta", "need|have|got to", "gotta|must",
    "need|needs|neeed", /* "need buy new charger" */
    "i|we|id would|d like|want ?to be reminded ?to|about|of",
    "?i|we wanna|want|gonna ?to add|create|make ?a|an ?new task|todo|item|reminder|something "
    "?:|to|for|that",
    "?i|we wanna|want|gonna ?to add|put|jot|note ?down ?to|onto ?my|the ?list",
    "?im|i|we|were ?am|are going ?to add|put|jot|note ?down ?to|onto ?my|the ?list",
    "i|we ?still|also|really want|wanna ?to", "dont|do ?not let me forget ?to|about",
    "dont|do ?not forget ?to|about", "remember to|that", "make sure ?i|to|that",
    "note to self ?:", "can|could|would you remind me ?to|about",
    "i|ill|will|should|must|gotta ?remember to", "plan to", "i|we ought to", "i|we am|are going to",
    "i|we will|shall", /* "i will call mum tomorrow", Pidgin "i go wash clothes" */
    "reminder to|for|that",
    /* wishes, after "would like to be reminded" */
    "?someday i|we would|d like|love to",
    "someday|eventually|sometime i like|love to", /* "i'd" reads as "i" (chat_tok) */
    "i|we ?would love to", NULL};

/* openers of a list question */
const char *const chat_lex_list_openers[] = {
    "show|list|display|view ?me|us|up|out ?my|the", /* British "show us my list" */
    "only|just show|list|display|give ?me|up|out ?my|the", "check if|whether ?i|we have|got|any",
    "check what|whats|whether|if", "see what|whats|if",
    "see everything|all",           /* "can i see everything tagged #uni" ("see my GP" is a task) */
    "pull|bring up|me ?up ?my|the", /* "bring the dentist forward" is a move */
    "print|read me|out ?my|the", "print|read my|everything|all",
    "print|read the list|todos|todo|tasks|agenda", "give me ?my|the|all",
    "what|whats|wat|which|whatre", "any|anything|anythin", "is|are there",
    "do|did|have|has i|we|you ?already|ever|still|even "
    "have|got|need|add|added|finish|complete|do|put",
    "have i|we got|added|done|finished|completed|ticked|crossed|checked",
    "have i|we anything|any", /* British "have I anything due on Monday?" */
    "how|hw|hou many|much", "find|search|lookup|filter|query ?for|up|my", "look up|for",
    "check my|the list|todo|task|agenda", "todo|task list|lists",
    "my|the todo|task|list|agenda|schedule|lists", "remind me what", "tell me what|which",
    "tasks|todos|things|stuff|anything due", /* "Tasks due on 10/12 pls" */
    "let me see", "can i see", "lemme see", "gimme", "where am i at|with",
    "am|are i|we ?running|falling", "where are we at|with", "hows ?my|the",
    "how is|does my|the", /* "how's next week looking", "how is my day looking" */
    /* "how long is my list" */
    "how long|big|full is my|the ?todo|task list|lists|todos|tasks|agenda", NULL};

const char *const chat_lex_list_alone[] = {
    "high|low|medium|urgent|important|top|lowest|highest ?priority|prio "
    "stuff|things|ones|items|tasks|todos|jobs",
    NULL};

const chat_lex_order_t chat_lex_list_orders[] = {
    {"?sorted|ordered|sort|order|arranged|organised|organized|grouped by|on "
     "priority|priorities|importance|urgency",
     "priority desc"},
    {"in order of priority|importance|urgency", "priority desc"},
    {"most urgent|important first", "priority desc"},
    {"?sorted|ordered|sort|order|arranged|organised|organized by|on due|deadline|deadlines|date|"
     "dates|when ?date|dates",
     "due"},
    {"in order of due ?date|dates", "due"},
    {"soonest|earliest first", "due"},
    {"?sorted|ordered|sort|order|arranged|organised|organized by|on title|titles|name|names",
     "title"},
    {"?sorted|ordered|sort|order|arranged in ?alphabetical order", "title"},
    {"?sorted|ordered|sort|order|arranged alphabetically|az", "title"},
    {NULL, NULL}};

const char *const chat_lex_list_nouns[] = {"agenda", "schedule", "todos",  "todo",   "tasks",
                                           "list",   "plans",    "lineup", "docket", NULL};

const char *const chat_lex_list_things[] = {"stuff", "things", "items", "item",
                                            "bits",  "jobs",   "lot",   NULL};

const char *const chat_lex_list_world[] = {"schedule", "schedules", "timetable", "timetables",
                                           "times",    "fixtures",  NULL};

/* words that make a what-question about the list */
const char *const chat_lex_list_topic[] = {
    "list",     "todo",   "task",    "due",       "overdue",  "left",     "do",        "have",
    "need",     "agenda", "plate",   "done",      "finished", "open",     "today",     "tomorrow",
    "week",     "next",   "urgent",  "priority",  "item",     "reminder", "completed", "pending",
    "schedule", "up",     "missing", "remaining", "got",      NULL};

/* commands that complete */
const char *const chat_lex_task_completes[] = {"check|mark|close|resolve|strike", NULL};
const char *const chat_lex_task_commands[] = {
    "mark|check|close|resolve|strike|reopen|rename|change|update|move|fix|set|edit|correct", NULL};
const char *const chat_lex_todo_words[] = {
    "one|ones|todo|todos|task|tasks|item|items|reminder|reminders|entry|entries", NULL};
const char *const chat_lex_done_marks[] = {
    "off|done|complete|completed|finished|ticked|checked|as|through|dnoe|donee", NULL};
const char *const chat_lex_update_verbs[] = {"move|push|postpone|prepone|reschedule|delay|defer|"
                                             "bump|shift|punt|snooze|change|set|make|update|"
                                             "rename|put|bring|pull|edit|modify|replace|correct",
                                             NULL};
const char *const chat_lex_change_said[] = {
    "move|push|postpone|reschedule|bump|shift|put|make|change|set|moved|pushed|postponed|"
    "rescheduled|bumped|shifted|changed",
    NULL};
const char *const chat_lex_move_verbs[] = {
    "move|push|bump|postpone|reschedule|shift|delay|defer|prepone", NULL};
/* "pushing the dentist to monday": a move said as news; "moving boxes
   saturday" may be a task, so these move only a todo they name */
const char *const chat_lex_move_gerunds[] = {
    "moving|pushing|shifting|bumping|rescheduling|postponing|delaying", NULL};
const char *const chat_lex_complete_commands[] = {
    "mark|marked ?as|off",
    "check|tick|cross|strike|knock|scratch|ticked|checked|crossed|struck|knocked "
    "off|through|out",
    "x ?off", /* "x off buy milk" */
    "complete|completed|finish|finished|did|done|accomplished|crossed ?off|with",
    "i|we ?have|just|already|finally|also ?just|already|finally "
    "did|done|finished|completed|accomplished|crossed|ticked|checked|sorted|handled|nailed|"
    "complete|finish ?off|through|with",
    "knocked|knock out|off",
    "ready|through with", /* "ready with the english homework ✅" */
    "all|im|i|we ?am|are ?all done|finished|through with",
    "close|closed|resolve|resolved|tick|check|cross|scratch|strike|struck",
    NULL};

/* Irregular past tenses and their base forms (regular ones stem alike). */
const char *const chat_lex_past_bases[][2] = {
    {"paid", "pay"},    {"bought", "buy"},    {"sent", "send"},     {"made", "make"},
    {"took", "take"},   {"went", "go"},       {"rang", "ring"},     {"rung", "ring"},
    {"wrote", "write"}, {"written", "write"}, {"fed", "feed"},      {"met", "meet"},
    {"swept", "sweep"}, {"sold", "sell"},     {"got", "get"},       {"did", "do"},
    {"done", "do"},     {"found", "find"},    {"told", "tell"},     {"ran", "run"},
    {"had", "have"},    {"gave", "give"},     {"brought", "bring"}, {"came", "come"},
    {"bled", "bleed"},  {NULL, NULL}};

/* ---- labels and trailing additions (round 9) ---- */
const char *const chat_lex_label_words[] = {
    "new|another|one|ones|and|also|plus|oh|ok|okay|so|then|next|item|task|todo|thing|reminder|"
    "entry|sometime|someday|anytime|eventually|whenever|btw|right|um|hmm|yeah",
    NULL};
const char *const chat_lex_label_seps[] = {":", "-", "—", "–", NULL};
const char *const chat_lex_add_trail[] = {"also|too|aswell|instead", "as well", NULL};

/* ---- a todo's new state said of it (round 9) ---- */
const char *const chat_lex_state_links =
    "is|should|needs|must|due|can|could|may|got|gets|was|are|has|have|would|been|moved|bumped|"
    "pushed|shifted|rescheduled|move|push|shift|reschedule|→"; /* "call busan office move to friday"
                                                                */
const char *const chat_lex_state_words =
    "is|should|be|needs|to|due|now|instead|by|on|at|for|must|really|actually|a|kind|of|pretty|"
    "very|super|more|less|marked|set|as|the|date|not|but|isnt|can|could|may|got|gets|was|are|has|"
    "have|been|moved|bumped|pushed|shifted|changed|rescheduled|switched|brought|pulled|rather|"
    "move|push|shift|reschedule|"
    "tho|though|ok|okay|apparently|btw|priority|prio|→|wait|just";
const char *const chat_lex_followup_prefer = "better|rather|preferably|ideally|instead";
const char *const chat_lex_followup_words = "would|d|be|best|tho|though|btw|ok|okay|pls|please";
const char *const chat_lex_note_openers[] = {
    "add|put|attach|write|leave|stick|pop|slap|jot ?down ?a note|notes|comment to|on|for",
    "note|notes|comment|jot|scribble ?down on|for", "add|append to the|its notes|note on|for",
    NULL};
const char *const chat_lex_keep_time[] = {"?at|around ?the same time|hour ?as ?before|usual|always",
                                          NULL};
const char *const chat_lex_help_howto[] = {
    "?can|could|would|will you ?please show|teach|tell me how ?to|do|does|can|i",
    "?can|could|would|will you ?please explain ?to ?me how|what|the",
    "how i|we|to use|work ?with this|it|you|the", /* "how i use this bot?" */
    /* "can i delete stuff by tag?", "is there a way to make a task repeat":
       a question about what one can do, not a command */
    "can|could i|we delete|remove|add|set|tag|make|change|edit|undo|mark|move|sort|share|get ?a|an|"
    "my stuff|things|task|tasks|todo|todos|items|something|reminders|notes|tags",
    /* "can you also delete things or only add?" */
    "can|could you|u ?also delete|remove|add|set|tag|change|edit|undo|mark|move|sort ?my "
    "stuff|things|tasks|todos|items|reminders",
    "is there a|any way|option|setting ?to|for add|enter|put|tag|undo|use|create|mark|set|make|"
    "delete|remove|repeat|sort|share|see",
    /* "how do i add a task with a date and time? kindly guide" */
    "how do|can|should i add|create|enter|put|set|make|mark|tag ?a|an task|todo|reminder",
    "what|whats ?is the best|quickest|fastest|easiest way to "
    "add|enter|put|tag|undo|use|create|mark|"
    "set",
    NULL};
const char *const chat_lex_rename_say =
    "?should|must|can|could|will|needs ?to ?just|only|now|instead say|read|be";

/* ---- antecedents and repeats (round 10 part A) ---- */
const char *const chat_lex_antecedent_cuts =
    "never|still|hasnt|havent|hadnt|didnt|wasnt|isnt|arent|wont|doesnt|cant|not|is|are|was|"
    "were|has|have|got|came|come|went|left|arrived|showed"; /* "plumber came n went, tick that off"
                                                             */
const char *const chat_lex_antecedent_tails[] = {
    "this|next|last year|week|month|time|weekend|morning|afternoon|evening",
    "today|yesterday|tonight|anymore|either|yet", "any more", "after all", NULL};
const char *const chat_lex_news_aux = "is|are|was|were|been|s|got|get|gotten|has|have";
const char *const chat_lex_news_not_done =
    "cancelled|canceled|scrapped|postponed|delayed|moved|rescheduled|changed|pushed|bumped|"
    "missed|forgotten|needed|wanted|blocked|stuck|overdue|closed|shifted|brought";
const char *const chat_lex_negated_commands[] = {
    "dont|never|not|shouldnt|mustnt|wont|cant ?you ?go ?ahead ?and|yet "
    "mark|tick|check|cross|strike|complete|finish|close|delete|remove|reopen|unmark|untick|"
    "uncheck|bin|scrap|ditch|trash|erase",
    NULL};
const char *const chat_lex_again_leads[] = {
    "?oh|and|also|plus ?and|also same|ditto ?goes ?for|with", "?oh and|also|plus", NULL};

/* ---- anchored readings ---- */
const char *const chat_lex_anchor_stop[] = {
    "the",    "a",        "an",        "my",     "our",       "your",   "his",      "her",
    "their",  "its",      "this",      "that",   "these",     "those",  "to",       "for",
    "of",     "on",       "in",        "at",     "by",        "with",   "from",     "and",
    "or",     "but",      "so",        "is",     "are",       "was",    "were",     "be",
    "been",   "being",    "am",        "im",     "ive",       "id",     "ill",      "i",
    "we",     "you",      "it",        "me",     "us",        "them",   "they",     "he",
    "she",    "him",      "just",      "also",   "now",       "then",   "still",    "already",
    "really", "actually", "finally",   "pls",    "please",    "thanks", "thank",    "ok",
    "okay",   "yes",      "no",        "not",    "task",      "tasks",  "todo",     "todos",
    "one",    "ones",     "thing",     "things", "item",      "items",  "reminder", "reminders",
    "list",   "stuff",    "job",       "bit",    "off",       "out",    "up",       "done",
    "can",    "could",    "should",    "would",  "will",      "do",     "does",     "did",
    "have",   "has",      "had",       "get",    "got",       "go",     "went",     "all",
    "both",   "about",    "over",      "there",  "here",      "after",  "before",   "new",
    "old",    "some",     "any",       "more",   "less",      "very",   "too",      "as",
    "if",     "when",     "what",      "which",  "who",       "how",    "why",      "need",
    "needs",  "make",     "made",      "put",    "set",       "mark",   "tick",     "check",
    "cross",  "delete",   "remove",    "note",   "notes",     "date",   "deadline", "priority",
    "tag",    "tagged",   "high",      "low",    "medium",    "today",  "tomorrow", "tonight",
    "going",  "coming",   "attending", "doing",  "happening", "able",   "btw",      "anymore",
    "thing",  "whatever", NULL};
const char *const chat_lex_anchor_contact_verbs[] = {
    "call",  "ring", "phone", "text", "email",    "message", "ask",  "contact", "chase",
    "speak", "talk", "reply", "msg",  "whatsapp", "tell",    "ping", "follow",  NULL};
const char *const chat_lex_anchor_contacted[] = {
    "?i|we ?just|finally spoke|talked|chatted|spoken to|with",
    "?i|we ?just|finally got off the phone with",
    "?i|we ?just|finally got hold of|through to",
    "?i|we ?just|finally heard back|from",
    "?i|we ?just|finally called|rang|phoned|texted|emailed|messaged|pinged|whatsapped",
    NULL};
const char *const chat_lex_anchor_done[] = {
    "cest|c'est fait",
    "ya esta|está",
    "fatto|erledigt|listo|feito|pronto|klaar|gedaan",
    "taken care of",
    "?you can|could mark|tick|check it|that|this ?one done|complete|completed",
    "ho|hogaya|hogya gaya|gaye|gayi|gya",
    "done kar|karo|kardo|krdo",
    "?you can|could tick|cross|check|close it|that|this|them ?off",
    "can be closed|ticked|checked|crossed|marked ?off|done",
    "done|finished|sorted|complete|completed|ticked|checked|crossed|handled|dealt",
    "tick|check|cross|mark|strike ?it|him|her|that|them|this|those|both ?one|ones off",
    "out of the way",
    "been to|at",
    "went to",
    "back from",
    NULL};
const char *const chat_lex_anchor_reopen[] = {
    "didnt|hasnt|doesnt|wont|never ?actually|really go|gone|went through|happen|happened|arrive|"
    "arrived|work|worked",
    "put|bring|add|stick ?it|that|this|them back ?on|onto|to|in ?my|the ?list|todos",
    "put|set|mark|change|turn ?it|that|this|them back ?as|to pending|open|undone|active|todo",
    "open|reopen ?it|that|this again",
    "by mistake",
    "accidentally|mistakenly|wrongly marked|ticked|checked|crossed",
    "untick|uncheck|unmark|unticked|unchecked|reopen|reopened|incomplete|unfinished|undone",
    "not|isnt|wasnt|arent|hasnt|havent|werent|aint ?actually|really|been|yet "
    "done|paid|finished|complete|completed|sorted|happened|arrived|sent|fixed",
    NULL};
const char *const chat_lex_anchor_delete[] = {
    "nevermind|forget ?about",
    "drop|remove|delete|scrap|bin|take it|that|this from|off ?from ?my|the ?list",
    "delete|remove|erase|scrub|scrap|nix|ditch|axe|trash|deleted|removed|erased|scrubbed|"
    "scrapped|trashed|ditched",
    "get rid of",
    "get|take it|that|this ?task|one|reminder off ?there|here|the|my ?list",
    NULL};
const char *const chat_lex_anchor_change[] = {
    "now|instead|moved|moving|rather|should|shouldnt|not|flag|flagged|bump|bumped|push|pushed|"
    "change|changed|note|notes|switch|untag|reschedule|rescheduled|postponed|delayed|move|"
    "shift|set|make|put",
    "on|for that|it|this", /* "high prio on that pls" */
    NULL};
const char *const chat_lex_anchor_plans[] = {
    "i|we|id ?really|probably|prob|definitely|eventually should|ought|gotta",
    "i|we ?really|probably|prob|definitely|eventually need|have|want to",
    "i|we might|may|could ?have|need to", /* "we might have to cancel the 7B bus if it storms" */
    NULL};
const char *const chat_lex_anchor_add_opens[] = {"add", "new todo|task|item", "remind me", NULL};
const char *const chat_lex_anchor_done_now[] = {"done|finished|sorted|completed now", NULL};
const char *const chat_lex_anchor_links[] = {
    "the",  "a",    "an",  "my",  "our", "his",  "her", "their", "your",  "about", "for",
    "with", "from", "of",  "to",  "at",  "on",   "in",  "and",   "been",  "was",   "were",
    "is",   "are",  "got", "get", "has", "have", "had", "be",    "being", NULL};
const char *const chat_lex_anchor_property[] = {
    "date|dates|deadline|deadlines|due|tag|tags|tagged|label|labels|priority|prio|note|notes|time",
    NULL};
const char *const chat_lex_anchor_clear_due[] = {
    "doesnt|dont|wont need ?a|any ?fixed|set due|deadline|date|day ?date",
    "does|do not need ?a|any ?fixed|set due|deadline|date|day ?date",
    "no due|deadline|date|day ?date ?needed",
    "drop|remove|clear|delete|lose|ditch|scrap|take|strip|knock the|its due|deadline|date ?date "
    "?off",
    NULL};
const char *const chat_lex_anchor_note[] = {
    "?write|put|add|jot ?in|to|down ?the|a note|notes|comment ?that|saying", NULL};
const char *const chat_lex_anchor_untag[] = {
    "shouldnt|should not|isnt|is not|doesnt|dont be|need|belong ?tagged|labelled|labeled|in|under",
    "not|no longer|untag", NULL};

/* ---- commentary ---- */
/* "..., gonna be outta town that week"; "well" is "we'll" ("..., well do it
   whenever the strips show up") */
const char *const chat_lex_comment_subjects[] = {
    "i",       "im",     "ive",   "id",   "ill",    "we",     "were",      "weve", "wed",
    "she",     "shes",   "he",    "hes",  "they",   "theyre", "theyve",    "its",  "thats",
    "theres",  "there",  "my",    "our",  "his",    "her",    "their",     "your", "youre",
    "it",      "ugh",    "lol",   "lmao", "haha",   "omg",    "smh",       "tbh",  "supposed",
    "because", "since",  "cause", "cos",  "bc",     "as",     "otherwise", "coz",  "gonna",
    "always",  "theyll", "youll", "itll", "thatll", "well",   NULL};
const char *const chat_lex_comment_markers[] = {
    "found", "getting", "strikes", "lol", "lmao", "ugh", "haha", "omg", "smh", "tbh", "rn",
    "anymore", "passed", "full", "life", "closed", "travelling", "traveling", "lonely", "tired",
    "sick", /* "rename X to Y, the regular stuff makes me sick" */
    "busy", "long", "cluttered", "messy", "crowded", "scroll", "fresh", "afresh", "said", "says",
    "told", "cancelled", "canceled", "postponed", "happy", "annullata", "annule", "cancelado",
    "abgesagt", "whatever", "coming", "arriving", "visiting", "starting", /* "..., starting over" */
    /* "..., new tenant moves in mid december", "..., the post guy keeps mixing up 2 and 3" */
    "moves", "keeps", "reckons", "thinks", "wants", NULL};
const char *const chat_lex_currencies[] = {
    "rand",  "pound",  "pounds", "dollar", "dollars", "euro",   "euros", "yen",
    "rupee", "rupees", "naira",  "peso",   "pesos",   "real",   "reais", "shilling",
    "lira",  "dirham", "riyal",  "baht",   "ringgit", "rupiah", "won",   "yuan",
    "usd",   "eur",    "gbp",    "inr",    "egp",     "ngn",    "kes",   "zar",
    "cedi",  "cedis",  "zloty",  "forint", NULL};
const char *const chat_lex_done_news[] = {"done", "finished", "completed", "sorted", NULL};
const char *const chat_lex_done_afterwords[] = {"finally", "already",   "now", "at last",
                                                "today",   "yesterday", "yay", NULL};
const char *const chat_lex_laughs[] = {"lol",    "lmao", "lmfao",  "rofl", "haha",
                                       "hahaha", "omg",  "smh",    "ugh",  "jk",
                                       "xd",     "kkkk", "jajaja", "wkwk", NULL};
const char *const chat_lex_comment_keep[] = {
    "tag",     "tagged",   "tags",      "label",  "labelled", "labeled",  "note",
    "notes",   "remind",   "reminder",  "every",  "each",     "priority", "prio",
    "urgent",  "asap",     "important", "repeat", "repeats",  "weekly",   "daily",
    "monthly", "yearly",   "add",       "delete", "remove",   "mark",     "tick",
    "due",     "deadline", "rush",      "low",    "high",     "medium",   NULL};
const char *const chat_lex_comment_commands[] = {
    "remind", "add",   "put",  "pls",    "please", "plz",    "can",      "could",  "would",
    "set",    "make",  "mark", "delete", "remove", "clear",  "move",     "push",   "change",
    "tick",   "cross", "show", "list",   "undo",   "cancel", "schedule", "create", "note",
    "jot",    "book",  "how",  "what",   "whats",  "get",    "need",     "gotta",  "scrap",
    "bin",    "ditch", "drop", "nix",    "kill",   NULL};

const char *const chat_lex_add_requests[] = {
    "?and|so ?please|pls|kindly|abeg ?could|can|would|will ?you|u ?please|kindly ?just "
    "add|put|pop|stick|jot|write|pencil|bung|note|set|throw|chuck|slap ?it|that|this|them "
    "?down|in|on|onto|to|up",
    "?and|so ?please|pls|kindly ?could|can|would|will ?you|u ?please|kindly make|take ?a note of "
    "it|that|this",
    "?and|so ?please|pls ?could|can|would|will ?you|u ?please add ?it|that|this as|for ?a "
    "reminder|task|todo|note",
    /* "Would you keep track of that for me?", "Can you track that?", "please log it" */
    "?and|so ?please|pls|kindly ?could|can|would|will ?you|u ?please|kindly ?just keep track|note "
    "of it|that|this|them",
    "?and|so ?please|pls|kindly ?could|can|would|will ?you|u ?please|kindly ?just "
    "track|log|record it|that|this|them",
    "?and|so ?please|pls dont|do ?not let me|us forget ?it|that|this", /* "..., dont let me forget"
                                                                        */
    /* "pls remember me", "..., can you remind me" */
    "?and|so ?please|pls ?could|can|would|will ?you|u ?please remember|remind me|us ?of|about "
    "?it|that|this",
    NULL};
const char *const chat_lex_add_request_tail[] = {
    "my", "the", "a", "list", "todo", "todos", "lists", "please", "pls", "for", "me", "thanks",
    "thank", "you", "dear", "love", "ta", "kindly", "very", "much", "now", "too", "also", "as",
    "reminder", "task", "note", "x", "xx", "cheers", "on", "to", "there", "it", "that", "this",
    "and", "remind", "each", "every", "day", "days", "daily", "morning", "week",
    /* "... Could you add that so I don't forget?" */
    "so", "i", "we", "dont", "forget", NULL};
const char *const chat_lex_corrections[] = {
    "no",   "nope", "wait", "actually", "i",  "mean",       "meant", "sorry", "sry", "scratch",
    "that", "make", "it",   "rather",   "or", "correction", "oops",  "not",   "at",  "on",
    "for",  "to",   "ok",   "hmm",      "er", "um",         "uh",    NULL};
const char *const chat_lex_corrections_strong[] = {
    "no",  "nope",    "wait",   "actually",   "mean", "meant", "sorry",
    "sry", "scratch", "rather", "correction", "oops", "make",  NULL};
const char *const chat_lex_name_titles[] = {"dr", "mr",  "mrs", "ms", "prof", "st", "sr",
                                            "jr", "rev", "fr",  "mt", "no",   "vs", NULL};
const char *const chat_lex_signoffs[] = {
    "many", "kind", "best", "warm",  "regards", "thanks", "thank", "cheers", "ta", "love",
    "x",    "xx",   "xxx",  "bless", "god",     "ty",     "thx",   "tia",    NULL};

bool chat_lex_deed_title(const char *title, char *verb, size_t cap)
{
    chat_tok_next_word(title ? title : "", verb, cap);
    return chat_lex_has(chat_lex_delete_deeds, verb);
}
