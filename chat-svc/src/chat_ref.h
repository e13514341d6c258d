/* chat_ref: finds the todo(s) a user's words refer to, by fuzzy title match
 * (word stems, typos, prefixes, word order ignored): "calling mom" finds
 * "Call Mom", "the milk one" finds "buy milk". Pure functions. */
#ifndef CHAT_REF_H
#define CHAT_REF_H

#include <stddef.h>

/* How well query names title, from 0 (not at all) up; an exact
 * (case-insensitive) title scores 2, full word coverage scores about 1. */
double chat_ref_score(const char *query, const char *title);

/* Indexes of the titles query names, best first, into out (at most max):
 * the best match plus every other within CHAT_REF_TIE of it, provided the
 * best scores at least CHAT_REF_MIN. Returns how many (0: nothing matches;
 * more than 1: ambiguous). */
size_t chat_ref_find(const char *query, const char *const *titles, size_t n, size_t *out,
                     size_t max);

#define CHAT_REF_MIN 0.6
#define CHAT_REF_TIE 0.15

#endif
