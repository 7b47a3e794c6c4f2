/*
 * test_stem.c - the light English stemmer: inflections stripped,
 * exceptions and short words kept.
 */
#include "check.h"
#include "extract/stem.h"

#include <string.h>

static char out[256];

static const char *stem(const char *w) {
    size_t n = vm_stem_en(w, strlen(w), out);
    if (strlen(out) != n) return "(length mismatch)";
    return out;
}

int main(void) {
    /* plurals */
    CHECK_STR(stem("services"), "service");
    CHECK_STR(stem("batteries"), "battery");
    CHECK_STR(stem("boxes"), "box");
    CHECK_STR(stem("watches"), "watch");
    CHECK_STR(stem("headaches"), "headache");
    CHECK_STR(stem("classes"), "class");
    CHECK_STR(stem("ties"), "tie");
    CHECK_STR(stem("customer's"), "customer");
    CHECK_STR(stem("customer\xE2\x80\x99s"), "customer");
    /* not plurals */
    CHECK_STR(stem("service"), "service");
    CHECK_STR(stem("glass"), "glass");
    CHECK_STR(stem("status"), "status");
    CHECK_STR(stem("analysis"), "analysis");
    CHECK_STR(stem("news"), "news");
    CHECK_STR(stem("this"), "this");
    CHECK_STR(stem("was"), "was");
    CHECK_STR(stem("always"), "always");
    /* -ing and -ed */
    CHECK_STR(stem("running"), "run");
    CHECK_STR(stem("stopped"), "stop");
    CHECK_STR(stem("falling"), "fall");
    CHECK_STR(stem("rated"), "rate");
    CHECK_STR(stem("hoping"), "hope");
    CHECK_STR(stem("loved"), "love");
    CHECK_STR(stem("cooked"), "cook");
    CHECK_STR(stem("delivered"), "deliver");
    CHECK_STR(stem("agreed"), "agreed");
    CHECK_STR(stem("thing"), "thing");
    CHECK_STR(stem("bring"), "bring");
    CHECK_STR(stem("morning"), "morning");
    CHECK_STR(stem("going"), "going");
    CHECK_STR(stem("need"), "need");
    /* -ly */
    CHECK_STR(stem("quickly"), "quick");
    CHECK_STR(stem("easily"), "easy");
    CHECK_STR(stem("really"), "real");
    CHECK_STR(stem("only"), "only");
    CHECK_STR(stem("family"), "family");
    CHECK_STR(stem("probably"), "probably");
    CHECK_STR(stem("simply"), "simply");
    /* left alone */
    CHECK_STR(stem("don't"), "don't");
    CHECK_STR(stem("5g"), "5g");
    CHECK_STR(stem("Services"), "Services");
    CHECK_STR(stem("caf\xC3\xA9s"), "caf\xC3\xA9s");
    CHECK_STR(stem("it\xE2\x80\x99s"), "it");
    CHECK_STR(stem(""), "");
    return check_done();
}
