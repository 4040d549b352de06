// What a screen reader, a password manager and the keyboard need to know of the UI Dear ImGui drew: each
// item's role, accessible name, state, value and rectangle, recorded from Dear ImGui's own items every
// frame (its test-engine hooks, the same ones ui::ItemLocator uses) plus what the views say about the
// items it cannot know (a field's label and purpose, headings, messages, table rows and cells).
//
// The host turns the record into DOM elements over the canvas (src/platform/browser_accessibility.cpp,
// web/accessibility_mirror_library.js) and hands back what the person did to those elements: focus,
// activation, edited text, Enter. src/ui knows nothing of the browser: it records and applies requests.
//
// Per frame, in order:
//     AccessibilityTree::apply_requests();   // before ImGui::NewFrame(): focus and activation asked for
//     AccessibilityTree::begin_frame();      // the frame just drawn becomes last_frame()
//     … ImGui::NewFrame(), the views, ImGui::Render() …
//     AccessibilityTree::end_frame();        // the record of this frame is complete: last_frame(), hash()
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ui {

enum class AccessibleRole : std::uint8_t {
    Button,
    Link,
    Tab,
    TabList,
    Checkbox,
    Combobox,
    MenuButton, // a menu bar entry that opens a menu
    Menu,
    MenuItem,
    Textbox,
    Grid, // a table: aria-rowcount is the whole table's, only visible rows are recorded
    Row,
    Cell,
    ColumnHeader,
    Heading,
    Status, // a message that is announced politely (success, notices, save state)
    Alert,  // an error message, announced at once
    Text,   // static text worth reading (hints)
    Dialog,
    Listbox, // a list of choices: the pets view's handler and pet lists, a combo box's open popup
    Option,  // one choice of a listbox; `selected` is the chosen one
};

const char* role_name(AccessibleRole role); // "button", "tab", "textbox"… (ARIA's names)

struct AccessibleNode {
    AccessibleRole role = AccessibleRole::Text;
    std::uint32_t id = 0;          // Dear ImGui's item id: what focus and activation requests name; 0 for text
    int parent = -1;               // index of the containing node in the same frame (tab list, grid, row, dialog)
    std::string name;              // accessible name ("Username"); for text roles the text itself
    std::string value;             // a text field's text (never a password's: see secret_length)
    std::size_t secret_length = 0; // a password field's length in bytes (its text stays in C++)
    std::string autocomplete;      // "username", "email", "new-password", "current-password" or empty
    std::string form;              // fields and buttons of one credential form share it ("register", "login")
    int described_by = -1;         // index of the message node that explains this field's error
    int row_index = 0;             // Row: 1-based, the header row is 1; Grid: row count including the header
    int column_count = 0;          // Grid
    int level = 0;                 // Heading
    bool selected = false, checked = false, disabled = false, invalid = false, password = false, multiline = false,
         expanded = false, focused = false, submits = false, in_place = false;
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0; // framebuffer pixels, clipped to the item's window
};

struct AccessibleFrame {
    std::vector<AccessibleNode> nodes;
    std::uint32_t focused_id = 0;           // the item with Dear ImGui's keyboard focus (nav or the active field)
    std::uint64_t credentials_accepted = 0; // grows when a form's credentials were accepted (see below)
    std::string accepted_form;              // which form, for the last increment
};

class AccessibilityTree {
  public:
    // Recording on, for the current ImGui context (after ItemLocator::enable(): the same hooks).
    static void enable();
    static void apply_requests();
    static void begin_frame();
    static void end_frame();
    static const AccessibleFrame& last_frame();
    // A hash of last_frame() (FNV-1a over what the DOM shows): equal hashes, nothing to update.
    static std::uint64_t hash();
    // {"focused":…,"accepted":…,"nodes":[{"r":"button","id":…,"p":-1,"n":"Register",…,"b":[x0,y0,x1,y1]}]}
    static std::string to_json();

    // --- What the views say about the item they just submitted ---------------------------------------
    // The last item is a text field named `label` holding `value` (a password: only its length is kept),
    // `error` its message if any (the next message recorded explains it), `autocomplete` its purpose.
    static void describe_field(std::string_view label, const std::string& value, bool password, bool multiline,
                               const std::optional<std::string>& error, const char* autocomplete);
    // Text just drawn (ImGui::Text…): a heading, a message or a hint, at the last item's rectangle.
    // `in_place`: a status that is announced where it stands when it changes (the save state), not
    // through the page's shared message regions.
    static void text(AccessibleRole role, std::string_view text, bool in_place = false);
    // The last item has this role (a Selectable that is a link) and, if given, this name.
    static void set_last_role(AccessibleRole role, std::string_view name = {});
    // Fields and buttons drawn between begin_form and end_form belong to that credential form;
    // mark_submit() after the button that submits it.
    static void begin_form(const char* name);
    static void end_form();
    static void mark_submit();
    // The form's credentials were accepted (registered, logged in): the host may offer to save them.
    static void credentials_accepted(const char* form);
    // A table: its name, rows including the header row, columns. Rows only as drawn (the visible window).
    static void begin_grid(std::string_view name, std::int64_t row_count, int column_count);
    static void end_grid();
    static void column_header(std::string_view label); // after ImGui::TableHeader
    // After the row's Selectable (spanning the row): it becomes the row, its label the first cell.
    static void row(std::int64_t row_index, bool selected);
    static void cell(std::string_view text);
    static void begin_dialog(std::string_view title); // after BeginPopupModal returned true
    static void end_dialog();
    // The next item submitted is a combo box (ImGui::BeginCombo, which reports no label) named `name`;
    // while its popup is open it is expanded.
    static void next_combo_box(std::string_view name);
    // A list of choices drawn as Selectables: those marked with option() between begin_listbox and
    // end_listbox are its options. A combo box's popup needs neither call: it is a listbox by itself,
    // named after its combo box, and the Selectables in it are its options.
    static void begin_listbox(std::string_view name);
    static void end_listbox();
    // The last item (a Selectable) is an option of the current listbox; `selected`: the chosen one.
    static void option(bool selected);

    // --- What the person did to the DOM mirror (called between frames) --------------------------------
    static void request_focus(std::uint32_t id); // focus moved there (a text field starts editing)
    static void request_press(std::uint32_t id); // a click or Enter/Space on it
    static void request_enter(std::uint32_t id); // Enter in a text field: the field reports it
    // The page edited the field: its whole text and the caret (a byte offset). Applied by the field
    // when next drawn (take_page_edit), replacing what Dear ImGui holds for it.
    // `sequence` (the page's count of its edits) comes back in the field's record once applied.
    static void set_page_text(std::uint32_t id, std::string text, std::size_t caret, std::uint32_t sequence);

    // --- For the field widgets (form_widgets.cpp) -----------------------------------------------------
    struct PageEdit {
        std::string text;
        std::size_t caret = 0;
        std::uint32_t sequence = 0;
    };
    static std::optional<PageEdit> take_page_edit(std::uint32_t id);
    static bool take_enter(std::uint32_t id);
};

} // namespace ui
