/* chat_tok: tokenizer and string helpers. */
#include "chat_tok.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct tok_alias {
    const char *from, *to;
} tok_alias_t;

/* Chat shorthands and frequent misspellings, by normalised spelling. */
static const tok_alias_t tok_aliases[] = {
    {"tmrw", "tomorrow"},
    {"kesho", "tomorrow"},
    {"agrega", "add"},
    {"agregar", "add"},
    {"anade", "add"},
    {"borra", "delete"},
    {"borrar", "delete"},
    {"elimina", "delete"},
    {"mostrame", "show"},
    {"muestrame", "show"},
    {"necesito", "need"},
    {"paalala", "reminder"},
    {"recuerdame", "remind"},
    {"mandei", "sent"},
    {"limpa", "clear"},
    {"limpia", "clear"},
    {"dale", "ok"},
    {"ops", "oops"},
    {"mejor", "rather"},
    {"s\xc3\xad", "yes"},
    {"oui", "yes"},
    {"hai", "yes"},
    {"ja", "yes"},
    {"s\xc3\xac", "yes"},         /* Italian "sì" */
    {"th\xc3\xb4i", "nevermind"}, /* Vietnamese "thôi": never mind */
    {"thoi", "nevermind"},
    {"lembrar", "remember"}, /* Portuguese */
    {"lembre", "remember"},
    {"recordar", "remember"}, /* Spanish */
    {"pagar", "pay"},
    {"bayar", "pay"}, /* Indonesian */
    {"besok", "tomorrow"},
    {"agregar", "add"},
    {"termin\xc3\xa9", "finished"}, /* Spanish "terminé" */
    {"termine", "finished"},
    {"nono", "no"},
    {"nu", "no"}, /* Romanian */
    {"ndio", "yes"},
    {"preciso", "need"},                 /* Portuguese "I need" */
    {"necesito", "need"},                /* Swahili */
    {"\xce\xbd\xce\xb1\xce\xb9", "yes"}, /* Greek "ναι" */
    {"lunes", "monday"},                 /* Spanish weekdays */
    {"martes", "tuesday"},
    {"miercoles", "wednesday"},
    {"mi\xc3\xa9rcoles", "wednesday"},
    {"jueves", "thursday"},
    {"viernes", "friday"},
    {"sabado", "saturday"},
    {"s\xc3\xa1"
     "bado",
     "saturday"},
    {"domingo", "sunday"},
    {"compr\xc3\xa9", "bought"}, /* Spanish "compré" */
    {"compre", "bought"},
    {"\xe5\xb7\xb2\xe7\xbb\x8f", "already"}, /* Chinese "已经" */
    {"evet", "yes"},
    {"nahi", "no"},
    {"\xd0\xbd\xd1\x96", "no"},          /* Ukrainian */
    {"\xd0\xbd\xd0\xb5\xd1\x82", "no"},  /* Russian */
    {"\xd1\x82\xd0\xb0\xd0\xba", "yes"}, /* Ukrainian */
    {"\xd0\xb4\xd0\xb0", "yes"},         /* Russian */
    {"hay\xc4\xb1r", "no"},
    {"iya", "yes"},
    {"aywa", "yes"},
    {"n\xc3\xa3o", "no"},                                       /* Portuguese */
    {"\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82", "hi"}, /* Russian */
    {"hapus", "delete"},
    {"jangan", "dont"},
    {"semua", "all"},       /* Indonesian "hapus semua" */
    {"batal", "cancelled"}, /* Indonesian "trip batal" */
    {"nanti", "later"},     /* Indonesian */
    {"comot", "remove"},    /* Nigerian Pidgin "comot am" */
    {"oya", "ok"},          /* Nigerian Pidgin "oya yes" */
    {"dem", "they"},        /* Nigerian Pidgin "dem dey clutter my list" */
    {"dey", "are"},
    {"yang", "that"},  /* Indonesian "semua yang done" */
    {"hilfe", "help"}, /* German */
    /* Scots: "tick aff", "tae", "oot", "fae", "dinnae", "whit" */
    {"tae", "to"},
    {"aff", "off"},
    {"oot", "out"},
    {"fae", "from"},
    {"wi", "with"},
    {"aw", "all"}, /* "ye" and "noo" read "yes" and "no" (below): an answer first */
    {"dae", "do"},
    {"dinnae", "dont"},
    {"cannae", "cant"},
    {"disnae", "doesnt"},
    {"didnae", "didnt"},
    {"whit", "what"},
    {"whits", "what"},
    {"aboot", "about"},
    {"doon", "down"},
    {"mair", "more"},
    {"gie", "give"},
    {"gies", "give"},
    {"wid", "would"},
    {"gaun", "going"},
    {"listo", "done"},
    {"lista", "done"},
    {"espera", "wait"},
    {"wan", "want"},
    {"yung", "the"},
    {"naman", "please"},
    {"pakidelete", "delete"},
    {"paki-delete", "delete"},
    {"pakimove", "move"},
    {"jgn", "dont"},
    {"lupa", "forget"},
    {"bersihin", "clear"},
    {"sige", "ok"},
    {"oo", "yes"},
    {"wetin", "what"},
    {"paki-move", "move"},
    {"paki-add", "add"},
    {"paki-remove", "remove"},
    {"paki-check", "check"},
    {"haan", "yes"},
    {"tukar", "change"},
    {"tapos", "done"},
    {"dah", "already"},
    {"salah", "wrong"},
    {"pakiremove", "remove"},
    {"pakiadd", "add"},
    {"pa-add", "add"},
    {"pakimark", "mark"},
    {"pakicheck", "check"},
    {"da", "yes"},
    {"khalas", "done"},
    {"khlas", "done"},
    {"khlast", "done"},
    {"tak", "yes"},
    {"hayir", "no"},
    {"sudah", "already"},
    {"udah", "already"},
    {"non", "no"},
    {"nein", "no"},
    {"nyet", "no"}, /* Russian "nyet nyet, cancel" */
    {"niet", "no"},
    {"nie", "no"}, /* Polish */
    {"nee", "no"}, /* Dutch */
    {"retard", "late"},
    {"sumimasen", "sorry"},
    {"perdon", "sorry"},
    {"scusa", "sorry"},
    {"aaj", "today"},
    {"hapana", "no"},
    {"wacha", "leave"}, /* Swahili "leave it" */
    {"ndiyo", "yes"},
    {"sawa", "ok"},
    {"ch", "chapter"},
    {"chap", "chapter"},
    {"dikhao", "show"},
    {"waale", "ones"},
    {"wale", "ones"},
    {"tmr", "tomorrow"},
    {"tmrow", "tomorrow"},
    {"tmw", "tomorrow"},
    {"tomorow", "tomorrow"},
    {"tommorow", "tomorrow"},
    {"tommorrow", "tomorrow"},
    {"tomorrw", "tomorrow"},
    {"tomoro", "tomorrow"},
    {"tomorro", "tomorrow"},
    {"2morrow", "tomorrow"},
    {"2moro", "tomorrow"},
    {"2mrw", "tomorrow"},
    {"tmrrw", "tomorrow"},
    {"tomm", "tomorrow"},
    {"tomrrow", "tomorrow"},
    {"tomorroww", "tomorrow"},
    {"2day", "today"},
    {"tday", "today"},
    {"tdy", "today"},
    {"todya", "today"},
    {"tonite", "tonight"},
    {"2nite", "tonight"},
    {"2night", "tonight"},
    {"pls", "please"},
    {"plz", "please"},
    {"plse", "please"},
    {"pleas", "please"},
    {"pleae", "please"},
    {"u", "you"},
    {"ur", "your"},
    {"thx", "thanks"},
    {"ty", "thanks"},
    {"thanx", "thanks"},
    {"tx", "thanks"},
    {"wk", "weeks"},
    {"wks", "weeks"},
    {"hr", "hour"},
    {"hrs", "hours"},
    {"min", "minutes"},
    {"mins", "minutes"},
    {"minute", "minutes"},
    {"hour", "hours"},
    {"day", "days"},
    {"week", "weeks"},
    {"month", "months"},
    {"fortnight", "fortnights"},
    {"mnth", "months"},
    {"wknd", "weekend"},
    {"wkend", "weekend"},
    {"nxt", "next"},
    {"whats", "what"},
    {"wats", "what"},
    {"wat", "what"},
    {"wot", "what"},
    {"wots", "what"},
    {"wht", "what"},
    {"whatve", "what"},
    {"whatd", "what"},
    {"im", "i"},
    {"ive", "i"},
    {"id", "i"},
    {"ill", "i"},
    {"dont", "dont"},
    {"didnt", "didnt"},
    {"isnt", "isnt"},
    {"todos", "todo"},
    {"to-do", "todo"},
    {"to-dos", "todo"},
    {"todolist", "todo"},
    {"tasks", "task"},
    {"items", "item"},
    {"ones", "one"},
    {"thing", "item"},
    {"things", "item"},
    {"okay", "ok"},
    {"k", "ok"},
    {"kk", "ok"},
    {"okey", "ok"},
    {"yea", "yes"},
    {"yeah", "yes"},
    {"yep", "yes"},
    {"yup", "yes"},
    {"ya", "yes"},
    {"yas", "yes"},
    {"ye", "yes"},
    {"yess", "yes"},
    {"y", "yes"},
    {"nope", "no"},
    {"nah", "no"},
    {"naw", "no"},
    {"nvm", "nevermind"},
    {"n", "no"},
    {"noo", "no"},
    {"gonna", "going"},
    {"wanna", "want"},
    {"gotta", "gotta"},
    {"hafta", "gotta"},
    {"neeed", "need"},
    {"ned", "need"},
    {"nd", "need"},
    {"rmd", "remind"},
    {"remmind", "remind"},
    {"rmind", "remind"},
    {"remid", "remind"},
    {"rember", "remember"},
    {"remeber", "remember"},
    {"rmbr", "remember"},
    {"del", "delete"},
    {"rm", "delete"},
    {"msg", "message"},
    {"appt", "appointment"},
    {"b4", "before"},
    {"til", "until"},
    {"till", "until"},
    {"untill", "until"},
    {"thru", "through"},
    {"w/e", "weekend"},
    {"eod", "eod"},
    {"cos", "because"},
    {"hi!", "hi"},
    {"hii", "hi"},
    {"hiii", "hi"},
    {"heya", "hey"},
    {"hay", "hey"},
    {"helo", "hello"},
    {"hallo", "hello"},
    {"hullo", "hello"},
    {"tues", "tue"},
    {"thur", "thu"},
    {"thurs", "thu"},
    {"weds", "wed"},
    {"wedn", "wed"},
    {"satur", "sat"},
    {"noon", "noon"},
    {"midday", "noon"},
    {"lunchtime", "lunch"},
    {"oclock", "oclock"},
    {"o'clock", "oclock"},
    {"mornin", "morning"},
    {"mrng", "morning"},
    {"arvo", "afternoon"},
    {"aftn", "afternoon"},
    {"evng", "evening"},
    {"urgnt", "urgent"},
    {"importnt", "important"},
    {"prio", "priority"},
    {"pri", "priority"},
    {"priorty", "priority"},
    {"priortiy", "priority"},
    {"lst", "list"},
    {"lsit", "list"},
    {"dun", "done"},
    {"donee", "done"},
    {"fnished", "finished"},
    {"finsihed", "finished"},
    {"finised", "finished"},
    {"compleet", "complete"},
    {"cmplete", "complete"},
    {"anythin", "anything"},
    {"anythng", "anything"},
    {"smth", "something"},
    {"sth", "something"},
    {"abt", "about"},
    {"bc", "because"},
    {"w", "with"},
    {"r", "are"},
    {"shud", "should"},
    {"cud", "could"},
    {"pl", "please"},
    {"alredy", "already"},
    {"allready", "already"},
    {"ystrday", "yesterday"},
    /* Jamaican and West African English: "tek off X", "fi saturday mawnin",
       "remove all di finished tasks", "tidy up mi list" */
    {"tek", "take"},
    {"fi", "for"},
    {"mawnin", "morning"},
    {"mornin", "morning"},
    {"mi", "my"},
    {"di", "the"},
    {"urgente", "urgent"},
    {"urgentes", "urgent"},
    {"niaje", "hi"},   /* Swahili slang */
    {"uhr", "oclock"}, /* "make it 14 uhr instead" */
    {"aspetta", "wait"},
    {"porfa", "please"},
    {"porfavor", "please"},
    {"mostra", "show"},
    {"muestra", "show"},
    {"ano", "what"},
    /* a word of the writer's own language for a day or a command
       ("mañana", "aggiungi", "fatto"); multi-word ones are chat_lex_glosses */
    {"ma\xc3\xb1"
     "ana",
     "tomorrow"},
    {"manana", "tomorrow"},
    {"amanh\xc3\xa3", "tomorrow"},
    {"amanha", "tomorrow"},
    {"domani", "tomorrow"},
    {"demain", "tomorrow"},
    {"morgen", "tomorrow"},
    {"jutro", "tomorrow"},
    {"yar\xc4\xb1n", "tomorrow"},
    {"yarin", "tomorrow"},
    {"besok", "tomorrow"},
    {"ashita", "tomorrow"},
    {"mingtian", "tomorrow"},
    {"naeil", "tomorrow"},
    {"imorgon", "tomorrow"},
    {"zavtra", "tomorrow"},
    {"hoy", "today"},
    {"hoje", "today"},
    {"oggi", "today"},
    {"heute", "today"},
    {"aujourdhui", "today"},
    {"dzisiaj", "today"},
    {"dzis", "today"},
    {"bug\xc3\xbcn", "today"},
    {"bugun", "today"},
    {"vandaag", "today"},
    {"kyou", "today"},
    {"jintian", "today"},
    {"aggiungi", "add"},
    {"rappel", "reminder"}, /* French "rappel: X" */
    {"yeni", "new"},        /* Turkish "yeni görev: X" (new task) */
    {"g\xc3\xb6rev", "task"},
    {"gorev", "task"},
    {"neue", "new"}, /* German "neue Aufgabe: X" */
    {"aufgabe", "task"},
    {"nueva", "new"}, /* Spanish "nueva tarea: X" */
    {"tarea", "task"},
    {"tarefa", "task"}, /* Portuguese "nova tarefa: X" */
    {"recordatorio", "reminder"},
    {"lembrete", "reminder"},
    {"promemoria", "reminder"},
    {"ap\xc3\xbantame", "add"}, /* Spanish "apúntame: X" (note it down for me) */
    {"apuntame", "add"},
    {"an\xc3\xb3tame", "add"},
    {"anotame", "add"},
    {"aggiungere", "add"},
    {"ajoute", "add"},
    {"ajouter", "add"},
    {"dodaj", "add"},
    {"ekle", "add"},
    {"tambah", "add"},
    {"tambahin", "add"},
    {"tambahkan", "add"},
    {"adiciona", "add"},
    {"adicionar", "add"},
    {"a\xc3\xb1"
     "ade",
     "add"},
    {"a\xc3\xb1"
     "adir",
     "add"},
    {"cancella", "delete"},
    {"supprime", "delete"},
    {"supprimer", "delete"},
    {"apaga", "delete"},
    {"apagar", "delete"},
    {"usun", "delete"},
    {"usu\xc5\x84", "delete"},
    {"futa", "delete"},
    {"l\xc3\xb6sche", "delete"},
    {"loesche", "delete"},
    {"xoa", "delete"},
    {"hapus", "delete"}, /* Indonesian, Malay */
    {"hapuskan", "delete"},
    {"x\xc3\xb3"
     "a",
     "delete"},
    {"fatto", "done"},
    {"fatta", "done"},
    {"hecho", "done"},
    {"hecha", "done"},
    {"quita", "remove"}, /* Spanish */
    {"feito", "done"},
    {"fertig", "done"},
    {"erledigt", "done"},
    {"finito", "done"},
    {"terminado", "done"},
    {"terminei", "done"},
    {"xong", "done"},
    {"selesai", "done"},
    {"zrobione", "done"},
    {"gotowe", "done"},
    {"bitti", "done"},
    {"imeisha", "done"},
    {"owatta", "done"},
    {"gedaan", "done"},
};

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool is_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Emoji and pictographic symbols: the byte length of the sequence at i
 * (with variation selectors, skin tones and ZWJ joins), 0 if none. */
static size_t sym_base(const unsigned char *s, size_t i, size_t len)
{
    if (i + 3 < len && s[i] == 0xF0 && s[i + 1] == 0x9F)
        return 4;
    if (i + 2 < len && s[i] == 0xE2 &&
        (s[i + 1] == 0x98 || s[i + 1] == 0x99 || s[i + 1] == 0x9C || s[i + 1] == 0x9D ||
         s[i + 1] == 0xAD || s[i + 1] == 0x8C || s[i + 1] == 0x8F || s[i + 1] == 0x9A ||
         s[i + 1] == 0x9B))
        return 3;
    return 0;
}

static size_t sym_len(const unsigned char *s, size_t i, size_t len)
{
    size_t j = i + sym_base(s, i, len);
    if (j == i)
        return 0;
    for (;;) {
        size_t b;
        if (j + 2 < len && s[j] == 0xEF && s[j + 1] == 0xB8 && s[j + 2] == 0x8F)
            j += 3; /* variation selector-16 */
        else if (j + 3 < len && s[j] == 0xF0 && s[j + 1] == 0x9F && s[j + 2] == 0x8F &&
                 s[j + 3] >= 0xBB && s[j + 3] <= 0xBF)
            j += 4; /* skin tone */
        else if (j + 2 < len && s[j] == 0xE2 && s[j + 1] == 0x80 && s[j + 2] == 0x8D &&
                 (b = sym_base(s, j + 3, len)) > 0)
            j += 3 + b; /* zero-width joiner and the next pictograph */
        else
            break;
    }
    return j - i;
}

/* Bytes of a multi-byte UTF-8 sequence count as word characters so that
 * accented words stay whole; the right single quote (E2 80 99) is an apostrophe. */
static bool is_word(const unsigned char *s, size_t i, size_t len)
{
    if (s[i] >= 0x80 && sym_len(s, i, len))
        return false;
    /* U+2010..U+203F (dashes, quotes, "…") are punctuation; the right
       single quote is an apostrophe (is_apos) */
    return is_alnum(s[i]) || s[i] == '_' ||
           (s[i] >= 0x80 && !(i + 2 < len && s[i] == 0xE2 && s[i + 1] == 0x80 && s[i + 2] >= 0x90 &&
                              s[i + 2] <= 0xBF));
}

static bool is_apos(const unsigned char *s, size_t i, size_t len, size_t *w)
{
    if (s[i] == '\'') {
        *w = 1;
        return true;
    }
    if (i + 2 < len && s[i] == 0xE2 && s[i + 1] == 0x80 && s[i + 2] == 0x99) {
        *w = 3;
        return true;
    }
    return false;
}

/* ---- alias look-up ----
 * The tokenizer looks up every word of every message (and every todo title
 * the second reading reads), so the table gets a sorted index, built once
 * (thread-safe), searched by bisection. Among equal "from"s the first row
 * of the table wins, as a scan would have it. */

#define TOK_N_ALIASES (sizeof tok_aliases / sizeof *tok_aliases)

static const tok_alias_t *alias_index[TOK_N_ALIASES];
static pthread_once_t alias_once = PTHREAD_ONCE_INIT;

static int alias_order(const void *x, const void *y)
{
    const tok_alias_t *a = *(const tok_alias_t *const *)x, *b = *(const tok_alias_t *const *)y;
    int c = strcmp(a->from, b->from);
    return c ? c : (a > b) - (a < b);
}

static void alias_index_build(void)
{
    for (size_t i = 0; i < TOK_N_ALIASES; i++)
        alias_index[i] = &tok_aliases[i];
    qsort(alias_index, TOK_N_ALIASES, sizeof *alias_index, alias_order);
}

/* The alias row for word, or NULL. */
static const tok_alias_t *alias_of(const char *word)
{
    pthread_once(&alias_once, alias_index_build);
    size_t lo = 0, hi = TOK_N_ALIASES; /* the first row whose "from" is >= word */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(alias_index[mid]->from, word) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < TOK_N_ALIASES && strcmp(alias_index[lo]->from, word) == 0 ? alias_index[lo] : NULL;
}

/* "monday's lineup", "tmrw's plan", "today's stuff": a day's possessive
 * is the day ("mondays" without the apostrophe stays a plural). */
static void drop_day_possessive(chat_tok_t *t, const char *msg)
{
    static const char *const days[] = {"today",     "tomorrow", "tmrw",     "tonight",
                                       "yesterday", "monday",   "tuesday",  "wednesday",
                                       "thursday",  "friday",   "saturday", "sunday",
                                       "weekend",   "week",     "month",    NULL};
    size_t o = strlen(t->norm);
    if (o < 4 || t->norm[o - 1] != 's' || t->len < 3 || msg[t->off + t->len - 2] != '\'')
        return;
    t->norm[o - 1] = '\0';
    for (size_t i = 0; days[i]; i++)
        if (!strcmp(t->norm, days[i])) {
            t->possessive = true;
            return;
        }
    t->norm[o - 1] = 's';
}

static void tok_norm(chat_tok_t *t, const char *msg)
{
    size_t o = 0;
    bool digits = t->len > 0;
    for (size_t i = 0; i < t->len && o + 1 < CHAT_TOK_NORM_MAX; i++) {
        unsigned char c = (unsigned char)msg[t->off + i];
        if (c == '\'' || (c == '.' && t->kind == CHAT_TOK_WORD))
            continue;
        if (c >= 0x80) { /* drop the right single quote, keep other UTF-8 */
            if (c == 0xE2 && i + 2 < t->len && (unsigned char)msg[t->off + i + 1] == 0x80 &&
                (unsigned char)msg[t->off + i + 2] == 0x99) {
                i += 2;
                continue;
            }
        }
        if (c < '0' || c > '9')
            digits = false;
        t->norm[o++] = lower((char)c);
    }
    t->norm[o] = '\0';
    if (t->kind != CHAT_TOK_WORD)
        return;
    if (digits && o > 0) {
        t->kind = CHAT_TOK_NUM;
        t->num = 0;
        for (size_t i = 0; i < o && t->num < 100000000; i++)
            t->num = t->num * 10 + (t->norm[i] - '0');
        return;
    }
    drop_day_possessive(t, msg);
    const tok_alias_t *a = alias_of(t->norm);
    if (a)
        strcpy(t->norm, a->to);
}

/* A European date keeps its dots ("14.12." and "14.12.2026" read "14.12"
 * and "14.12.2026", not the number 1412): digits and one or two dots, a
 * valid day and month, and a year or the closing dot. "3.5 kg" and
 * "at 5.30" stay numbers. */
static void keep_date_dots(chat_tok_t *t, const unsigned char *s, size_t len)
{
    int vals[3] = {0, 0, 0}, digs[3] = {0, 0, 0}, n = 0;
    for (size_t i = t->off; i < t->off + t->len; i++) {
        if (s[i] == '.' && digs[n] > 0 && n < 2) {
            n++;
        } else if (s[i] >= '0' && s[i] <= '9' && digs[n] < 4) {
            vals[n] = vals[n] * 10 + (s[i] - '0');
            digs[n]++;
        } else {
            return;
        }
    }
    bool closing = t->off + t->len < len && s[t->off + t->len] == '.';
    if (n == 0 || digs[n] == 0 || digs[0] > 2 || digs[1] > 2 || (n == 1 && !closing) ||
        vals[0] < 1 || vals[0] > 31 || vals[1] < 1 || vals[1] > 12 || t->len >= CHAT_TOK_NORM_MAX)
        return;
    t->kind = CHAT_TOK_WORD;
    memcpy(t->norm, s + t->off, t->len);
    t->norm[t->len] = '\0';
}

/* ---- one reader per kind of token: each fills *t from s[i] on and returns
 * the bytes it read, or 0 when the text there is not its kind ---- */

/* "...", curly double quotes, or '...' opening at a word start. */
static size_t tok_quoted(chat_tok_t *t, const char *msg, size_t i, size_t len)
{
    const unsigned char *s = (const unsigned char *)msg;
    unsigned char c = s[i];
    size_t qw = c == '"'                                                           ? 1
                : i + 2 < len && c == 0xE2 && s[i + 1] == 0x80 && s[i + 2] == 0x9C ? 3
                : c == '\'' && (i == 0 || s[i - 1] == ' ')                         ? 1
                                                                                   : 0;
    if (!qw)
        return 0;
    for (size_t j = i + qw; j < len; j++) {
        bool q = (c == '"' && s[j] == '"') ||
                 (qw == 3 && j + 2 < len && s[j] == 0xE2 && s[j + 1] == 0x80 &&
                  (s[j + 2] == 0x9D || s[j + 2] == 0x9C)) ||
                 (c == '\'' && s[j] == '\'' && (j + 1 == len || !is_alnum(s[j + 1])));
        if (!q)
            continue;
        if (j == i + qw)
            return 0; /* empty quotes */
        t->kind = CHAT_TOK_QUOTED;
        t->off = i + qw;
        t->len = j - i - qw;
        tok_norm(t, msg);
        return j + (c == '"' || c == '\'' ? 1 : 3) - i;
    }
    return 0;
}

/* Emoji and symbols: a check mark means done, a thumbs up means ok; other
 * emoji are punctuation (never part of a title's edges). */
static size_t tok_symbol(chat_tok_t *t, const unsigned char *s, size_t i, size_t len)
{
    size_t sl = s[i] >= 0x80 ? sym_len(s, i, len) : 0;
    if (!sl)
        return 0;
    t->off = i;
    t->len = sl;
    t->kind = CHAT_TOK_PUNCT;
    t->norm[0] = '*';
    if ((s[i] == 0xE2 && s[i + 1] == 0x9C &&
         (s[i + 2] == 0x94 || s[i + 2] == 0x93 || s[i + 2] == 0x85)) ||
        (s[i] == 0xE2 && s[i + 1] == 0x98 && s[i + 2] == 0x91)) {
        t->kind = CHAT_TOK_WORD;
        t->symbol = true;
        strcpy(t->norm, "done");
    } else if (s[i] == 0xF0 && s[i + 2] == 0x91 && s[i + 3] == 0x8D) {
        t->kind = CHAT_TOK_WORD;
        t->symbol = true;
        strcpy(t->norm, "ok");
    }
    return sl;
}

/* "#work" and "@home" are tags; "@ 5pm" and "bob@x.com" are not. */
static size_t tok_tag(chat_tok_t *t, const char *msg, size_t i, size_t len)
{
    const unsigned char *s = (const unsigned char *)msg;
    unsigned char c = s[i];
    bool at_tag = c == '@' && i + 1 < len &&
                  ((s[i + 1] | 0x20) >= 'a' && (s[i + 1] | 0x20) <= 'z') &&
                  (i == 0 || !is_alnum(s[i - 1]));
    if (!(c == '#' || at_tag) || i + 1 >= len || !is_word(s, i + 1, len))
        return 0;
    size_t j = i + 1;
    while (j < len && (is_word(s, j, len) || s[j] == '-'))
        j++;
    t->kind = CHAT_TOK_TAG;
    t->off = i + 1;
    t->len = j - i - 1;
    tok_norm(t, msg);
    return j - i;
}

/* s[i, j) is letters in short runs joined by dots ("s.r.o", "e.g", "U.S"). */
static bool abbreviation(const unsigned char *s, size_t i, size_t j)
{
    size_t run = 0, dots = 0;
    for (size_t k = i; k < j; k++) {
        if (s[k] == '.') {
            dots++;
            run = 0;
        } else if (!isalpha(s[k]) || ++run > 3) {
            return false;
        }
    }
    return dots > 0;
}

/* A word: letters and digits, with inner apostrophes, '-', '.', ':', '/'
 * ("don't", "e-mail", "5:30", "12/24"), and an abbreviation's closing dot. */
static size_t tok_word(chat_tok_t *t, const char *msg, size_t i, size_t len)
{
    const unsigned char *s = (const unsigned char *)msg;
    if (!is_word(s, i, len))
        return 0;
    size_t j = i, w;
    while (j < len) {
        if (is_word(s, j, len))
            j++;
        else if (is_apos(s, j, len, &w) && j + w < len && is_alnum(s[j + w]))
            j += w;
        else if ((s[j] == '-' || s[j] == '.' || s[j] == ':' || s[j] == '/') && j + 1 < len &&
                 is_alnum(s[j + 1]) && is_alnum(s[j - 1]))
            j++;
        else
            break;
    }
    if (j < len && s[j] == '.' && abbreviation(s, i, j))
        j++; /* "Novák s.r.o.": the abbreviation keeps its closing dot */
    t->kind = CHAT_TOK_WORD;
    t->off = i;
    t->len = j - i;
    tok_norm(t, msg);
    keep_date_dots(t, s, len);
    return j - i;
}

/* "->", "=>" and the arrow read as "to" ("rename gym -> gym (cardio)"). */
static size_t tok_arrow(chat_tok_t *t, const unsigned char *s, size_t i, size_t len)
{
    unsigned char c = s[i];
    size_t aw = (c == '-' || c == '=') && i + 1 < len && s[i + 1] == '>'             ? 2
                : (i + 2 < len && c == 0xE2 && s[i + 1] == 0x86 && s[i + 2] == 0x92) ? 3
                                                                                     : 0;
    if (!aw)
        return 0;
    t->kind = CHAT_TOK_WORD;
    t->off = i;
    t->len = aw;
    strcpy(t->norm, "to");
    return aw;
}

/* Any other byte, or a whole UTF-8 punctuation sequence, is punctuation. */
static size_t tok_punct(chat_tok_t *t, const unsigned char *s, size_t i, size_t len)
{
    unsigned char c = s[i];
    size_t j = i + 1;
    if (c >= 0x80)
        while (j < len && (s[j] & 0xC0) == 0x80)
            j++;
    t->kind = CHAT_TOK_PUNCT;
    t->off = i;
    t->len = j - i;
    t->norm[0] = c < 0x80 ? (char)c : '?';
    if (c == 0xE2 && j - i == 3 && s[i + 1] == 0x80 && s[i + 2] == 0x99)
        t->norm[0] = '\'';
    if (c == 0xE2 && j - i == 3 && s[i + 1] == 0x80 && s[i + 2] >= 0x90 && s[i + 2] <= 0x95)
        t->norm[0] = '-'; /* "X — put it on the list": a dash */
    return j - i;
}

bool chat_tok_has_quote(const char *msg)
{
    size_t len = strlen(msg);
    chat_tok_t t;
    for (size_t i = 0; i < len; i++)
        if (tok_quoted(&t, msg, i, len))
            return true;
    return false;
}

size_t chat_tok_split(const char *msg, size_t len, ProtobufCAllocator *mem, size_t max,
                      chat_tok_t **out)
{
    const unsigned char *s = (const unsigned char *)msg;
    size_t cap = len / 2 + 2 < max ? len / 2 + 2 : max;
    chat_tok_t *toks = mem->alloc(mem->allocator_data, cap * sizeof *toks);
    size_t n = 0, i = 0;
    while (i < len && n < cap) {
        chat_tok_t *t = &toks[n];
        memset(t, 0, sizeof *t);
        unsigned char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\0') {
            i++;
            continue;
        }
        size_t k = tok_quoted(t, msg, i, len);
        if (!k) {
            memset(t, 0, sizeof *t);
            k = tok_symbol(t, s, i, len);
        }
        if (!k)
            k = tok_tag(t, msg, i, len);
        if (!k)
            k = tok_word(t, msg, i, len);
        if (!k)
            k = tok_arrow(t, s, i, len);
        if (!k)
            k = tok_punct(t, s, i, len);
        n++;
        i += k;
    }
    *out = toks;
    return n;
}

int chat_tok_distance(const char *a, const char *b, int max)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 40 || lb > 40)
        return strcmp(a, b) == 0 ? 0 : max + 1;
    if ((la > lb ? la - lb : lb - la) > (size_t)max)
        return max + 1;
    int d[41][41];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int row_min = max + 1;
        for (size_t j = 1; j <= lb; j++) {
            int cost = a[i - 1] != b[j - 1];
            int v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < v)
                v = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
            if (v < row_min)
                row_min = v;
        }
        if (row_min > max)
            return max + 1;
    }
    return d[la][lb];
}

/* One insertion, deletion or transposition (no substitution: "remote" is
 * not "remove"). */
static bool one_slip(const char *a, size_t la, const char *b, size_t lb)
{
    if (la == lb) {
        size_t i = 0;
        while (i < la && a[i] == b[i])
            i++;
        return i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] &&
               strcmp(a + i + 2, b + i + 2) == 0;
    }
    if (la + 1 == lb || lb + 1 == la) {
        const char *s = la < lb ? a : b, *l = la < lb ? b : a;
        size_t i = 0;
        while (s[i] && s[i] == l[i])
            i++;
        return strcmp(s + i, l + i + 1) == 0;
    }
    return false;
}

/* Words of their own one slip from a command word, never read as that
 * slip ("stuck in Dubai airport" is no "struck"). */
static bool never_slip(const char *w, size_t n)
{
    static const char *const words[] = {"stuck", NULL};
    for (size_t i = 0; words[i]; i++)
        if (strlen(words[i]) == n && !memcmp(words[i], w, n))
            return true;
    return false;
}

bool chat_tok_is_n(const chat_tok_t *tok, size_t tlen, const char *word, size_t wlen)
{
    /* both an exact match and a slip need the same first letter */
    if (tok->kind != CHAT_TOK_WORD || tok->norm[0] != word[0])
        return false;
    if (tlen == wlen && memcmp(tok->norm, word, wlen) == 0)
        return true;
    return wlen >= 5 && tlen >= 5 && tlen + 1 >= wlen && wlen + 1 >= tlen &&
           !never_slip(tok->norm, tlen) && one_slip(tok->norm, tlen, word, wlen);
}

bool chat_tok_is(const chat_tok_t *tok, const char *word)
{
    return chat_tok_is_n(tok, strlen(tok->norm), word, strlen(word));
}

static bool ends(const char *w, size_t n, const char *suf)
{
    size_t k = strlen(suf);
    return n > k && strcmp(w + n - k, suf) == 0;
}

void chat_tok_stem(const char *word, char *out, size_t n)
{
    size_t len = strlen(word);
    if (len >= n)
        len = n - 1;
    memcpy(out, word, len);
    out[len] = '\0';
    if (len <= 3)
        return;
    static const char *const sufs[] = {"ings", "ing", "ies", "ied", "ed", "es", "s"};
    for (size_t i = 0; i < sizeof sufs / sizeof *sufs; i++) {
        size_t k = strlen(sufs[i]);
        if (ends(out, len, sufs[i]) && len - k >= 3) {
            if (strcmp(sufs[i], "es") == 0 && !ends(out, len, "ses") && !ends(out, len, "xes") &&
                !ends(out, len, "ches") && !ends(out, len, "shes"))
                k = 1; /* "notes" -> "note" */
            if (strcmp(sufs[i], "s") == 0 && ends(out, len, "ss"))
                continue;
            if (sufs[i][0] == 'i' && sufs[i][1] == 'e') /* "groceries" -> "groceri" */
                k = 2;
            len -= k;
            out[len] = '\0';
            /* "calling" -> "call" keeps the double l; "shopping" -> "shopp" -> "shop" */
            if (len >= 4 && out[len - 1] == out[len - 2] && out[len - 1] != 'l' &&
                out[len - 1] != 's')
                out[--len] = '\0';
            /* "tidying"/"tidied"/"tidies" all become "tidy"-ish: treat y/i alike */
            if (len > 0 && out[len - 1] == 'y')
                out[len - 1] = 'i';
            return;
        }
    }
    if (out[len - 1] == 'y')
        out[len - 1] = 'i';
    if (len > 4 && out[len - 1] == 'e') /* "note" and "notes" meet at "not" */
        out[--len] = '\0';
}

const char *chat_tok_alias(const char *word)
{
    const tok_alias_t *a = alias_of(word);
    return a ? a->to : NULL;
}

const char *chat_tok_next_word(const char *s, char *w, size_t cap)
{
    size_t l = 0;
    while (*s == ' ')
        s++;
    for (; *s && *s != ' '; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\'' || (c < 0x80 && !isalnum(c)))
            continue;
        if (l + 1 < cap)
            w[l++] = (char)tolower(c);
    }
    w[l] = '\0';
    return s;
}
