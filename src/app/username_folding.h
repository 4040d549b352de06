// When two usernames are the same name: compared after Unicode NFKC case folding (utf8proc), so "Peter",
// "PETER" and "peter" are one name, and so are "Straße" and "STRASSE", "ＰＥＴＥＲ" (full-width) and
// "peter", "Ǆ" and "ǆ". Registration, a username change, login and import all judge by fold_username().
//
//     app::fold_username("Straße") == app::fold_username("STRASSE")   // both "strasse"
//
// What is stored is the name as typed (trimmed); the folding only decides sameness.
#pragma once

#include <string>
#include <string_view>

namespace app {

// NFKC_Casefold(text) (Unicode 15, utf8proc 2.8). Text that is not valid UTF-8 (the rules refuse it before
// it gets here) folds as its ASCII-lowercased bytes, so the function never fails.
std::string fold_username(std::string_view text);

// True when every byte is ASCII: such a name folds as SQLite's built-in lower() lowers it, which is what
// lets an index on lower(username) find it.
bool is_ascii(std::string_view text);

} // namespace app
