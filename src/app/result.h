// What a service call that validates input returns: the stored value, or one message per field.
//
//     auto result = pets.create_handler("Ann");
//     if (result.ok()) show(result.value->handler_name);
//     else if (result.errors.handler_name) show_next_to_the_field(*result.errors.handler_name);
//
// `Errors` is a struct of std::optional<std::string>, one per field, with ok() true when none is set
// (FieldErrors in registration_rules.h is one). Messages are sentences a person can act on and never
// repeat what was typed.
#pragma once

#include <optional>
#include <utility>

namespace app {

template <class T, class Errors> struct Result {
    std::optional<T> value; // set exactly when the call succeeded
    Errors errors;          // all unset on success

    bool ok() const { return value.has_value(); }

    static Result success(T v) { return Result{std::move(v), Errors{}}; }
    static Result failure(Errors e) { return Result{std::nullopt, std::move(e)}; }
};

} // namespace app
