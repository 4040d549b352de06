// A table of the record browser as CSV (RFC 4180), for spreadsheets: the columns and rows the browser
// shows, with its sort and filter, every row rather than a page. Passwords appear as the browser shows
// them ("Argon2id" / "legacy plaintext"), never the stored hash. The lossless copy is the database export.
//
//     std::string csv = app::export_csv(records, request); // request: table, sort, filter (as the browser)
//     // "ID,Username,Email,Password\r\n1,peter,peter@example.com,Argon2id\r\n"
#pragma once

#include "app/record_query_service.h"

#include <string>
#include <string_view>
#include <vector>

namespace app {

// One field: quoted when it holds a comma, quote, CR or LF (quotes doubled). A text that a spreadsheet
// would run as a formula (starting with =, +, -, @, tab or CR) gets a leading apostrophe, OWASP's
// defence against CSV injection: a username like "=HYPERLINK(…)" stays text.
std::string csv_field(std::string_view text);

// One row as a spreadsheet takes it from the clipboard: fields separated by tabs, no line end. A field
// holding a tab, quote, CR or LF is quoted (quotes doubled), as Excel and LibreOffice paste it back.
// Unlike csv_field(), no apostrophe: the person copies the value to put it somewhere, not to open a file.
std::string tab_separated_line(const std::vector<std::string>& fields);

// The header line (column labels) and every matching row, CRLF line ends, UTF-8 without a byte-order
// mark. Throws what RecordQueryService::for_each_row throws.
std::string export_csv(RecordQueryService& records, const RecordRequest& request);

// "users.csv", "pet-handlers.csv", "pets.csv", "comments.csv", "contact-messages.csv".
std::string csv_file_name(RecordTable table);

} // namespace app
