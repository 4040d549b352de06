#include "ui/accessibility_json.h"

#include "ui/json_string.h"

#include <cstdio>

namespace ui {
namespace {

void append_field(std::string& out, const char* key, std::string_view text) {
    if (text.empty()) return;
    out += ",\"";
    out += key;
    out += "\":";
    append_json_string(out, text);
}

void append_number(std::string& out, const char* key, long long number) {
    if (number == 0) return;
    out += ",\"";
    out += key;
    out += "\":";
    out += std::to_string(number);
}

int state_bits(const AccessibleNode& n) {
    return (n.selected ? 1 : 0) | (n.checked ? 2 : 0) | (n.disabled ? 4 : 0) | (n.invalid ? 8 : 0) |
           (n.password ? 16 : 0) | (n.multiline ? 32 : 0) | (n.expanded ? 64 : 0) | (n.focused ? 128 : 0) |
           (n.submits ? 256 : 0) | (n.in_place ? 512 : 0);
}

} // namespace

const char* role_name(AccessibleRole role) {
    switch (role) {
    case AccessibleRole::Button: return "button";
    case AccessibleRole::Link: return "link";
    case AccessibleRole::Tab: return "tab";
    case AccessibleRole::TabList: return "tablist";
    case AccessibleRole::Checkbox: return "checkbox";
    case AccessibleRole::Combobox: return "combobox";
    case AccessibleRole::MenuButton: return "menubutton";
    case AccessibleRole::Menu: return "menu";
    case AccessibleRole::MenuItem: return "menuitem";
    case AccessibleRole::Textbox: return "textbox";
    case AccessibleRole::Grid: return "grid";
    case AccessibleRole::Row: return "row";
    case AccessibleRole::Cell: return "gridcell";
    case AccessibleRole::ColumnHeader: return "columnheader";
    case AccessibleRole::Heading: return "heading";
    case AccessibleRole::Status: return "status";
    case AccessibleRole::Alert: return "alert";
    case AccessibleRole::Text: return "text";
    case AccessibleRole::Dialog: return "dialog";
    case AccessibleRole::Listbox: return "listbox";
    case AccessibleRole::Option: return "option";
    }
    return "text";
}

std::string accessible_frame_json(const AccessibleFrame& frame, const std::map<std::uint32_t, std::uint32_t>& applied_edits) {
    std::string out;
    out.reserve(64 + frame.nodes.size() * 96);
    out += "{\"focused\":" + std::to_string(frame.focused_id) +
           ",\"accepted\":" + std::to_string(frame.credentials_accepted);
    append_field(out, "acceptedForm", frame.accepted_form);
    out += ",\"nodes\":[";
    bool first = true;
    for (const AccessibleNode& n : frame.nodes) {
        if (!first) out += ',';
        first = false;
        out += "{\"r\":\"";
        out += role_name(n.role);
        out += '"';
        append_number(out, "i", n.id);
        if (n.parent >= 0) out += ",\"p\":" + std::to_string(n.parent);
        append_field(out, "n", n.name);
        append_field(out, "v", n.value);
        append_number(out, "sl", static_cast<long long>(n.secret_length));
        append_field(out, "a", n.autocomplete);
        append_field(out, "f", n.form);
        if (n.described_by >= 0) out += ",\"d\":" + std::to_string(n.described_by);
        append_number(out, "x", n.row_index);
        append_number(out, "c", n.column_count);
        append_number(out, "l", n.level);
        append_number(out, "s", state_bits(n));
        if (n.role == AccessibleRole::Textbox) {
            const auto applied = applied_edits.find(n.id);
            if (applied != applied_edits.end()) append_number(out, "q", applied->second);
        }
        char rect[80];
        std::snprintf(rect, sizeof rect, ",\"b\":[%d,%d,%d,%d]}", static_cast<int>(n.x0), static_cast<int>(n.y0),
                      static_cast<int>(n.x1 + 0.5f), static_cast<int>(n.y1 + 0.5f));
        out += rect;
    }
    out += "]}";
    return out;
}

std::uint64_t fnv1a(std::string_view text) {
    std::uint64_t h = 1469598103934665603ull;
    for (const unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

} // namespace ui
