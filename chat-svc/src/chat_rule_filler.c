/* chat_rule_filler: what carries no request: polite and indirect wrappers ("could you
 * possibly ..."), lead-ins ("abeg add"), trailing fillers ("please",
 * "thanks") and reason clauses after a comma ("..., not needed anymore"). */
#include "chat_rule.h"

/* ---- fillers ---- */

/* Drops one polite or indirect wrapper at the start (chat_lex_lead_fillers),
 * remembering what it said about the request. */
static bool strip_lead_filler(nlu_t *p)
{
    size_t vi = first_free(p), before = count_free(p);
    for (const chat_lex_lead_t *l = chat_lex_lead_fillers; l->pat; l++) {
        size_t k = pm(p, vi, l->pat);
        if (k && k < before) {
            p->asked_bot = p->asked_bot || (l->flags & CHAT_LEX_ASKS_BOT);
            p->correction = p->correction || (l->flags & CHAT_LEX_CORRECTION);
            use(p, vi, k);
            return true;
        }
    }
    return false;
}

/* Drops one trailing filler ("please", "thanks", "woo"): a pattern that
 * covers the last w free words exactly, for any w up to its word count (its
 * optional words may be absent). */
static bool strip_trail_filler(nlu_t *p)
{
    size_t end = last_free(p), before = count_free(p);
    for (size_t i = 0; chat_lex_trail_fillers[i]; i++) {
        size_t words = 1;
        for (const char *c = chat_lex_trail_fillers[i]; *c; c++)
            words += *c == ' ';
        for (size_t w = words; w >= 1; w--) {
            if (end < p->s + w || before <= w || pm(p, end - w, chat_lex_trail_fillers[i]) != w)
                continue;
            if (end - w > p->s && pm(p, end - w - 1, "tagged|tag|labelled|labeled|label"))
                return false; /* "delete everything tagged ta": the tag, not a thanks */
            use(p, end - w, w);
            return true;
        }
    }
    return false;
}

/* A word of a lead-in: a plain word that is no subject, negation or
 * question word (chat_lex_lead_in_blockers). */
static bool lead_in_word(const chat_tok_t *t)
{
    return t && t->kind == CHAT_TOK_WORD && !chat_lex_has(chat_lex_lead_in_blockers, t->norm);
}

/* "abeg add X", "help me add X", "oya delete X": an unknown lead-in of one
 * or two words before a command verb (chat_lex_lead_in_verbs) is dropped.
 * A task verb opening it is a title ("learn to add fractions") unless it
 * asks for help ("help me add"). */
static void strip_lead_in(nlu_t *p)
{
    size_t a = first_free(p);
    if (pm_any(p, a, chat_lex_lead_in_verbs) || pm_any(p, a, chat_lex_complete_commands) ||
        pm_any(p, a, chat_lex_update_verbs))
        return; /* "add delete old photos from my phone", "tick off remove wallpaper", "move
                   delete old emails to tomorrow": the first verb is the command, the second
                   opens the title */
    for (size_t i = 1; i <= 2 && a + i < last_free(p); i++) {
        if (!lead_in_word(vt(p, a + i - 1)))
            return;
        if (!pm_any(p, a + i, chat_lex_lead_in_verbs))
            continue;
        bool task = chat_lex_has(chat_lex_task_verbs, vt(p, a)->norm);
        if (task && !(i == 2 && pm(p, a + 1, "me|us")))
            return;
        const chat_tok_t *sep = &p->t[p->v[a + i] - 1];
        if (sep->kind == CHAT_TOK_PUNCT && sep->norm[0] == ':')
            return; /* "todo: delete my old facebook account": a label, then the item */
        chat_date_t d;
        if (pm(p, a, "every|each") || chat_date_match(p->t, p->n, p->v[a], p->used, p->ctx, &d))
            return; /* "every monday put the recycling out": a date, not a lead-in */
        use(p, a, i);
        return;
    }
}

/* "machan remind me to call amma", "inshallah need to get the car
 * serviced": one word of address or blessing before an add command (no
 * date, slot, task or command word of its own) is no part of the title. */
static void strip_vocative(nlu_t *p)
{
    size_t a = first_free(p);
    const chat_tok_t *t = vt(p, a);
    if (!t || t->kind != CHAT_TOK_WORD || count_free(p) < 4 ||
        !pm_any(p, a + 1, chat_lex_vocative_next) || pm_any(p, a, chat_lex_vocative_not) ||
        nlu_date_at(p, a) || nlu_word_in(p, a, chat_lex_comment_keep) ||
        nlu_word_in(p, a, chat_lex_comment_commands) || pm_any(p, a, chat_lex_task_verbs))
        return;
    use(p, a, 1);
}

void nlu_strip_fillers(nlu_t *p)
{
    for (int round = 0; round < 6 && strip_lead_filler(p); round++)
        ;
    strip_lead_in(p);
    for (int round = 0; round < 6 && strip_lead_filler(p); round++)
        ;
    strip_vocative(p);
    for (int round = 0; round < 3 && strip_trail_filler(p); round++)
        ;
}

/* "..., neighbour gave us some", "..., the role don close" (Pidgin "don",
 * has): a short last clause whose subject is one noun before a past verb;
 * the view index of the verb, or vi when there is none. */
static size_t noun_subject_past(const nlu_t *p, size_t vi)
{
    size_t s = vi + pm(p, vi, "the|my|our|his|her|their");
    const chat_tok_t *t = vt(p, s);
    if (s + 1 >= p->nv || p->nv - vi > 6 || !t || t->kind != CHAT_TOK_WORD ||
        pm(p, s, chat_lex_ref_marker) || pm(p, s, "everything|all|anything|nothing|it|that") ||
        pm_any(p, s, chat_lex_comment_commands))
        return vi;
    for (size_t k = p->v[vi]; k < p->n; k++)
        if (p->t[k].kind == CHAT_TOK_PUNCT && strchr(".!?;,", p->t[k].norm[0]) && k + 1 < p->n)
            return vi; /* another clause follows: "..., my brother bailed. move it" */
    return nlu_past_word(vt(p, s + 1)) || pm(p, s + 1, "don") ? s + 1 : vi;
}

/* "get rid of the yoga one, I cancelled it", "scratch the car wash, did it
 * this morning": a clause after a comma that gives a reason ("I" + a past
 * verb, "found ...", "because ...") names nothing; it is dropped. When it
 * says the thing was done, said_done remembers that. */
void nlu_drop_reason_clause(nlu_t *p)
{
    size_t vi = 0;
    for (size_t k = 0; k + 1 < p->n; k++) {
        if (p->t[k].kind != CHAT_TOK_PUNCT) {
            vi++;
            continue;
        }
        if (!strchr(",;", p->t[k].norm[0]) || vi < 2 || vi >= p->nv)
            continue;
        size_t q = vi + pm(p, vi, "?i|we|ive|weve ?have|had ?already|just|never|actually|finally");
        bool because = pm(p, vi, "because|since|cause|cos|bc") > 0 || nlu_not_doing(p, vi) ||
                       pm_any(p, vi, chat_lex_reason_clauses) == p->nv - vi;
        if (!because && !nlu_past_word(vt(p, q)))
            q = noun_subject_past(p, vi);
        if (!because && !nlu_past_word(vt(p, q)) && !(q > vi && pm(p, q, "don")))
            continue;
        bool negated = false;
        for (size_t w = vi; w < p->nv; w++) {
            negated = negated || pm(p, w, "didnt|havent|hadnt|not|never|isnt|wasnt");
            if (!negated && pm(p, w, "did|done|finished|completed|sorted"))
                p->said_done = true;
        }
        use(p, vi, p->nv - vi);
        return;
    }
    /* "revise chem paper 2 tmrw morning bc the mock is on monday": "because"
       opens a reason with no comma too */
    for (vi = p->s + 2; vi + 2 < p->e; vi++)
        if (!p->used[p->v[vi]] && pm(p, vi, "because|bc|cuz|coz") && !pm(p, vi + 1, "of")) {
            use(p, vi, p->e - vi);
            return;
        }
}

/* Does a sentence end after view index vi, before the message does? */
static bool clause_cut_after(const nlu_t *p, size_t vi)
{
    for (size_t k = p->v[vi]; k < p->v[p->e - 1]; k++)
        if (p->t[k].kind == CHAT_TOK_PUNCT && strchr(".!?;", p->t[k].norm[0]))
            return true;
    return false;
}

/* "delete old photos off my phone so i have space", "call mum so she
 * knows": a closing purpose clause ("so (that)" and a subject, after two
 * words or more) says why, not what; it is dropped. */
void nlu_drop_purpose_clause(nlu_t *p)
{
    if (nlu_has_question(p))
        return;
    for (size_t vi = p->s + 2; vi + 2 < p->e; vi++) {
        if (pm(p, vi, "so ?that i|we|she|he|they|it") && !p->used[p->v[vi - 1]] &&
            !clause_cut_after(p, vi)) {
            /* to its comma: "..., put it for sunday" is a request */
            use(p, vi, nlu_clause_end(p, vi) - vi);
            return;
        }
    }
}

/* Is the rest of the view from vi one date ("..., i mean wednesday")? */
static bool only_date_from(const nlu_t *p, size_t vi)
{
    chat_date_t d;
    size_t k = nlu_date_read(p, vi, &d);
    return k && p->v[vi] + k > p->v[p->e - 1];
}

/* "co mam do zrobienia? i mean what do i have to do", "ricordami di ...
 * sorry i mean remind me to ...": what follows a restart after a
 * punctuation mark is the message; the three or more words before it are
 * dropped ("no sorry, I meant thursday" corrects the last change). A date
 * alone after it corrects only the date ("drop off the casserole
 * thursday, i mean wednesday": chat_date). */
void nlu_drop_restart(nlu_t *p)
{
    for (size_t vi = p->s + 1; vi + 2 < p->e; vi++) {
        size_t raw = p->v[vi];
        size_t k = pm(p, vi, "?sorry|oops|oh i mean|meant");
        bool meant =
            k && pm(p, vi + k - 1, "mean|meant") && vi >= p->s + 3 && !only_date_from(p, vi + k);
        /* "agregar... sorry, add X": a "sorry" before a command starts over */
        size_t sorry = pm(p, vi, "sorry|oops");
        bool again = sorry && nlu_word_in(p, vi + sorry, chat_lex_comment_commands);
        if (p->t[raw - 1].kind == CHAT_TOK_PUNCT && (meant || again)) {
            use(p, p->s, vi + (meant ? k : sorry) - p->s);
            return;
        }
    }
}

/* ---- commentary (chat_lex.h "commentary") ---- */

#define COMMENT_MAX_CLAUSES 16

/* View indices where a clause starts: after ",;.!?", an emoji or a dash
 * between words, or after "so" before a command ("I switched hospitals so
 * get rid of ..."). Returns how many (the first clause, at p->s, included). */
static size_t clause_starts(const nlu_t *p, size_t *starts, size_t max)
{
    size_t n = 0;
    starts[n++] = p->s;
    for (size_t vi = p->s + 1; vi < p->e && n < max; vi++) {
        size_t raw = p->v[vi];
        bool punct =
            p->t[raw - 1].kind == CHAT_TOK_PUNCT && strchr(",;.!?*-", p->t[raw - 1].norm[0]) &&
            !(p->t[raw - 1].norm[0] == '.' && raw >= 2 &&
              chat_lex_has(chat_lex_name_titles, p->t[raw - 2].norm)); /* "Dr. Patel's office" */
        bool so = vi > p->s + 1 && pm(p, vi - 1, "so|therefore|hence") &&
                  nlu_word_in(p, vi, chat_lex_comment_commands);
        bool after_filler =
            pm(p, vi - 1, "pls|please|plz|thanks|thx|lol|haha|list|anymore") &&
            nlu_word_in(p, vi, chat_lex_comment_subjects); /* "... pls we quit lol" */
        bool or_talk =
            vi > p->s + 1 && pm(p, vi, "or|otherwise") &&
            nlu_word_in(p, vi + 1, chat_lex_comment_subjects); /* "... or I'll be in trouble" */
        if (punct || so || or_talk || after_filler)
            starts[n++] = vi;
    }
    return n;
}

/* Does view range [a, b) hold anything a command reads: a date, a #tag, a
 * quote, a slot word? */
static bool clause_reads(const nlu_t *p, size_t a, size_t b)
{
    for (size_t vi = a; vi < b; vi++) {
        const chat_tok_t *t = vt(p, vi);
        chat_date_t d;
        if (pm(p, vi, "now|rn|anymore"))
            continue; /* "..., list is too long now": no date for a todo */
        if (t->kind == CHAT_TOK_TAG || t->kind == CHAT_TOK_QUOTED ||
            nlu_word_in(p, vi, chat_lex_comment_keep))
            return true;
        if (chat_date_match(p->t, p->v[b - 1] + 1, p->v[vi], NULL, p->ctx, &d) && !d.past)
            return true; /* "..., we lost Benji last week": a past date is no due date */
    }
    return false;
}

/* "what a day", "such a mess": an exclamation opens the clause at vi. */
static bool exclamation(const nlu_t *p, size_t vi)
{
    return pm(p, vi, "what|such a|an") == 2;
}

/* Does view range [a, b) hold a date to come among its free words? */
static bool holds_date(const nlu_t *p, size_t a, size_t b)
{
    chat_date_t d;
    for (size_t vi = a; vi < b; vi++)
        if (!p->used[p->v[vi]] &&
            chat_date_match(p->t, p->v[b - 1] + 1, p->v[vi], p->used, p->ctx, &d) && !d.past)
            return true;
    return false;
}

/* Does the word at vi carry a contracted "is" or "has" ("biscuit's")? */
static bool contracted_s(const nlu_t *p, size_t vi)
{
    const chat_tok_t *t = vt(p, vi);
    const char *end = p->msg + t->off + t->len;
    return t->kind == CHAT_TOK_WORD && t->len > 2 && end[-1] == 's' &&
           (end[-2] == '\'' || (t->len > 4 && !memcmp(end - 4, "\xe2\x80\x99", 3)));
}

/* A later clause that states something of its own: a short noun phrase and
 * a copula ("..., kitchen tap is leaking again", "..., supervisor is
 * strict", "..., biscuit's limping again", "..., term's over"), a short one
 * that ends in a past verb ("..., IT guy asked", "..., flight delayed"), or
 * a negated past ("..., not paid yet hehe"). A command word first makes it
 * no statement ("..., change is fine"), and so does a negation or a done
 * word in it: "..., buy stamps isn't finished yet" is the message. */
static bool states_something(const nlu_t *p, size_t a, size_t b)
{
    if (pm(p, a, "list|todo|todos is|s|looks|getting") == 2)
        return true; /* "..., list is a mess" (a command word, but said of the list) */
    if (nlu_word_in(p, a, chat_lex_comment_commands) || nlu_word_in(p, a, chat_lex_comment_keep))
        return false;
    if (pm(p, a, "not|never") && a + 1 < b &&
        (nlu_past_word(vt(p, a + 1)) || pm(p, a + 1, "going|coming|needed")))
        return true; /* "..., not paid yet", "..., not going back" */
    if (pm(p, a, "before|after|until|unless it|they|he|she|we|i") == 2)
        return true; /* "..., before it renews" */
    for (size_t vi = a; vi < b; vi++)
        if (pm(p, vi, chat_lex_because))
            return true; /* "..., is urgent because tooth is hurting" */
    size_t too = pm(p, a, chat_lex_excess);
    if (too && b - a > too && b - a <= too + 2)
        return true; /* "..., too expensive", "..., way too many" */
    /* "..., the usta did not come": someone did not do something (not a todo's state) */
    bool didnt = false, done = false;
    for (size_t vi = a + 1; vi < b; vi++) {
        didnt = didnt || pm(p, vi, "didnt|doesnt|couldnt|wont|never") ||
                pm(p, vi, "did|does|could not") == 2;
        done = done || pm(p, vi, "done|finished|complete|completed|do|it|that|yet");
    }
    if (didnt && !done)
        return true;
    /* "..., it expires in jan", "..., she arrives friday": a pronoun and a verb */
    if (pm(p, a, "it|he|she|they") && a + 1 < b &&
        !nlu_word_in(p, a + 1, chat_lex_comment_commands) &&
        !nlu_word_in(p, a + 1, chat_lex_comment_keep) &&
        !pm(p, a + 1, "to|is|s|was|will|ll|should"))
        return true;
    bool copula = false;
    for (size_t k = 1; k <= 3 && a + k + 1 < b; k++)
        copula = copula || pm(p, a + k, "is|are|was|were|s|will|gonna"); /* "tita will bring" */
    copula = copula || (a + 1 < b && contracted_s(p, a));
    copula = copula || (b - a >= 2 && b - a <= 4 && nlu_past_word(vt(p, b - 1)));
    for (size_t vi = a; vi < b && copula; vi++) /* "..., buy stamps isn't finished" */
        copula = !pm(p, vi, "not|isnt|arent|wasnt|werent|done|finished|complete|completed");
    return copula;
}

/* "..., doing the road trip sunday", "..., going next year instead": a
 * clause that opens with an -ing word before a determiner or a direction
 * says what the person is up to ("..., cleaning supplies" is an item). */
static bool opens_with_doing(const nlu_t *p, size_t a)
{
    const chat_tok_t *t = vt(p, a);
    size_t l = t && t->kind == CHAT_TOK_WORD ? strlen(t->norm) : 0;
    if (l < 5 || strcmp(t->norm + l - 3, "ing") != 0)
        return false;
    if (chat_lex_gerund_base(t->norm))
        return false; /* "..., adding X" is a command */
    return pm(p, a + 1, "the|a|an|my|our|to|out|back|home|away|next|this|abroad") > 0;
}

bool nlu_clause_is_comment(const nlu_t *p, size_t a, size_t b, bool first, bool date_is_talk)
{
    if (pm(p, a, "i mean|meant") && only_date_from(p, a + 2))
        return false; /* "..., i mean wednesday": a date corrected (chat_date) */
    /* "note on the boiler one - the code is 4471", "add a note to the
       plumber one - he said ...": the note itself */
    for (size_t vi = p->s; vi < a; vi++)
        if (pm(p, vi, "a|the|add|put|with note|notes|comment") == 2 || pm(p, vi, "note|nb on") == 2)
            return false;
    /* "oh i already got them", "eish it expires ...": an interjection first */
    size_t s = a + (pm(p, a, "oh|ah|eh|well|hmm|eish|arre|ayyo|aiyo|haiya|welp") &&
                    nlu_word_in(p, a + 1, chat_lex_comment_subjects));
    bool subject = nlu_word_in(p, s, chat_lex_comment_subjects) ||
                   (pm(p, a,
                       "or|otherwise|sadly|unfortunately|luckily|thankfully|apparently|"
                       "anyway|honestly") &&
                    (nlu_word_in(p, a + 1, chat_lex_comment_subjects) ||
                     pm(p, a, "sadly|unfortunately|luckily|thankfully|apparently")));
    bool marker = false, negated = false, feeling = false;
    for (size_t vi = a; vi < b; vi++) {
        /* "..., need to feel productive today 😅": a mood, with no due date */
        feeling = feeling || pm(p, vi, "feel|feeling|felt|productive|motivated|stressed");
        marker = marker || feeling || nlu_word_in(p, vi, chat_lex_comment_markers) ||
                 (first && pm(p, vi, "is|are|was|were|isnt|arent|wasnt|werent|s"));
        negated = negated || pm(p, vi, "wont|cant|isnt|wasnt|didnt|doesnt|dont|never|not");
    }
    if (first && b < p->nv && strchr(".!?*", p->t[p->v[b] - 1].norm[0]))
        marker = true;
    marker = marker || pm(p, b - 1, "lah|leh|lor|liao|le|meh"); /* Singlish, closing talk */
    /* "..., the grandchildren are coming": a determiner, a noun, a copula */
    marker = marker || (pm(p, a, "the|my|our|his|her|their|your") &&
                        (pm(p, a + 2, "is|are|was|were|s") || pm(p, a + 3, "is|are|was|were|s")));
    marker = marker || (!first && states_something(p, a, b)) || opens_with_doing(p, a) ||
             exclamation(p, a); /* "going to Nakuru on sunday, remind me to ..." */
    if (!subject && !marker)
        return false;
    /* "so my sister's bday is dec 12 and i always forget so pls add X, due the
       9th"; "..., not going this month lol": negated talk holds no due date */
    return ((subject || marker) && negated) || feeling || date_is_talk || !clause_reads(p, a, b);
}

/* Does the clause at vi open with an explicit add ("pls add", "can you
 * remind me")? */
static bool opens_add(const nlu_t *p, size_t vi)
{
    size_t k = 0;
    while (k < 5 && pm(p, vi + k, "so|and|pls|please|plz|can|could|would|you|u"))
        k++;
    return pm(p, vi + k, "add|remind|note|jot") > 0;
}

/* Does the clause at vi open with a command: a command word, "I have to"
 * ("ugh i keep forgetting this, i have to call mom tonight") or, for a
 * later clause, a task verb? */
static bool opens_command(const nlu_t *p, size_t vi, bool later)
{
    if (exclamation(p, vi))
        return false; /* "what a day, add ..." */
    /* "ugh nearly forgot, return library books in a fortnight": a task verb
       opens one too, unless it may change what the talk named ("the dentist
       isn't a family thing, take the label off") */
    bool task = later && nlu_word_in(p, vi, chat_lex_task_verbs) &&
                !pm(p, vi, "take|put|pop|set|make|move|get|change|mark|bring|turn");
    return task || nlu_word_in(p, vi, chat_lex_comment_commands) ||
           pm(p, vi, "i|we have|need|must|gotta|got|should ?to") >= 2;
}

/* Clauses of talk before the first that opens with a command ("Hello, this
 * is Margaret. My grandson set this up for me. Can you remind me to ..."),
 * unless that command points back at them ("the rent is late, set it to
 * friday"). */
static void drop_leading_talk(nlu_t *p, const size_t *st, size_t n)
{
    size_t c = 1;
    while (c < n && !opens_command(p, st[c], true))
        c++;
    if (c >= n || opens_command(p, st[0], false) || st[c + 1] - st[c] <= 2 || p->used[p->v[st[c]]])
        return; /* "..., they emailed it. delete": a bare command is about them */
    bool add = opens_add(p, st[c]);
    for (size_t i = 0; i < c; i++) {
        size_t words = count_free_in(p, st[i], st[i + 1]);
        /* "xin chào, pls add ...": two words or less before an explicit add
           greet or call someone */
        bool vocative = add && words <= 2 && !clause_reads(p, st[i], st[i + 1]);
        if (words && !vocative && !nlu_clause_is_comment(p, st[i], st[i + 1], true, add) &&
            !pm(p, st[i], "hello|hi|hey|dear"))
            return; /* a greeting the fillers took is no obstacle */
    }
    bool back = false; /* "the rent is late, set it to friday"; "how does this work" asks;
                          "I didn't mean that. Can you undo it" undoes the last change */
    for (size_t vi = st[c]; vi < st[c + 1]; vi++)
        back = back || pm(p, vi, "it|that|this|them|those|him|her");
    /* "the bake sale is actually thursday, can u fix": a bare change asked */
    back = back || (count_free_in(p, st[c], st[c + 1]) <= 4 &&
                    pm(p, st[c + 1] - 1, "fix|update|change|correct|amend|adjust"));
    for (size_t vi = st[c]; vi < st[c + 1]; vi++)
        back = back && !pm(p, vi, "undo|revert|how|what|whats") && !add;
    if (back)
        return;
    use(p, st[0], st[c] - st[0]);
}

/* Drops commentary clauses (chat_lex.h): trailing ones from the end, and
 * leading ones before a command (drop_leading_talk). */
void nlu_drop_commentary(nlu_t *p)
{
    size_t st[COMMENT_MAX_CLAUSES + 1];
    size_t n = clause_starts(p, st, COMMENT_MAX_CLAUSES);
    st[n] = p->e;
    for (size_t c = n; c-- > 1;) {
        if (count_free_in(p, st[c], st[c + 1]) == 0)
            continue; /* a closing request already taken */
        /* "push X to sunday evening, they say rain on saturday": with a date
           of its own before, a date in talk about someone else is the talk's */
        /* and after a delete, no date in talk is a due date ("take the dinner
           with Ayşe off my list, she is in Ankara this week") */
        bool del = pm_any(p, first_free(p), chat_lex_delete_strong) ||
                   pm(p, first_free(p), "take|erase|" CHAT_LEX_DROP_VERBS);
        bool dated = (del || holds_date(p, p->s, st[c])) && !pm(p, st[c], "its|thats|theres") &&
                     !pm(p, st[c], "it|this|that|there is|s|will|ll|should|must|was");
        /* "oops, I haven't done the laundry yet": the clause is the message;
           "take the haircut off the list, noah wants to grow it out": after a
           delete that ends on its list, what follows is talk */
        bool listed = del && c == 1 && st[c] >= p->s + 2 && pm(p, st[c] - 2, "the|my list") == 2;
        if (count_free_in(p, p->s, st[c]) < 2 ||
            (!listed && !nlu_clause_is_comment(p, st[c], st[c + 1], false, dated)))
            break;
        use(p, st[c], st[c + 1] - st[c]);
    }
    drop_leading_talk(p, st, n);
    nlu_strip_fillers(p); /* "... so pls add X", "take X off my list pls we quit lol" */
}

/* Did the title clause [a, b) end in slots the add took (a used word
 * after its last free one: "book X on 20/12 at 08:00, ...")? */
static bool ends_in_slots(const nlu_t *p, size_t a, size_t b)
{
    size_t last = b;
    for (size_t vi = a; vi < b; vi++)
        if (!p->used[p->v[vi]])
            last = vi;
    return last < b && last + 1 < b;
}

/* "delete old photos off my phone lol storage is full AGAIN", "cancel the
 * gym membership by the 1st or they'll charge me again": a laugh or a
 * groan, or "or" and a subject, after two words of a title, with talk
 * after it, ends the title. */
static void drop_inline_talk(nlu_t *p)
{
    size_t a = first_free(p), b = last_free(p);
    for (size_t vi = a + 2; vi + 2 < b; vi++) {
        bool subject = nlu_word_in(p, vi + 1, chat_lex_comment_subjects) &&
                       !pm(p, vi + 1, "my|our|his|her|their|your");
        /* "remove moss from the path before someone slips", "... before
           the wind rips them off": a clause of its own, with a subject,
           says why */
        bool clause = (pm(p, vi, "before|incase|lest") &&
                       (subject || pm(p, vi + 1, "someone|somebody|anyone|everyone|mum|mom|dad") ||
                        (pm(p, vi + 1, "the") && nlu_word_in(p, vi + 3, chat_lex_event_verbs)))) ||
                      pm(p, vi, "now that") == 2; /* "... for unit 2 now that it's rented" */
        if (!p->used[p->v[vi]] && (nlu_word_in(p, vi, chat_lex_laughs) || clause ||
                                   (pm(p, vi, "or|otherwise|else") && subject))) {
            use(p, vi, b - vi);
            return;
        }
    }
}

/* "call mum at 9am tomorrow she worries lol", "charge my phone in 2 hours
 * its on 4%": after the title and the slots that close it, words opening
 * with a subject are talk, as if a comma stood before them. */
static void drop_talk_after_slots(nlu_t *p)
{
    bool title = false;
    for (size_t vi = p->s; vi + 2 < p->e; vi++) {
        title = title || !p->used[p->v[vi]];
        size_t a = vi + 1;
        if (title && p->used[p->v[vi]] && !p->used[p->v[a]] &&
            nlu_word_in(p, a, chat_lex_comment_subjects) &&
            nlu_clause_is_comment(p, a, p->e, false, true)) {
            use(p, a, p->e - a);
            return;
        }
    }
}

/* Is the clause [a, b) slots and polite words only, with a slot taken
 * ("high priority please")? */
static bool closed_by_slots(const nlu_t *p, size_t a, size_t b)
{
    bool slot = false;
    for (size_t vi = a; vi < b; vi++) {
        if (!p->used[p->v[vi]] && !pm(p, vi, "please|pls|plz|thanks|thx"))
            return false;
        slot = slot || p->used[p->v[vi]];
    }
    return slot;
}

/* Does the clause [a, b) open a sentence of its own (after ".", "!" or
 * "?") of three words or more? A todo's name is said in one sentence; the
 * next ones tell about it. */
static bool later_sentence(const nlu_t *p, size_t a, size_t b)
{
    size_t k = p->v[a] - 1; /* the mark before the clause */
    const chat_tok_t *end = &p->t[k];
    if (end->kind != CHAT_TOK_PUNCT || !strchr(".!?*", end->norm[0]) || count_free_in(p, a, b) < 3)
        return false;
    /* "Dr. Patel", "Mr. Kim": a title's full stop ends no sentence */
    return !(end->norm[0] == '.' && k > 0 && chat_lex_has(chat_lex_name_titles, p->t[k - 1].norm));
}

/* After a new todo's slots were taken: later clauses of talk ("..., its her
 * bday. remind me an hour before", "..., phone storage full. sunday"), and
 * any later clause after slots that closed the title ("book X on 20/12 at
 * 08:00, high prio, tickets sell out very fast"), unless it goes on with
 * the list ("and bread") or gives a command of its own. */
void nlu_drop_late_talk(nlu_t *p)
{
    drop_inline_talk(p);
    drop_talk_after_slots(p);
    size_t st[COMMENT_MAX_CLAUSES + 1];
    size_t n = clause_starts(p, st, COMMENT_MAX_CLAUSES);
    st[n] = p->e;
    size_t c0 = 0;
    while (c0 < n && count_free_in(p, st[c0], st[c0 + 1]) == 0)
        c0++;
    bool closed = c0 < n && ends_in_slots(p, st[c0], st[c0 + 1]);
    for (size_t c = c0 + 1; c < n; c++) {
        size_t a = st[c];
        bool slots = closed_by_slots(p, st[c], st[c + 1]);
        while (a < st[c + 1] &&
               (p->used[p->v[a]] || (slots && pm(p, a, "please|pls|plz|thanks|thx"))))
            use(p, a++, 1); /* "..., high priority please. ...": slots and a polite word */
        if (a >= st[c + 1]) {
            closed = true; /* "..., high prio, ...": a clause of slots only */
            continue;
        }
        if (pm(p, a, "and|also|plus|then|or|with|but") || opens_command(p, a, true))
            return;
        if (later_sentence(p, st[c], st[c + 1])) {
            use(p, a, p->e - a); /* "... . Harold always took care of the car stuff" */
            return;
        }
        if (!closed && !nlu_clause_is_comment(p, a, st[c + 1], false, true))
            return;
        use(p, a, st[c + 1] - a);
    }
}

/* ---- closing requests and sign-offs (chat_lex.h) ---- */

/* Are the words of view range [a, b) all ones a request may end with? */
static bool only_request_tail(const nlu_t *p, size_t a, size_t b)
{
    for (size_t vi = a; vi < b; vi++)
        if (!p->used[p->v[vi]] && !nlu_word_in(p, vi, chat_lex_add_request_tail))
            return false;
    return true;
}

/* Takes the tags, priority and date a closing request (from view index r)
 * that places the todo gives ("..., put it in my todos with tag work",
 * "..., add it for tomorrow 8am") when view range [a, b) is then a
 * request's tail; true when it is (nothing is taken when not). */
static bool take_request_slots(nlu_t *p, size_t r, size_t a, size_t b)
{
    if (only_request_tail(p, a, b))
        return true;
    /* a request that places or adds the todo; "X is urgent now, put it high
       priority" and "..., set it to friday" change X */
    bool adds = false;
    for (size_t vi = r; vi < a; vi++)
        adds = adds || pm(p, vi, "add");
    if (!adds && !pm(p, a - 1, "down|in|on|onto") &&
        !(pm(p, a - 1, "to") && pm(p, a, "?my|the list|todos|todo|todolist")))
        return false;
    nlu_snap_t snap = nlu_snap(p);
    nlu_bounds_t whole = nlu_narrow(p, a, b);
    nlu_take_tags(p);
    nlu_take_tag_words(p);
    nlu_take_priority(p);
    nlu_take_due(p); /* "..., can you stick that on my list for wednesday?" */
    bool tail = only_request_tail(p, a, b);
    nlu_widen(p, whole);
    if (!tail)
        nlu_restore(p, &snap);
    return tail;
}

/* A short last clause that opens with a sign-off word ("Many thanks,
 * Margaret", "Ta", "x"), with more than it before. */
static bool signoff(const nlu_t *p, size_t a, size_t b)
{
    return b - a <= 4 && nlu_word_in(p, a, chat_lex_signoffs);
}

/* Drops closing sign-offs, then a closing request to add what came before
 * ("Bridge club at half 7 on Wednesday, put that down please"), which sets
 * add_asked. */
void nlu_drop_add_request(nlu_t *p)
{
    size_t st[COMMENT_MAX_CLAUSES + 1];
    size_t n = clause_starts(p, st, COMMENT_MAX_CLAUSES);
    st[n] = p->e;
    size_t c = n;
    if (c > 2 && st[c] - st[c - 1] <= 2 && signoff(p, st[c - 2], st[c - 1]))
        c--; /* "Many thanks, Margaret": the name goes with its sign-off */
    while (c > 1 && signoff(p, st[c - 1], st[n])) {
        use(p, st[c - 1], st[n] - st[c - 1]);
        c--;
    }
    size_t k = c > 1 ? pm_any(p, st[c - 1], chat_lex_add_requests) : 0;
    if (k && take_request_slots(p, st[c - 1], st[c - 1] + k, st[c])) {
        use(p, st[c - 1], st[c] - st[c - 1]);
        p->add_asked = true;
    }
    /* "appointment at Bürgeramt next monday 8:30 pls add it": no comma, so
       the request opens with a polite word; it ends its clause ("... pls
       add, praying i dont stall again": the talk after it goes as talk) */
    for (size_t vi = p->s + 2; vi < p->e && !p->add_asked; vi++) {
        k = pm(p, vi, "please|pls|plz|kindly") ? pm_any(p, vi, chat_lex_add_requests) : 0;
        size_t end = k ? nlu_clause_end(p, vi) : vi;
        if (k && only_request_tail(p, vi + k, end)) {
            use(p, vi, end - vi);
            p->add_asked = true;
        }
    }
    for (int round = 0; round < 3 && strip_trail_filler(p); round++)
        ; /* "... people please. Thank you kindly." */
}

void nlu_strip_trail_fillers(nlu_t *p)
{
    for (int round = 0; round < 3 && strip_trail_filler(p); round++)
        ;
}
