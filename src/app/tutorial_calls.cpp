#include "app/tutorial_calls.h"

#include "app/registration_rules.h"
#include "app/text_excerpt.h"
#include "app/username_folding.h"

namespace app::tutorial {

namespace {

std::string quoted(std::string_view text, char quote) {
    std::string out(1, quote);
    for (char c : excerpt(text, kMaxShownValueCharacters)) {
        if (c == quote || c == '\\') out += '\\';
        out += c;
    }
    return out + quote;
}

} // namespace

std::string python_string(std::string_view text) { return quoted(text, '\''); }
std::string cpp_string(std::string_view text) { return quoted(text, '"'); }

ShownQuery log_in(std::string_view identifier) {
    // find_user_by_username, then find_user_by_email (user_lookup.cpp).
    const std::string name = trim(identifier);
    const std::string key = fold_username(name);
    const std::string email = normalize_email(name);
    ShownQuery shown;
    shown.python = "# the tutorial's lookup:\n"
                   "user = User.query.filter_by(username=" + python_string(name) + ").first()\n"
                   "# this app's: the name compared case-folded (\"Peter\" is \"peter\"), else the email\n"
                   "user = User.query.filter(func.lower(User.username) == " + python_string(key) + ").first() \\\n"
                   "    or User.query.filter(func.lower(User.user_email) == " + python_string(email) + ").first()\n"
                   "ph.verify(user.user_password, password)  # argon2-cffi; the tutorial compares plaintext";
    shown.cpp = "orm::Session session(db);\n"
                "auto user = session.query<User>().filter(func::lower(&User::username) == " + cpp_string(key) + ").first();\n"
                "if (!user)\n"
                "    user = session.query<User>().filter(func::lower(&User::user_email) == " + cpp_string(email) + ").first();\n"
                "hasher.verify(user->user_password, password); // Argon2id, a step a frame";
    return shown;
}

ShownQuery register_user(std::string_view username, std::string_view email) {
    const std::string name = trim(username);
    const std::string address = normalize_email(email);
    ShownQuery shown;
    shown.python = "# is the name or the email taken? (case-folded, as at log in)\n"
                   "User.query.filter(func.lower(User.username) == " + python_string(fold_username(name)) + ").first()\n"
                   "User.query.filter(func.lower(User.user_email) == " + python_string(address) + ").first()\n"
                   "user = User(username=" + python_string(name) + ", user_email=" + python_string(address) + ",\n"
                   "            user_password=ph.hash(password))  # the tutorial stores it as typed\n"
                   "db.session.add(user)\n"
                   "db.session.commit()";
    shown.cpp = "orm::Session session(db);\n"
                "auto user = session.add(User{0, " + cpp_string(name) + ", " + cpp_string(address) +
                ", hash.phc()}); // Argon2id\n"
                "session.commit();";
    return shown;
}

ShownQuery send_contact_message(std::string_view name, std::string_view email, std::string_view subject) {
    ShownQuery shown;
    shown.python = "message = ContactMessage(name=" + python_string(trim(name)) + ", email=" + python_string(trim(email)) +
                   ",\n                         subject=" + python_string(trim(subject)) +
                   ", message=text, created_at=datetime.utcnow())\n"
                   "db.session.add(message)\n"
                   "db.session.commit()";
    shown.cpp = "orm::Session session(db);\n"
                "session.add(ContactMessage{0, " + cpp_string(trim(name)) + ", " + cpp_string(trim(email)) + ", " +
                cpp_string(trim(subject)) + ", text, orm::now()});\n"
                "session.commit();";
    return shown;
}

ShownQuery create_handler(std::string_view name) {
    ShownQuery shown;
    shown.python = "handler = PetHandler(handler_name=" + python_string(trim(name)) + ")\n"
                   "db.session.add(handler)\n"
                   "db.session.commit()";
    shown.cpp = "orm::Session session(db);\n"
                "auto handler = session.add(PetHandler{0, " + cpp_string(trim(name)) + "});\n"
                "session.commit();";
    return shown;
}

ShownQuery create_pet(std::int64_t handler_id, std::string_view name, std::string_view category) {
    const std::string id = std::to_string(handler_id);
    ShownQuery shown;
    shown.python = "handler = PetHandler.query.get(" + id + ")\n"
                   "pet = PetCategory(pet_name=" + python_string(trim(name)) + ", pet_category=" +
                   python_string(trim(category)) + ", pet_handler=handler)  # the backref\n"
                   "db.session.add(pet)\n"
                   "db.session.commit()";
    shown.cpp = "orm::Session session(db);\n"
                "auto handler = session.get<PetHandler>(" + id + ");\n"
                "auto pet = session.add(PetCategory{.pet_name = " + cpp_string(trim(name)) + ", .pet_category = " +
                cpp_string(trim(category)) + ", .pet_handler = handler}); // the backref\n"
                "session.commit(); // the flush sets handler_id";
    return shown;
}

ShownQuery move_pet(std::int64_t pet_id, std::int64_t handler_id) {
    const std::string pet = std::to_string(pet_id), handler = std::to_string(handler_id);
    ShownQuery shown;
    shown.python = "pet = PetCategory.query.get(" + pet + ")\n"
                   "pet.pet_handler = PetHandler.query.get(" + handler + ")  # the backref moves it between handlers\n"
                   "db.session.commit()";
    shown.cpp = "orm::Session session(db);\n"
                "auto pet = session.get<PetCategory>(" + pet + ");\n"
                "pet->pet_handler = session.get<PetHandler>(" + handler + "); // the backref moves it\n"
                "session.commit(); // the flush writes handler_id";
    return shown;
}

ShownQuery add_comment(std::int64_t pet_id, std::string_view content) {
    const std::string id = std::to_string(pet_id);
    ShownQuery shown;
    shown.python = "pet = PetCategory.query.get(" + id + ")\n"
                   "db.session.add(PetComment(comment_content=" + python_string(trim(content)) + ", pet=pet))\n"
                   "db.session.commit()";
    shown.cpp = "orm::Session session(db);\n"
                "auto pet = session.get<PetCategory>(" + id + ");\n"
                "session.add(PetComment{.comment_content = " + cpp_string(trim(content)) + ", .pet = pet});\n"
                "session.commit();";
    return shown;
}

} // namespace app::tutorial
