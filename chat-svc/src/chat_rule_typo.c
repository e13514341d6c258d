/* chat_rule_typo: command words as people mistype them, fixed on the tokens before any
 * rule runs: one-edit typos of a first command word ("shw me"), stretched
 * words ("adddd"), "mind adding" gerunds and swapped letters ("dnoe").
 * Titles are never corrected. */
#include "chat_rule.h"

/* A misspelt command word opening the message ("shw me", "lsit my todos"):
 * one edit from a command word of chat_lex_command_typos, 3+ letters, not a
 * known word, and followed by a word that fits the command. Titles are
 * never corrected. */
void nlu_fix_command_typo(chat_tok_t *t, size_t n)
{
    size_t i = 0;
    while (i < n && t[i].kind == CHAT_TOK_PUNCT)
        i++;
    if (i + 1 >= n || t[i].kind != CHAT_TOK_WORD || strlen(t[i].norm) < 3 ||
        chat_lex_has(chat_lex_not_typos, t[i].norm) || chat_lex_has(chat_lex_task_verbs, t[i].norm))
        return;
    for (const chat_lex_typo_t *r = chat_lex_command_typos; r->word; r++)
        if (strcmp(t[i].norm, r->word) != 0 && chat_tok_distance(t[i].norm, r->word, 1) <= 1 &&
            chat_pat_alt_has(r->next, t[i + 1].norm)) {
            strcpy(t[i].norm, r->word);
            return;
        }
}

/* w with every run of 3+ equal letters cut to keep letters, into out. */
static void squeeze(const char *w, size_t keep, char *out)
{
    size_t o = 0;
    for (size_t i = 0; w[i]; i++) {
        size_t run = 1;
        while (w[i + run] == w[i])
            run++;
        size_t take = run >= 3 ? keep : run;
        for (size_t k = 0; k < take; k++)
            out[o++] = w[i];
        i += run - 1;
    }
    out[o] = '\0';
}

/* "adddd sunscreen", "yesss", "deleeete it": an elongated command word
 * (chat_lex_elongated) among the first three words reads as the word.
 * Titles are never touched. */
void nlu_fix_elongated(chat_tok_t *t, size_t n)
{
    for (size_t i = 0, words = 0; i < n && words < 3; i++) {
        if (t[i].kind == CHAT_TOK_PUNCT)
            continue;
        words++;
        size_t l = strlen(t[i].norm);
        if (t[i].kind != CHAT_TOK_WORD || l < 4 || l > 31)
            continue;
        char w[32];
        for (size_t keep = 2; keep >= 1; keep--) {
            squeeze(t[i].norm, keep, w);
            if (strcmp(w, t[i].norm) != 0 && chat_lex_has(chat_lex_elongated, w)) {
                strcpy(t[i].norm, w);
                break;
            }
        }
    }
}

/* "would you mind adding X": the gerund after "mind" reads as its command
 * (chat_lex_gerunds). */
void nlu_fix_gerund(chat_tok_t *t, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        /* "would you mind terribly adding X" */
        size_t m = i > 1 && chat_lex_has(chat_lex_mind_adverbs, t[i - 1].norm) ? i - 2 : i - 1;
        if (t[i].kind != CHAT_TOK_WORD || strcmp(t[m].norm, "mind") != 0)
            continue;
        const char *base = chat_lex_gerund_base(t[i].norm);
        if (base) {
            strcpy(t[i].norm, base);
            if (m == 0)
                strcpy(t[0].norm, "please"); /* "mind adding X?" opens a request */
        }
    }
}

/* Two adjacent letters swapped in a short command word at either end of the
 * message ("mark taxes as dnoe", "udno that"): the swap is undone. Words
 * inside the message are titles and are never corrected. */
static bool one_swap(const char *w, const char *word)
{
    size_t l = strlen(word);
    if (strlen(w) != l)
        return false;
    for (size_t i = 0; i + 1 < l; i++)
        if (w[i] != word[i])
            return w[i] == word[i + 1] && w[i + 1] == word[i] && !strcmp(w + i + 2, word + i + 2);
    return false;
}

void nlu_fix_swaps(chat_tok_t *t, size_t n)
{
    size_t ends[2] = {n, n};
    for (size_t i = 0; i < n; i++)
        if (t[i].kind != CHAT_TOK_PUNCT) {
            ends[1] = i;
            if (ends[0] == n)
                ends[0] = i;
        }
    for (int e = 0; e < 2 && ends[e] < n; e++)
        for (size_t w = 0; chat_lex_swap_words[w] && t[ends[e]].kind == CHAT_TOK_WORD; w++)
            if (one_swap(t[ends[e]].norm, chat_lex_swap_words[w]))
                strcpy(t[ends[e]].norm, chat_lex_swap_words[w]);
}
