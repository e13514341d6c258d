/* chat_ref: finds the todo(s) a user's words refer to, by fuzzy title match
 * (word stems, typos, prefixes, word order ignored): "calling mom" finds
 * "Call Mom", "the milk one" finds "buy milk". Pure functions. */
#ifndef CHAT_REF_H
#define CHAT_REF_H

#include <stdbool.h>
#include <stddef.h>

/* How well query names title, from 0 (not at all) up; an exact
 * (case-insensitive) title scores 2, full word coverage scores about 1. */
double chat_ref_score(const char *query, const char *title);

/* Does query name a word of title that may be a name (a capitalized or
 * short word of plain letters, not a task verb opening the title: "Tana"
 * in "Call Tana about scaffolding", "Bello" in "Bello - schedule dental")
 * only by a slip of letters ("done calling Tama")? Such a match is a guess:
 * another person or thing of that name may be meant. */
bool chat_ref_name_slipped(const char *query, const char *title);

/* Indexes of the titles query names, best first, into out (at most max):
 * the best match plus every other within CHAT_REF_TIE of it, provided the
 * best scores at least CHAT_REF_MIN; of such a tie, only the title that
 * holds more of query's words exactly than each other ("dr kim's letter":
 * "Dr. Kim", not "Dr. Kimball"). A word of query that some title holds
 * exactly matches no other title by a slip of letters ("Bella" names no
 * "Bello" beside a "Bella"). Returns how many (0: nothing matches; more
 * than 1: ambiguous). */
size_t chat_ref_find(const char *query, const char *const *titles, size_t n, size_t *out,
                     size_t max);

/* Does query name title's head, the thing the todo is about: the word
 * before its first linking word (chat_lex_ref_links; a task verb and the
 * word after it excepted), or else its last word? "car" names no head of
 * "Car insurance renewal", "shoes" names that of "Buy school shoes". */
bool chat_ref_names_head(const char *query, const char *title);

/* Does the deed verb (a base form or a stem of the past: "return",
 * "cancell") undo the task title opens with ("Buy school shoes")?
 * chat_lex_ref_undoes, whose verbs match as prefixes. */
bool chat_ref_verb_undoes(const char *verb, const char *title);

/* Do place (words that open with a place word: "at the Manly job") and
 * title ("Finish switchboard upgrade at Bondi job") name two places: each
 * has a place word the other lacks? A todo somewhere else is not named. */
bool chat_ref_place_clash(const char *place, const char *title);

#define CHAT_REF_MIN 0.6
#define CHAT_REF_TIE 0.15

#endif
