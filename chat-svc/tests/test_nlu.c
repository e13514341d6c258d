/* chat_nlu: intents and entities for phrasings people type, checked field by
 * field (the corpus checks the same end to end). */
#include <stdio.h>
#include <string.h>

#include "test_util.h"

#include "chat_nlu.h"
#include "timeutil.h"

static chat_date_ctx_t ctx(void)
{
    return test_ctx("Europe/Berlin");
}

typedef struct nlu_case {
    const char *msg;
    chat_intent_t intent;
    const char *title;    /* add / rename, or NULL = not checked */
    const char *ref_text; /* or NULL = not checked */
    int ref;              /* chat_ref_kind_t, -1 = not checked */
    int priority;         /* -1 = not checked */
    int has_due;          /* -1 = not checked */
} nlu_case_t;

static const nlu_case_t cases[] = {
    {"add buy milk", CHAT_ADD, "buy milk", NULL, -1, 0, 0},
    {"Remind me to call Mom tmrw at 5pm", CHAT_ADD, "call Mom", NULL, -1, 0, 1},
    {"I need to pay rent by friday", CHAT_ADD, "pay rent", NULL, -1, 0, 1},
    {"add review PR 42", CHAT_ADD, "review PR 42", NULL, -1, 0, 0},
    {"add \"meeting at 5 with Tom\"", CHAT_ADD, "meeting at 5 with Tom", NULL, -1, 0, 0},
    {"add fix the tap asap", CHAT_ADD, "fix the tap", NULL, -1, 3, 0},
    {"add organise photos, low priority", CHAT_ADD, "organise photos", NULL, -1, 1, 0},
    {"add call the bank p2", CHAT_ADD, "call the bank", NULL, -1, 2, 0},
    {"buy stamps", CHAT_ADD, "buy stamps", NULL, -1, 0, 0},
    {"dentist friday 3pm", CHAT_ADD, "dentist", NULL, -1, 0, 1},
    {"put eggs on my shopping list", CHAT_ADD, "eggs", NULL, -1, 0, 0},
    {"add", CHAT_ADD, NULL, NULL, -1, -1, -1},
    {"what's on my list?", CHAT_LIST, NULL, NULL, -1, -1, -1},
    {"anything overdue?", CHAT_LIST, NULL, NULL, -1, -1, -1},
    {"mark buy milk done", CHAT_COMPLETE, NULL, "buy milk", CHAT_REF_TEXT, -1, -1},
    {"the milk one is done", CHAT_COMPLETE, NULL, "milk", CHAT_REF_TEXT, -1, -1},
    {"mark the first one as done", CHAT_COMPLETE, NULL, NULL, CHAT_REF_POSITION, -1, -1},
    {"mark it done", CHAT_COMPLETE, NULL, NULL, CHAT_REF_RECENT, -1, -1},
    {"called mom", CHAT_COMPLETE, NULL, "mom", CHAT_REF_TEXT, -1, -1},
    {"cross milk off", CHAT_COMPLETE, NULL, "milk", CHAT_REF_TEXT, -1, -1},
    {"reopen buy milk", CHAT_REOPEN, NULL, "buy milk", CHAT_REF_TEXT, -1, -1},
    {"mark milk as not done", CHAT_REOPEN, NULL, "milk", CHAT_REF_TEXT, -1, -1},
    {"delete the milk one", CHAT_DELETE, NULL, "milk", CHAT_REF_TEXT, -1, -1},
    {"take milk off my list", CHAT_DELETE, NULL, "milk", CHAT_REF_TEXT, -1, -1},
    {"delete it", CHAT_DELETE, NULL, NULL, CHAT_REF_RECENT, -1, -1},
    {"delete everything", CHAT_DELETE, NULL, NULL, CHAT_REF_ALL, -1, -1},
    {"remove #2", CHAT_DELETE, NULL, NULL, CHAT_REF_POSITION, -1, -1},
    {"rename buy milk to buy oat milk", CHAT_UPDATE, "buy oat milk", "buy milk", CHAT_REF_TEXT, -1,
     -1},
    {"move the dentist to friday", CHAT_UPDATE, NULL, "dentist", CHAT_REF_TEXT, -1, 1},
    {"push it to next week", CHAT_UPDATE, NULL, NULL, CHAT_REF_RECENT, -1, 1},
    {"make the report urgent", CHAT_UPDATE, NULL, "report", CHAT_REF_TEXT, 3, -1},
    {"clear completed", CHAT_CLEAR, NULL, NULL, -1, -1, -1},
    {"undo", CHAT_UNDO, NULL, NULL, -1, -1, -1},
    {"yes please", CHAT_CONFIRM, NULL, NULL, -1, -1, -1},
    {"nope", CHAT_CANCEL, NULL, NULL, -1, -1, -1},
    {"what can you do?", CHAT_HELP, NULL, NULL, -1, -1, -1},
    {"hello!", CHAT_GREETING, NULL, NULL, -1, -1, -1},
    {"asdfgh", CHAT_UNKNOWN, NULL, NULL, -1, -1, -1},
    /* glosses (chat_lex_glosses): a particle of another language is gone
       from the name, a light verb from the command */
    {"tapos na the laundry", CHAT_COMPLETE, NULL, "laundry", CHAT_REF_TEXT, -1, -1},
    {"delete kar do the bike one", CHAT_DELETE, NULL, "bike", CHAT_REF_TEXT, -1, -1},
    {"make am high priority", CHAT_UPDATE, NULL, NULL, CHAT_REF_RECENT, 3, -1},
    {"aggiungi: buy panettone domani", CHAT_ADD, "buy panettone", NULL, -1, 0, 1},
    /* a particle dropped only where a clause ends ("-.") */
    {"levar o carro na oficina", CHAT_ADD, "levar o carro na oficina", NULL, -1, 0, 0},
    {"call the bank o, tomorrow", CHAT_ADD, "call the bank", NULL, -1, 0, 1},
    /* a short last clause of a noun subject and a past verb is a reason */
    {"delete buy milk, mum brought some", CHAT_DELETE, NULL, "buy milk", CHAT_REF_TEXT, -1, -1},
    {"remove Send CV to Andela abeg, the role don close", CHAT_DELETE, NULL, "Send CV to Andela",
     CHAT_REF_TEXT, -1, -1},
    /* an undo amid talk; "undo" with an object is no undo */
    {"wait no dont delete the dentist yet!! undo that", CHAT_UNDO, NULL, NULL, -1, -1, -1},
    {"actually no hold off, dont delete them", CHAT_CANCEL, NULL, NULL, -1, -1, -1},
    {"undo the knots in the fairy lights", CHAT_ADD, NULL, NULL, -1, -1, -1},
    /* a cancel then talk about what was asked; a correction is no cancel */
    {"mai mai, no keep them, trip is still on", CHAT_CANCEL, NULL, NULL, -1, -1, -1},
    {"no, add milk too", CHAT_ADD, "milk", NULL, -1, -1, -1},
    /* sums and conversions are off topic; weights are not currencies */
    {"whats 15% of 240? need to figure out the tip", CHAT_UNKNOWN, NULL, NULL, -1, -1, -1},
    {"how much is 1 dollar in egyptian pound today", CHAT_UNKNOWN, NULL, NULL, -1, -1, -1},
    {"buy 2 pounds of beef and 1 pound of chicken", CHAT_ADD, NULL, NULL, -1, -1, -1},
    {"complete list of my tasks pls", CHAT_LIST, NULL, NULL, -1, -1, -1},
    /* talk, then a closing change or command on "it" */
    {"not done with the pitch deck yet, push it to wednesday", CHAT_UPDATE, NULL, "pitch deck",
     CHAT_REF_TEXT, -1, 1},
    {"didnt get round to the car wash today, can u push it to tomorrow afternoon", CHAT_UPDATE,
     NULL, "car wash", CHAT_REF_TEXT, -1, 1},
    {"jen cancelled dinner, just delete it", CHAT_DELETE, NULL, NULL, CHAT_REF_TEXT, -1, -1},
    {"dont delete the dentist one, might still go. just move it to thursday same time", CHAT_UPDATE,
     NULL, "dentist", CHAT_REF_TEXT, -1, 1},
    {"dont delete the dentist one yet lol, just move it to next tuesday", CHAT_UPDATE, NULL,
     "dentist", CHAT_REF_TEXT, -1, 1},
    /* a greeting clause first; the rest read on its own */
    {"grand, i rang nana this morning", CHAT_COMPLETE, NULL, NULL, CHAT_REF_TEXT, -1, -1},
    /* a title that opens with a delete verb, said to be done, is done */
    {"cancel gym membership is done, finally free", CHAT_COMPLETE, NULL, "cancel gym membership",
     CHAT_REF_TEXT, -1, -1},
    {"water bill paid through app", CHAT_COMPLETE, NULL, "water bill", CHAT_REF_TEXT, -1, -1},
    {"yep, fresh start", CHAT_CONFIRM, NULL, NULL, -1, -1, -1},
    {"can u do 12 x 14 for me, trying to finish the maths homework", CHAT_UNKNOWN, NULL, NULL, -1,
     -1, -1},
    {"what you can do?", CHAT_HELP, NULL, NULL, -1, -1, -1},
    {"what can you all do?", CHAT_HELP, NULL, NULL, -1, -1, -1},
    {"how this thing dey work sef?", CHAT_HELP, NULL, NULL, -1, -1, -1},
    /* a laugh ends a title; talk after it is no part of it */
    {"add delete old photos off my phone lol storage is full", CHAT_ADD,
     "delete old photos off my phone", NULL, -1, -1, -1},
    /* a closing request to add, with the date it gives or talk after it */
    {"book the train to boston, add it for tomorrow 8am", CHAT_ADD, "book the train to boston",
     NULL, -1, -1, 1},
    {"driving lesson sat at half 10 pls add, praying i dont stall again", CHAT_ADD,
     "driving lesson", NULL, -1, -1, 1},
    {"tonight i go wash clothes, abeg add am", CHAT_ADD, "wash clothes", NULL, -1, -1, 1},
    /* a closing clause that asks for all of a tag's todos to go, or to add */
    {"quit my job today, delete all my todos tagged work", CHAT_DELETE, NULL, NULL, CHAT_REF_ALL,
     -1, -1},
    {"home in osaka for a bit, add buy a rail pass on sunday", CHAT_ADD, "buy a rail pass", NULL,
     -1, -1, 1},
    {"milk and eggs, add bread", CHAT_ADD, "milk and eggs, add bread", NULL, -1, -1, 0},
    /* review mends: answers stay answers, a question on time stays one */
    {"noo", CHAT_CANCEL, NULL, NULL, -1, -1, -1},
    {"ye", CHAT_CONFIRM, NULL, NULL, -1, -1, -1},
    {"how long do i have to finish the report", CHAT_LIST, NULL, NULL, -1, -1, -1},
    /* after a delete that ends on its list, talk */
    {"take the haircut off the list, noah wants to grow it out now", CHAT_DELETE, NULL, "haircut",
     CHAT_REF_TEXT, -1, -1},
    /* a priority corrected; help asked before talk; a yes with "can" */
    {"carpool drop off should be low pri.. actually medium", CHAT_UPDATE, NULL, NULL, -1, 2, -1},
    {"what can u do? wife set this up for me and i have no idea", CHAT_HELP, NULL, NULL, -1, -1,
     -1},
    {"yes, can delete", CHAT_CONFIRM, NULL, NULL, -1, -1, -1},
    /* a clear asked after talk; a tag as typed */
    {"list too long, clean up the finished ones", CHAT_CLEAR, NULL, NULL, -1, -1, -1},
    /* a label after talk; Scots */
    {"its a pigsty in there, new one - clear out the ute tray", CHAT_ADD, "clear out the ute tray",
     NULL, -1, -1, 0},
    {"remind me tae phone the bank the morn", CHAT_ADD, "phone the bank", NULL, -1, -1, 1},
    /* "before" with a subject of its own says why */
    {"add remove moss from the front path before someone slips", CHAT_ADD,
     "remove moss from the front path", NULL, -1, -1, 0},
    /* news, then a closing clause that adds */
    {"school just called, so put down parent teacher meeting on thursday at 4", CHAT_ADD,
     "parent teacher meeting", NULL, -1, -1, 1},
    {"the kids are finally asleep, now put pack the lunches for tomorrow", CHAT_ADD,
     "pack the lunches", NULL, -1, -1, 1},
    /* "I must to", "X, it's due monday", "take it off from the list", trivia */
    {"in a fortnight I must to pay the quota", CHAT_ADD, "pay the quota", NULL, -1, -1, 1},
    {"the meeting with Rossi is cancelled, take it off from the list", CHAT_DELETE, NULL,
     "meeting with Rossi", CHAT_REF_TEXT, -1, -1},
    {"who designed the Pirelli tower?", CHAT_UNKNOWN, NULL, NULL, -1, -1, -1},
    /* news before a todo's new date names no todo */
    {"Barbara just called, the HOA meeting got moved to wednesday", CHAT_UPDATE, NULL,
     "HOA meeting", CHAT_REF_TEXT, -1, 1},
    {"driving lesson's been pushed to next tues", CHAT_UPDATE, NULL, "driving lesson's",
     CHAT_REF_TEXT, -1, 1},
    /* how a period looks is a list; how life is, a greeting */
    {"how's next week looking", CHAT_LIST, NULL, NULL, -1, -1, -1},
    {"hows things", CHAT_GREETING, NULL, NULL, -1, -1, -1},
    {"yes dear, go right ahead", CHAT_CONFIRM, NULL, NULL, -1, -1, -1},
    /* a share of a number is a sum; "by 20%" is no hour */
    {"whats 15% off 240? need it for the discount sign", CHAT_UNKNOWN, NULL, NULL, -1, -1, -1},
    {"add mark down the xmas stock by 20% tomorrow", CHAT_ADD, "mark down the xmas stock by 20%",
     NULL, -1, -1, 1},
    {"buy 2% milk", CHAT_ADD, "buy 2% milk", NULL, -1, -1, 0},
    {"remind me to call mama tomorrow morning sharp sharp", CHAT_ADD, "call mama", NULL, -1, -1, 1},
    /* polite wrappers, and sentences of talk after the one that asks */
    {"Would you be a dear and add pick up my prescription to my list?", CHAT_ADD,
     "pick up my prescription", NULL, -1, -1, 0},
    {"remind me at 9:30 to call the pharmacy, if you'd be so kind", CHAT_ADD, "call the pharmacy",
     NULL, -1, -1, 1},
    {"add get the car inspected, high priority please. Harold always took care of the car stuff",
     CHAT_ADD, "get the car inspected", NULL, -1, 3, 0},
    {"email Dr. Patel about the blood work", CHAT_ADD, "email Dr. Patel about the blood work", NULL,
     -1, -1, 0},
    {"the car inspection is done!! passed with flying colors", CHAT_COMPLETE, NULL, NULL, -1, -1,
     -1},
    /* after the title and its date, a subject or "because" opens talk */
    {"call mum at 9am tomorrow she worries lol", CHAT_ADD, "call mum", NULL, -1, -1, 1},
    {"revise chem paper 2 tmrw morning bc the mock is on monday", CHAT_ADD, "revise chem paper 2",
     NULL, -1, -1, 1},
    /* round 108: a day's bare hour before a task; talk after an emoji; a
       later sentence or clause that asks to add after talk */
    {"every monday 8 wash the bike #bike", CHAT_ADD, "wash the bike", NULL, -1, -1, 1},
    {"tonight change tube on back wheel \xF0\x9F\x99\x84 got flat again", CHAT_ADD,
     "change tube on back wheel", NULL, -1, -1, 1},
    {"my sister and i are doing the trip, i'm up because i can't sleep. please add book the "
     "ferry to Picton tomorrow",
     CHAT_ADD, "book the ferry to Picton", NULL, -1, -1, 1},
    {"in london visiting mum but still gotta transfer the staff wages tonight", CHAT_ADD,
     "transfer the staff wages", NULL, -1, -1, 1},
    {"in cdmx for a workshop, need to confirm the hotel reservation by noon", CHAT_ADD,
     "confirm the hotel reservation", NULL, -1, -1, 1},
    {"i missed the pharmacy today, my knees said no. collect my chronic meds at 4", CHAT_ADD,
     "collect my chronic meds", NULL, -1, -1, 1},
    {"new one for the list: buy bread", CHAT_ADD, "buy bread", NULL, -1, -1, 0},
    {"car inspection in a fortnight, add it", CHAT_ADD, "car inspection", NULL, -1, -1, 1},
    {"whats the weather in cairo tomorrow? need to know if i take a jacket", CHAT_UNKNOWN, NULL,
     NULL, -1, -1, -1},
    /* round 109: "take X off" before talk deletes X (it had completed it);
       talk after a bulk delete, a reopen, or a done "it"; a tag "ta"; "yes 100%" */
    {"take the beach one off, the kids are sick so that's off for now", CHAT_DELETE, NULL, "beach",
     CHAT_REF_TEXT, -1, -1},
    {"party at Lukas is off, take it away from list", CHAT_DELETE, NULL, "party at Lukas",
     CHAT_REF_TEXT, -1, -1},
    {"take the party away from my list", CHAT_DELETE, NULL, "party", CHAT_REF_TEXT, -1, -1},
    {"delete everything tagged ta", CHAT_DELETE, NULL, "#ta", CHAT_REF_ALL, -1, -1},
    {"delete everything tagged work, quit the job", CHAT_DELETE, NULL, "#work", CHAT_REF_ALL, -1,
     -1},
    {"wipe my whole list, starting fresh for the new year", CHAT_DELETE, NULL, NULL, CHAT_REF_ALL,
     -1, -1},
    {"yes 100%", CHAT_CONFIRM, NULL, NULL, -1, -1, -1},
    {"unmark wash bike, rain made it dirty again lol", CHAT_REOPEN, NULL, "wash bike",
     CHAT_REF_TEXT, -1, -1},
    {"yeah i did actually, tick it", CHAT_COMPLETE, NULL, NULL, CHAT_REF_RECENT, -1, -1},
    {"ok mark it done then, priya did it last night", CHAT_COMPLETE, NULL, NULL, CHAT_REF_RECENT,
     -1, -1},
    {"ag sorry make it 11 instead, i have my walk at 10", CHAT_UPDATE, NULL, NULL, CHAT_REF_RECENT,
     -1, 1},
    /* round 111: "nothing urgent" is low (it had set high); an item with a
       date is no talk before "need to"; talk opened by "visiting", "on"; a
       question after talk; a rename's new name without its talk; Singlish */
    {"Add a todo: order new toner for the office printer. Low priority, nothing urgent.", CHAT_ADD,
     "order new toner for the office printer", NULL, -1, 1, 0},
    {"yearbook photo day monday 7:45am, need to look presentable for once lol", CHAT_ADD,
     "yearbook photo day", NULL, -1, -1, 1},
    {"visiting my sister this wknd but remind me tonight to upload the permission slips", CHAT_ADD,
     "upload the permission slips", NULL, -1, -1, 1},
    {"on vacation in maui but dont let me forget to reply to Ms. Ortiz today at 4", CHAT_ADD,
     "reply to Ms. Ortiz", NULL, -1, -1, 1},
    {"on the sydney exchange this week, whats due tomorrow?", CHAT_LIST, NULL, NULL, -1, -1, -1},
    {"rename buy milk to buy oat milk, lactose intolerant le", CHAT_UPDATE, "buy oat milk",
     "buy milk", CHAT_REF_TEXT, -1, -1},
    {"high prio ones pls", CHAT_LIST, NULL, NULL, -1, -1, -1},
    {"kelvin PR reviewed, can cross out", CHAT_COMPLETE, NULL, NULL, CHAT_REF_TEXT, -1, -1},
    {"what can u do one?", CHAT_HELP, NULL, NULL, -1, -1, -1},
    {"Have I anything due on Monday?", CHAT_LIST, NULL, NULL, -1, -1, -1},
    {"yes, I'm quite sure", CHAT_CONFIRM, NULL, NULL, -1, -1, -1},
    /* round 112: news by any past verb before its object; talk after a
       title told by its verb ("moves", "keeps") or "now that" */
    {"swapped the shower head in unit 2", CHAT_COMPLETE, NULL, "shower head in unit 2",
     CHAT_REF_TEXT, -1, -1},
    {"bled the radiators in unit 1, tenant says it's toasty now", CHAT_COMPLETE, NULL, NULL,
     CHAT_REF_TEXT, -1, -1},
    {"add finish painting the bedroom, new tenant moves in mid december", CHAT_ADD,
     "finish painting the bedroom", NULL, -1, -1, 0},
    {"add delete the old ad for unit 2 now that it's rented", CHAT_ADD,
     "delete the old ad for unit 2", NULL, -1, -1, 0},
    {"add mark unit numbers on the mailboxes, the post guy keeps mixing them up", CHAT_ADD,
     "mark unit numbers on the mailboxes", NULL, -1, -1, 0},
    /* round 113: an explicit add before news words adds (it had completed
       "Pay credit card bill"); talk before "remind me to" with no comma */
    {"add: check if credit card bill got paid", CHAT_ADD, "check if credit card bill got paid",
     NULL, -1, -1, 0},
    {"at my moms in atlanta rn remind me to pack the kids chargers tonight", CHAT_ADD,
     "pack the kids chargers", NULL, -1, -1, 1},
    {"hubby and i are in tokyo for his work thing remind me to facetime the kids monday at 8am",
     CHAT_ADD, "facetime the kids", NULL, -1, -1, 1},
    {"every morning at 7 remind me to walk the dog", CHAT_ADD, "walk the dog", NULL, -1, -1, 1},
    /* round 114: British and student wordings; "marked X done but its not" */
    {"show us my list", CHAT_LIST, NULL, NULL, -1, -1, -1},
    {"finish lab report tonight ffs", CHAT_ADD, "finish lab report", NULL, -1, -1, 1},
    {"oops i marked the schedule one done but its not, still waiting on maria", CHAT_REOPEN, NULL,
     "schedule", CHAT_REF_TEXT, -1, -1},
    /* review mend: items before "need to" stay items; "new one for mum" is
       no add command; "take X off, and Y too" */
    {"new tyres for the car, so we need to book the garage", CHAT_ADD, "new tyres for the car",
     NULL, -1, -1, -1},
    {"new one for the list: buy bread", CHAT_ADD, "buy bread", NULL, -1, -1, 0},
    /* round 115: a completion word that is also a task, with a date to
       come, adds (it had completed "fix staging deploy script") */
    {"check the staging deploy this afternoon", CHAT_ADD, "check the staging deploy", NULL, -1, -1,
     1},
    /* round 117: formal Indian English */
    {"Respected sir/madam, kindly add a task to send the NEFT statement on Monday", CHAT_ADD,
     "send the NEFT statement", NULL, -1, -1, 1},
    {"Tasks due on 10/12 pls", CHAT_LIST, NULL, NULL, -1, -1, -1},
    /* round 118 (after the last pair): a name title's full stop ends no
       clause; "of 6A" is a class; polite undo, yes and how-to */
    {"remind me to call Dr. Patel's office at 2", CHAT_ADD, "call Dr. Patel's office", NULL, -1, -1,
     1},
    {"add check homework copies of 6A", CHAT_ADD, "check homework copies of 6A", NULL, -1, -1, 0},
    {"sorry that was a mistake, kindly undo the last change", CHAT_UNDO, NULL, NULL, -1, -1, -1},
    {"yes sure, do the needful", CHAT_CONFIRM, NULL, NULL, -1, -1, -1},
    {"how do i add a task with a date and time? kindly guide", CHAT_HELP, NULL, NULL, -1, -1, -1},
    {"gotta remove the christmas lights from storage this weekend", CHAT_ADD,
     "remove the christmas lights from storage", NULL, -1, -1, 1}, /* round 119: no delete */
    /* round 120: formal wrappers */
    {"Would you be so good as to add 'renew my passport'", CHAT_ADD, "renew my passport", NULL, -1,
     -1, 0},
    {"be kind enough to add pick up the dry cleaning on monday", CHAT_ADD,
     "pick up the dry cleaning", NULL, -1, -1, 1},
    {"Would you mind terribly adding a reminder to water the plants", CHAT_ADD, "water the plants",
     NULL, -1, -1, 0},
    {"I wonder if you could put down that I must ring the surgery", CHAT_ADD, "ring the surgery",
     NULL, -1, -1, 0},
    {"Might I ask you to note down collect the prescription", CHAT_ADD, "collect the prescription",
     NULL, -1, -1, 0},
    /* round 122: "rename it to 'X'" is the recent todo; "could I ask you to" */
    {"Would you rename it to 'clear the boxes'?", CHAT_UPDATE, "clear the boxes", NULL, 3, -1, -1},
    {"could i ask you to add milk", CHAT_ADD, "milk", NULL, -1, -1, 0},
    {"Could I ask you to remind me to take the chicken out of the freezer tonight at nine?",
     CHAT_ADD, "take the chicken out of the freezer", NULL, -1, -1, 1},
    /* round 124 (fp): a name one letter from "tunes" is no music request; a
       "wait" before an undo; Irish yes; help after "first time"; "one more —" */
    {"push Tunde's call to 7pm", CHAT_UPDATE, NULL, "Tunde's call", 1, -1, 1},
    {"wait wait, bring it back", CHAT_UNDO, NULL, NULL, -1, -1, -1},
    {"yep, sound", CHAT_CONFIRM, NULL, NULL, -1, -1, -1},
    {"first time using this yoke, what kind of things can i type?", CHAT_HELP, NULL, NULL, -1, -1,
     -1},
    {"and one more \xE2\x80\x94 wash the car tomorrow", CHAT_ADD, "wash the car", NULL, -1, -1, 1},
    /* round 126 (fr, fs, tg): requests after the item; news told as past */
    {"I need to pay Gloria's UIF by the end of the month, can you remind me", CHAT_ADD,
     "pay Gloria's UIF", NULL, -1, -1, 1},
    {"clean out the gutters a week from tmrw, throw it on the list", CHAT_ADD,
     "clean out the gutters", NULL, -1, -1, 1},
    {"need a reminder to swap the toner tmrw 10am", CHAT_ADD, "swap the toner", NULL, -1, -1, 1},
    {"clean up the checked off junk, list's a mess", CHAT_CLEAR, NULL, NULL, -1, -1, -1},
    {"can u do recurring stuff or no", CHAT_HELP, NULL, NULL, -1, -1, -1},
    {"put the heating back on, it's freezing", CHAT_ADD, NULL, NULL, -1, -1, -1}, /* round 129 */
    {"Karim signed his contract this morning", CHAT_UNKNOWN, NULL, NULL, -1, -1, -1},
    /* round 130 (fw): a request sentence after the item; a question is no move */
    {"I have to pay the electric bill today. Could you add that so I don't forget?", CHAT_ADD,
     "pay the electric bill", NULL, -1, -1, 1},
    {"I need to register for the MPRE. Would you keep track of that for me?", CHAT_ADD,
     "register for the MPRE", NULL, -1, -1, 0},
    {"is anything due friday?", CHAT_LIST, NULL, NULL, -1, -1, -1},
    /* round 133 (fn, fo, after the last pair was scored): "tag the X one Y";
       talk after a new title */
    {"tag the flour one bakery", CHAT_UPDATE, NULL, NULL, 1, -1, -1},
    {"rename buy milk to buy oat milk, the regular stuff makes me sick", CHAT_UPDATE,
     "buy oat milk", "buy milk", 1, -1, -1},
    /* round 137 (tj): a plan told in passing changes nothing */
    {"we'll probably delete the Garza boarding todo once they confirm", CHAT_UNKNOWN, NULL, NULL,
     -1, -1, -1},
    {"maybe I'll bump the Roxy refill to high priority tomorrow", CHAT_UNKNOWN, NULL, NULL, -1, -1,
     -1},
    {"ok so I'm thinking of cancelling the Roxy refill", CHAT_UNKNOWN, NULL, NULL, -1, -1, -1},
    {"probably going to push the Kauri Rd inspection to next week", CHAT_UNKNOWN, NULL, NULL, -1,
     -1, -1}, /* round 138 (tk) */
    {"maybe i delete the roxy one... no, just make it low priority", CHAT_UPDATE, NULL, NULL, 1, -1,
     -1},
    {"not tomorrow, sunday", CHAT_UPDATE, NULL, NULL, -1, -1, 1}, /* every word read: no reminder */
    /* round 151 (fz, after the last pair was scored): "!!!" raises no todo's priority */
    {"finished my physics assignment finallyyy!!!", CHAT_COMPLETE, NULL, NULL, 1, 0, -1},
    {"call the bank!!!", CHAT_ADD, "call the bank", NULL, -1, 3, -1},
    /* round 149 (gg): a reminder asked for as a question is an add */
    {"Could I have a reminder to water the tomatoes every day at 7am please", CHAT_ADD,
     "water the tomatoes", NULL, -1, -1, 1},
    {"can i get a reminder to call mum tomorrow", CHAT_ADD, "call mum", NULL, -1, -1, 1},
    {"can i set reminders?", CHAT_HELP, NULL, NULL, -1, -1, -1},
    /* round 142 (review): a plan taken back, or worded otherwise, still changes nothing */
    {"I'll probably delete the gym one, actually no keep it", CHAT_UNKNOWN, NULL, NULL, -1, -1, -1},
    {"honestly i might just delete the gym one", CHAT_UNKNOWN, NULL, NULL, -1, -1, -1},
    {"lol we'll prob move the gym to monday", CHAT_UNKNOWN, NULL, NULL, -1, -1, -1},
    {"might move gym to sat", CHAT_UNKNOWN, NULL, NULL, -1, -1, -1},
    {"I'm thinking of moving house, add find estate agent", CHAT_ADD, "find estate agent", NULL, -1,
     -1, -1}, /* round 148: a request after a plan is read */
    /* round 141 (gg): help asked at length, a greeting, a clear of "jobs" */
    {"Good afternoon. I'm new to this, could you tell me what you can do?", CHAT_HELP, NULL, NULL,
     -1, -1, -1},
    {"How do I put in something with a date on it? My granddaughter set this up for me", CHAT_HELP,
     NULL, NULL, -1, -1, -1},
    {"Hello there, how are you keeping?", CHAT_GREETING, NULL, NULL, -1, -1, -1},
    {"Please clear away all the jobs I've finished", CHAT_CLEAR, NULL, NULL, -1, -1, -1},
    /* round 139 (tk): off-topic words are those words exactly ("timber" is no "timer") */
    {"strike the 18 Kauri Rd timber", CHAT_COMPLETE, NULL, "18 Kauri Rd timber", -1, -1, -1},
    {"set a timer for 10 minutes", CHAT_UNKNOWN, NULL, NULL, -1, -1, -1},
    /* round 136 (tj): a thanks of another language is that word exactly */
    {"email the Garcias", CHAT_ADD, "email the Garcias", NULL, -1, -1, -1},
    {"tick off Daisy's history to the Garcias", CHAT_COMPLETE, NULL,
     "Daisy's history to the Garcias", -1, -1, -1},
    {"\xF0\x9F\x99\x82\xF0\x9F\x99\x82", CHAT_UNKNOWN, NULL, NULL, -1, -1, -1},
    {"\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7", CHAT_UNKNOWN, NULL, NULL, -1, -1, -1},
};

static void test_table(void **state)
{
    (void)state;
    chat_date_ctx_t c = ctx();
    int failures = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const nlu_case_t *k = &cases[i];
        ProtobufCAllocator m = test_mem();
        chat_nlu_t o;
        chat_nlu_parse(k->msg, strlen(k->msg), &c, &m, &o);
        const char *why = NULL;
        if (o.intent != k->intent)
            why = "intent";
        else if (k->title && (!o.title || strcmp(o.title, k->title)))
            why = "title";
        else if (k->ref_text && (!o.ref_text || strcmp(o.ref_text, k->ref_text)))
            why = "ref_text";
        else if (k->ref >= 0 && (int)o.ref != k->ref)
            why = "ref kind";
        else if (k->priority >= 0 && o.priority != k->priority)
            why = "priority";
        else if (k->has_due >= 0 && o.has_due != (k->has_due == 1))
            why = "due";
        if (why) {
            printf("\"%s\": %s wrong (intent %s, title [%s], ref %d [%s], prio %d, due %d)\n",
                   k->msg, why, chat_intent_name(o.intent), o.title ? o.title : "", o.ref,
                   o.ref_text ? o.ref_text : "", o.priority, o.has_due);
            failures++;
        }
        test_mem_done(&m);
    }
    assert_int_equal(failures, 0);
}

static void test_list_filters(void **state)
{
    (void)state;
    chat_date_ctx_t c = ctx();
    ProtobufCAllocator m = test_mem();
    chat_nlu_t o;
    const char *s = "show completed #work todos";
    chat_nlu_parse(s, strlen(s), &c, &m, &o);
    assert_int_equal(o.intent, CHAT_LIST);
    assert_int_equal(o.status, 2);
    assert_int_equal(o.n_tags, 1);
    assert_string_equal(o.tags[0], "work");
    s = "add file the expense report, tag it hr"; /* a tag as typed, no "hour" */
    chat_nlu_parse(s, strlen(s), &c, &m, &o);
    assert_int_equal(o.n_tags, 1);
    assert_string_equal(o.tags[0], "hr");
    s = "add buy paint tags work+home"; /* each tag its own token's text */
    chat_nlu_parse(s, strlen(s), &c, &m, &o);
    assert_int_equal(o.n_tags, 2);
    assert_string_equal(o.tags[0], "work");
    assert_string_equal(o.tags[1], "home");
    s = "Kindly tell me which tasks are overdue"; /* round 117 */
    chat_nlu_parse(s, strlen(s), &c, &m, &o);
    assert_int_equal(o.intent, CHAT_LIST);
    assert_int_equal(o.when, CHAT_WHEN_OVERDUE);
    s = "can i see everything tagged #uni"; /* round 114: not all todos */
    chat_nlu_parse(s, strlen(s), &c, &m, &o);
    assert_int_equal(o.intent, CHAT_LIST);
    assert_int_equal(o.n_tags, 1);
    assert_string_equal(o.tags[0], "uni");
    s = "what's due tomorrow?";
    chat_nlu_parse(s, strlen(s), &c, &m, &o);
    assert_int_equal(o.when, CHAT_WHEN_RANGE);
    assert_int_equal(o.to - o.from, 86400);
    /* round 110: talk after a closed list question narrows nothing */
    s = "show me everything tagged garden please, the chaps are coming on monday";
    chat_nlu_parse(s, strlen(s), &c, &m, &o);
    assert_int_equal(o.intent, CHAT_LIST);
    assert_int_equal(o.when, CHAT_WHEN_ANY);
    assert_null(o.query);
    assert_int_equal(o.n_tags, 1);
    assert_string_equal(o.tags[0], "garden");
    s = "dentist wednesday 11, remind me day before pls"; /* a unit without "a" */
    chat_nlu_parse(s, strlen(s), &c, &m, &o);
    assert_string_equal(o.title, "dentist");
    assert_int_equal(o.remind_before, 1440);
    s = "is milk on my list?";
    chat_nlu_parse(s, strlen(s), &c, &m, &o);
    assert_int_equal(o.intent, CHAT_LIST);
    assert_string_equal(o.query, "milk");
    assert_true(o.question);
    s = "what's due before friday?"; /* a deadline: everything until Friday starts */
    chat_nlu_parse(s, strlen(s), &c, &m, &o);
    assert_int_equal(o.when, CHAT_WHEN_RANGE);
    assert_true(o.from < c.now);
    assert_int_equal(o.to, 1796338800); /* 2026-12-04T00:00 in Berlin */
    s = "anything due soon?";
    chat_nlu_parse(s, strlen(s), &c, &m, &o);
    assert_int_equal(o.when, CHAT_WHEN_RANGE);
    assert_int_equal(o.to - o.from, 7 * 86400);
    s = "rename gym -> gym (cardio)";
    chat_nlu_parse(s, strlen(s), &c, &m, &o);
    assert_int_equal(o.intent, CHAT_UPDATE);
    assert_string_equal(o.title, "gym (cardio)");
    assert_string_equal(o.ref_text, "gym");
    s = "which todos have no due date";
    chat_nlu_parse(s, strlen(s), &c, &m, &o);
    assert_int_equal(o.when, CHAT_WHEN_NODATE);
    test_mem_done(&m);
}

/* Any bytes at all: never a crash, and a long run-on is not a command. */
static void test_bad_input(void **state)
{
    (void)state;
    chat_date_ctx_t c = ctx();
    ProtobufCAllocator m = test_mem();
    chat_nlu_t o;
    char runon[2001];
    for (size_t i = 0; i < 2000; i++)
        runon[i] = "blah and then "[i % 14];
    runon[2000] = '\0';
    chat_nlu_parse(runon, 2000, &c, &m, &o);
    assert_int_equal(o.intent, CHAT_UNKNOWN);
    unsigned char bin[300];
    for (size_t i = 0; i < sizeof bin; i++)
        bin[i] = (unsigned char)(i * 131 + 7);
    chat_nlu_parse((const char *)bin, sizeof bin, &c, &m, &o);
    assert_true(o.intent >= CHAT_UNKNOWN && o.intent < CHAT_INTENT_COUNT);
    chat_nlu_parse("\0\0\0", 3, &c, &m, &o);
    assert_int_equal(o.intent, CHAT_UNKNOWN);
    /* cut short where a rule looks one word further (each once crashed) */
    static const char *const cut[] = {
        "change milk to",  "update dentist to", "for", "on", "complete 'grocery run' and '",
        "drop the x todo,"};
    for (size_t i = 0; i < sizeof cut / sizeof *cut; i++) {
        chat_nlu_parse(cut[i], strlen(cut[i]), &c, &m, &o);
        assert_true(o.intent >= CHAT_UNKNOWN && o.intent < CHAT_INTENT_COUNT);
    }
    test_mem_done(&m);
}

static void test_intent_names(void **state)
{
    (void)state;
    const char *want[] = {"unknown",     "add_todo",    "list_todos",  "complete_todo",
                          "reopen_todo", "delete_todo", "update_todo", "clear_completed",
                          "undo",        "confirm",     "cancel",      "help",
                          "greeting"};
    for (int i = 0; i < CHAT_INTENT_COUNT; i++)
        assert_string_equal(chat_intent_name(i), want[i]);
    assert_string_equal(chat_intent_name(99), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_list_filters),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_intent_names),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    chat_tz_cache_clear();
    return rc;
}
