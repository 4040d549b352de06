// Where the browser host keeps the signed-in tab's session token (app::AuthenticationService::
// session_token): sessionStorage, through web/host_library_session_token.js. A reload of the tab reads it
// back and resumes the session (AuthenticationService::resume_session); closing the tab forgets it. The
// password is never kept anywhere; the database holds only the token's digest.
#pragma once

#include <string>
#include <string_view>

namespace platform {

// The token this tab kept, or "" if none (or storage is refused).
std::string load_session_token();
// Keeps `token`; "" forgets the kept one. Never throws (refused storage: it lasts for this page load).
void keep_session_token(std::string_view token);

} // namespace platform
