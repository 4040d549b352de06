// The tutorial's Flask-SQLAlchemy calls and this ORM's C++ calls for what the forms do, as "Show the
// query" prints them above the SQL that ran (shown_query.h). Each mirrors its service's code: when a
// service changes how it queries, its text here changes with it (tests/app/shown_query_test.cpp runs
// both and compares the SQL).
//
//     app::tutorial::log_in("Peter").python;   // "user = User.query.filter_by(username='Peter').first()…"
#pragma once

#include "app/shown_query.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace app::tutorial {

std::string python_string(std::string_view text); // 'Peter', quoted as Python's repr() would, cut long
std::string cpp_string(std::string_view text);    // "Peter", quoted as a C++ literal, cut long

ShownQuery log_in(std::string_view identifier);
ShownQuery register_user(std::string_view username, std::string_view email);
ShownQuery send_contact_message(std::string_view name, std::string_view email, std::string_view subject);
ShownQuery create_handler(std::string_view name);
ShownQuery create_pet(std::int64_t handler_id, std::string_view name, std::string_view category);
ShownQuery move_pet(std::int64_t pet_id, std::int64_t handler_id);
ShownQuery add_comment(std::int64_t pet_id, std::string_view content);

} // namespace app::tutorial
