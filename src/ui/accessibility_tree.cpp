// AccessibilityTree's recorder (accessibility_tree.h) and the test-engine hooks that feed it: one file of
// over 400 lines because both reach the recorder's private state; the JSON it hands over is
// accessibility_json.cpp's.
#include "ui/accessibility_tree.h"

#include "app/secure_wipe.h"
#include "ui/accessibility_hooks.h"
#include "ui/accessibility_json.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <unordered_map>

namespace ui {
namespace {

struct Recorder {
    bool enabled = false;
    AccessibleFrame current;
    AccessibleFrame last;
    std::string json = "{\"focused\":0,\"accepted\":0,\"nodes\":[]}";
    std::uint64_t hash = 0;

    ImGuiID added_id = 0;
    ImRect added_rect;
    ImGuiID early_id = 0; // tabs report their label before their ItemAdd
    std::string early_label;
    int early_flags = 0;

    std::vector<int> containers; // grids and dialogs being drawn
    int grid = -1;
    int row = -1;
    int header_row = -1;
    std::unordered_map<ImGuiID, int> tab_lists; // this frame: tab bar id → its tab list node
    std::unordered_map<ImGuiID, int> menus;     // this frame: menu window id → its menu node
    std::unordered_map<ImGuiID, int> popup_listboxes; // this frame: combo popup window id → its listbox node
    std::string form;
    int field_awaiting_message = -1;
    std::optional<std::string> next_combo_box; // the name of the combo box the next item added is

    std::uint32_t focus_request = 0;
    std::uint32_t press_request = 0;
    std::uint32_t enter_request = 0;
    int enter_frames = 0;
    std::map<std::uint32_t, AccessibilityTree::PageEdit> page_edits;
};

Recorder& recorder() {
    static Recorder instance; // the hooks are free functions: the recording must be reachable from them
    return instance;
}

// "Register##submit" → "Register"; "###id" → "".
std::string_view visible_label(std::string_view label) {
    const std::size_t hashes = label.find("##");
    return hashes == std::string_view::npos ? label : label.substr(0, hashes);
}

int parent_of(const Recorder& r) {
    return r.containers.empty() ? -1 : r.containers.back();
}

// The item's rectangle inside its window's clip rectangle, or nullopt if none of it shows.
std::optional<ImRect> visible_rect(ImRect rect) {
    ImGuiContext& g = *GImGui;
    if (g.CurrentWindow) rect.ClipWith(g.CurrentWindow->ClipRect);
    if (rect.GetWidth() <= 0.0f || rect.GetHeight() <= 0.0f) return std::nullopt;
    return rect;
}

AccessibleNode& push(Recorder& r, AccessibleRole role, std::uint32_t id, std::string_view name, const ImRect& rect) {
    AccessibleNode node;
    node.role = role;
    node.id = id;
    node.parent = parent_of(r);
    node.name = std::string(name);
    node.form = r.form;
    node.x0 = rect.Min.x;
    node.y0 = rect.Min.y;
    node.x1 = rect.Max.x;
    node.y1 = rect.Max.y;
    if (GImGui->CurrentItemFlags & ImGuiItemFlags_Disabled) node.disabled = true;
    r.current.nodes.push_back(std::move(node));
    return r.current.nodes.back();
}

// The node of the item just submitted, recorded by the hooks if it showed; nullptr if it did not.
AccessibleNode* last_item_node(Recorder& r) {
    const ImGuiID id = GImGui->LastItemData.ID;
    if (id == 0 || r.current.nodes.empty() || r.current.nodes.back().id != id) return nullptr;
    return &r.current.nodes.back();
}

// Focus asked for by the page lands on the item just submitted (Dear ImGui's FocusItem): the nav cursor
// moves there and its highlight (the focus ring) shows.
void focus_if_requested(Recorder& r, ImGuiID id) {
    if (r.focus_request == 0 || r.focus_request != id) return;
    r.focus_request = 0;
    ImGui::FocusItem();
    GImGui->NavDisableHighlight = false;
    GImGui->NavDisableMouseHover = true;
}

int tab_list_for(Recorder& r, ImGuiTabBar* bar) {
    const auto found = r.tab_lists.find(bar->ID);
    if (found != r.tab_lists.end()) return found->second;
    const int index = static_cast<int>(r.current.nodes.size());
    push(r, AccessibleRole::TabList, 0, "", bar->BarRect);
    r.tab_lists.emplace(bar->ID, index);
    return index;
}

int menu_for(Recorder& r, ImGuiWindow* window) {
    const auto found = r.menus.find(window->ID);
    if (found != r.menus.end()) return found->second;
    const int index = static_cast<int>(r.current.nodes.size());
    AccessibleNode& menu = push(r, AccessibleRole::Menu, 0, "", window->Rect());
    menu.disabled = false;
    r.menus.emplace(window->ID, index);
    return index;
}

// Dear ImGui names a combo box's popup window "##Combo_<depth>" (BeginComboPopup).
bool is_combo_popup(const ImGuiWindow* window) {
    return (window->Flags & ImGuiWindowFlags_Popup) != 0 && std::strncmp(window->Name, "##Combo_", 8) == 0;
}

// The listbox of an open combo box's popup, named after the combo box that opened it (the last one
// recorded expanded: the popup is drawn right after it).
int popup_listbox_for(Recorder& r, ImGuiWindow* window) {
    const auto found = r.popup_listboxes.find(window->ID);
    if (found != r.popup_listboxes.end()) return found->second;
    std::string name;
    for (auto node = r.current.nodes.rbegin(); node != r.current.nodes.rend(); ++node)
        if (node->role == AccessibleRole::Combobox && node->expanded) {
            name = node->name;
            break;
        }
    const int index = static_cast<int>(r.current.nodes.size());
    AccessibleNode& listbox = push(r, AccessibleRole::Listbox, 0, name, window->Rect());
    listbox.parent = -1; // the popup floats over the page, as the menus do
    listbox.disabled = false;
    r.popup_listboxes.emplace(window->ID, index);
    return index;
}

std::map<std::uint32_t, std::uint32_t>& applied_edits() {
    static std::map<std::uint32_t, std::uint32_t> applied; // field id → the last page edit it took
    return applied;
}

} // namespace

void AccessibilityTree::enable() {
    ImGui::GetCurrentContext()->TestEngineHookItems = true;
    recorder().enabled = true;
}

void AccessibilityTree::apply_requests() {
    Recorder& r = recorder();
    ImGuiContext* g = ImGui::GetCurrentContext();
    if (g == nullptr) return;
    if (r.press_request != 0) {
        ImGui::ActivateItemByID(r.press_request); // pressed in the next frame, as Enter on a focused item
        r.press_request = 0;
    } else if (r.focus_request != 0) {
        for (const AccessibleNode& node : r.last.nodes) {
            if (node.id != r.focus_request || node.role != AccessibleRole::Textbox) continue;
            // A text field takes the keyboard focus by being activated for typing, as Tab would.
            if (g->ActiveId != node.id) {
                ImGui::ActivateItemByID(node.id);
                g->NavNextActivateFlags = ImGuiActivateFlags_PreferInput;
            }
            r.focus_request = 0;
            break;
        }
        // Other items take it when next submitted (focus_if_requested): FocusItem needs the item.
    }
}

void AccessibilityTree::begin_frame() {
    Recorder& r = recorder();
    r.current = {};
    r.current.credentials_accepted = r.last.credentials_accepted;
    r.current.accepted_form = r.last.accepted_form;
    r.containers.clear();
    r.tab_lists.clear();
    r.menus.clear();
    r.popup_listboxes.clear();
    r.grid = r.row = r.header_row = -1;
    r.form.clear();
    r.field_awaiting_message = -1;
    r.next_combo_box.reset();
}

void AccessibilityTree::end_frame() {
    Recorder& r = recorder();
    ImGuiContext& g = *GImGui;
    // The keyboard focus: the field being edited, else Dear ImGui's nav cursor while it shows (keyboard
    // use; after a click it is hidden, and the mouse user has no keyboard focus to mirror).
    std::uint32_t focused = 0;
    for (AccessibleNode& node : r.current.nodes)
        if (node.id != 0 && node.id == g.ActiveId && node.role == AccessibleRole::Textbox) focused = node.id;
    if (focused == 0 && g.NavId != 0 && g.NavWindow != nullptr && !g.NavDisableHighlight)
        for (AccessibleNode& node : r.current.nodes)
            if (node.id == g.NavId) focused = node.id;
    for (AccessibleNode& node : r.current.nodes)
        node.focused = focused != 0 && node.id == focused;
    r.current.focused_id = focused;
    r.last = std::move(r.current);
    r.current = {};
    r.json = accessible_frame_json(r.last, applied_edits());
    r.hash = fnv1a(r.json);
    // Requests that found no item in the frame after them are dropped (the item went away).
    if (r.enter_request != 0 && ++r.enter_frames > 1) r.enter_request = 0;
    r.focus_request = 0;
    for (auto& [id, edit] : r.page_edits)
        app::secure_wipe(edit.text);
    r.page_edits.clear();
}

const AccessibleFrame& AccessibilityTree::last_frame() {
    return recorder().last;
}
std::uint64_t AccessibilityTree::hash() {
    return recorder().hash;
}
std::string AccessibilityTree::to_json() {
    return recorder().json;
}

void AccessibilityTree::describe_field(std::string_view label, const std::string& value, bool password, bool multiline,
                                       const std::optional<std::string>& error, const char* autocomplete) {
    Recorder& r = recorder();
    AccessibleNode* node = last_item_node(r);
    if (node == nullptr) return;
    node->role = AccessibleRole::Textbox;
    node->name = std::string(label);
    node->password = password;
    node->multiline = multiline;
    if (password)
        node->secret_length = value.size();
    else
        node->value = value;
    node->invalid = error.has_value();
    if (autocomplete) node->autocomplete = autocomplete;
    r.field_awaiting_message = error ? static_cast<int>(r.current.nodes.size()) - 1 : -1;
}

void AccessibilityTree::text(AccessibleRole role, std::string_view text, bool in_place) {
    Recorder& r = recorder();
    if (!r.enabled || text.empty()) return;
    const auto rect = visible_rect(GImGui->LastItemData.Rect);
    if (!rect) return;
    AccessibleNode& node = push(r, role, 0, text, *rect);
    node.disabled = false;
    node.in_place = in_place;
    if (role == AccessibleRole::Heading) node.level = 2;
    if (role == AccessibleRole::Alert && r.field_awaiting_message >= 0) {
        r.current.nodes[static_cast<std::size_t>(r.field_awaiting_message)].described_by =
            static_cast<int>(r.current.nodes.size()) - 1;
        r.field_awaiting_message = -1;
    }
}

void AccessibilityTree::set_last_role(AccessibleRole role, std::string_view name) {
    AccessibleNode* node = last_item_node(recorder());
    if (node == nullptr) return;
    node->role = role;
    if (!name.empty()) node->name = std::string(name);
}

void AccessibilityTree::begin_form(const char* name) {
    recorder().form = name;
}
void AccessibilityTree::end_form() {
    recorder().form.clear();
}

void AccessibilityTree::mark_submit() {
    if (AccessibleNode* node = last_item_node(recorder())) node->submits = true;
}

void AccessibilityTree::credentials_accepted(const char* form) {
    Recorder& r = recorder();
    ++r.current.credentials_accepted;
    r.current.accepted_form = form;
}

void AccessibilityTree::begin_grid(std::string_view name, std::int64_t row_count, int column_count) {
    Recorder& r = recorder();
    if (!r.enabled) return;
    ImGuiTable* table = GImGui->CurrentTable;
    const ImRect rect = table ? table->OuterRect : GImGui->LastItemData.Rect;
    const int index = static_cast<int>(r.current.nodes.size());
    AccessibleNode& grid = push(r, AccessibleRole::Grid, 0, name, rect);
    grid.row_index = static_cast<int>(row_count);
    grid.column_count = column_count;
    grid.disabled = false;
    r.containers.push_back(index);
    r.grid = index;
    r.row = r.header_row = -1;
}

void AccessibilityTree::end_grid() {
    Recorder& r = recorder();
    if (r.grid < 0) return;
    if (!r.containers.empty()) r.containers.pop_back();
    r.grid = r.row = r.header_row = -1;
}

void AccessibilityTree::column_header(std::string_view label) {
    Recorder& r = recorder();
    if (r.grid < 0) return;
    const ImGuiLastItemData& item = GImGui->LastItemData;
    const auto rect = visible_rect(item.Rect);
    if (!rect) return;
    if (r.header_row < 0) {
        r.header_row = static_cast<int>(r.current.nodes.size());
        AccessibleNode& header = push(r, AccessibleRole::Row, 0, "", *rect);
        header.parent = r.grid;
        header.row_index = 1;
    } else {
        AccessibleNode& header = r.current.nodes[static_cast<std::size_t>(r.header_row)];
        header.x1 = rect->Max.x;
        header.y1 = std::max(header.y1, rect->Max.y);
    }
    AccessibleNode& cell = push(r, AccessibleRole::ColumnHeader, item.ID, label, *rect);
    cell.parent = r.header_row;
    focus_if_requested(r, item.ID);
}

void AccessibilityTree::row(std::int64_t row_index, bool selected) {
    Recorder& r = recorder();
    if (r.grid < 0) return;
    AccessibleNode* node = last_item_node(r);
    if (node == nullptr) return;
    node->role = AccessibleRole::Row;
    node->parent = r.grid;
    node->row_index = static_cast<int>(row_index);
    node->selected = selected;
    const std::string first = std::move(node->name);
    node->name.clear();
    r.row = static_cast<int>(r.current.nodes.size()) - 1;
    ImRect cell_rect(node->x0, node->y0, node->x1, node->y1);
    if (GImGui->CurrentTable) {
        const ImRect column = ImGui::TableGetCellBgRect(GImGui->CurrentTable, 0);
        cell_rect.Min.x = std::max(cell_rect.Min.x, column.Min.x);
        cell_rect.Max.x = std::min(cell_rect.Max.x, column.Max.x);
    }
    AccessibleNode& cell = push(r, AccessibleRole::Cell, 0, first, cell_rect);
    cell.parent = r.row;
    cell.disabled = false;
}

void AccessibilityTree::cell(std::string_view text) {
    Recorder& r = recorder();
    if (r.row < 0) return;
    ImRect rect = GImGui->LastItemData.Rect;
    if (GImGui->CurrentTable) {
        const ImRect column = ImGui::TableGetCellBgRect(GImGui->CurrentTable, GImGui->CurrentTable->CurrentColumn);
        rect.Min.x = column.Min.x;
        rect.Max.x = column.Max.x;
    }
    const auto shown = visible_rect(rect);
    if (!shown) return;
    AccessibleNode& cell = push(r, AccessibleRole::Cell, 0, text, *shown);
    cell.parent = r.row;
    cell.disabled = false;
}

void AccessibilityTree::begin_dialog(std::string_view title) {
    Recorder& r = recorder();
    if (!r.enabled || GImGui->CurrentWindow == nullptr) return;
    const int index = static_cast<int>(r.current.nodes.size());
    AccessibleNode& dialog = push(r, AccessibleRole::Dialog, 0, visible_label(title), GImGui->CurrentWindow->Rect());
    dialog.disabled = false;
    r.containers.push_back(index);
}

void AccessibilityTree::end_dialog() {
    Recorder& r = recorder();
    if (!r.containers.empty()) r.containers.pop_back();
}

void AccessibilityTree::next_combo_box(std::string_view name) {
    Recorder& r = recorder();
    if (r.enabled) r.next_combo_box = std::string(name);
}

void AccessibilityTree::begin_listbox(std::string_view name) {
    Recorder& r = recorder();
    if (!r.enabled) return;
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const int index = static_cast<int>(r.current.nodes.size());
    AccessibleNode& listbox = push(r, AccessibleRole::Listbox, 0, name, ImRect(at, at));
    listbox.disabled = false;
    r.containers.push_back(index);
}

void AccessibilityTree::end_listbox() {
    Recorder& r = recorder();
    if (r.containers.empty()) return;
    const int index = r.containers.back();
    r.containers.pop_back();
    auto& nodes = r.current.nodes;
    if (index < 0 || static_cast<std::size_t>(index) >= nodes.size() || nodes[static_cast<std::size_t>(index)].role != AccessibleRole::Listbox)
        return;
    // A listbox without options is not one (and ARIA requires its options): dropped while nothing follows it.
    if (static_cast<std::size_t>(index) + 1 == nodes.size()) {
        nodes.pop_back();
        return;
    }
    // Its box: the options' boxes together (they are known only once drawn).
    AccessibleNode& listbox = nodes[static_cast<std::size_t>(index)];
    bool first = true;
    for (std::size_t i = static_cast<std::size_t>(index) + 1; i < nodes.size(); ++i) {
        const AccessibleNode& child = nodes[i];
        if (child.parent != index) continue;
        listbox.x0 = first ? child.x0 : std::min(listbox.x0, child.x0);
        listbox.y0 = first ? child.y0 : std::min(listbox.y0, child.y0);
        listbox.x1 = first ? child.x1 : std::max(listbox.x1, child.x1);
        listbox.y1 = first ? child.y1 : std::max(listbox.y1, child.y1);
        first = false;
    }
}

void AccessibilityTree::option(bool selected) {
    Recorder& r = recorder();
    AccessibleNode* node = last_item_node(r);
    if (node == nullptr) return;
    node->role = AccessibleRole::Option;
    node->selected = selected;
}

void AccessibilityTree::request_focus(std::uint32_t id) {
    recorder().focus_request = id;
}
void AccessibilityTree::request_press(std::uint32_t id) {
    recorder().press_request = id;
}

void AccessibilityTree::request_enter(std::uint32_t id) {
    recorder().enter_request = id;
    recorder().enter_frames = 0;
}

void AccessibilityTree::set_page_text(std::uint32_t id, std::string text, std::size_t caret, std::uint32_t sequence) {
    PageEdit& edit = recorder().page_edits[id];
    app::secure_wipe(edit.text);
    edit.text = std::move(text);
    edit.caret = caret;
    edit.sequence = sequence;
}

std::optional<AccessibilityTree::PageEdit> AccessibilityTree::take_page_edit(std::uint32_t id) {
    Recorder& r = recorder();
    const auto found = r.page_edits.find(id);
    if (found == r.page_edits.end()) return std::nullopt;
    PageEdit edit = std::move(found->second);
    r.page_edits.erase(found);
    applied_edits()[id] = edit.sequence;
    return edit;
}

bool AccessibilityTree::take_enter(std::uint32_t id) {
    Recorder& r = recorder();
    if (id == 0 || r.enter_request != id) return false;
    r.enter_request = 0;
    return true;
}

// --- From the test-engine hooks (item_locator.cpp) -------------------------------------------------------

void accessibility_item_added(std::uint32_t id, const ImRect& rect) {
    Recorder& r = recorder();
    if (!r.enabled) return;
    r.added_id = id;
    r.added_rect = rect;
    if (id != 0 && r.next_combo_box) {
        // BeginCombo's own item: expanded while the popup it opens under its id is (as BeginCombo tests it).
        const std::string name = std::move(*r.next_combo_box);
        r.next_combo_box.reset();
        const auto shown = visible_rect(rect);
        if (!shown) return;
        AccessibleNode& combo = push(r, AccessibleRole::Combobox, id, name, *shown);
        combo.expanded = ImGui::IsPopupOpen(ImHashStr("##ComboPopup", 0, id), ImGuiPopupFlags_None);
        focus_if_requested(r, id);
        return;
    }
    if (id == 0 || id != r.early_id) return;
    r.early_id = 0;
    ImGuiTabBar* bar = GImGui->CurrentTabBar;
    const auto shown = visible_rect(rect);
    if (bar == nullptr || !shown) return;
    const int list = tab_list_for(r, bar);
    AccessibleNode& tab = push(r, AccessibleRole::Tab, id, visible_label(r.early_label), *shown);
    tab.parent = list;
    tab.selected = bar->SelectedTabId == id || (bar->SelectedTabId == 0 && bar->VisibleTabId == id);
    focus_if_requested(r, id);
}

void accessibility_item_info(std::uint32_t id, const char* label, int status_flags) {
    Recorder& r = recorder();
    if (!r.enabled || label == nullptr) return;
    ImGuiContext& g = *GImGui;
    ImGuiWindow* window = g.CurrentWindow;
    if (window == nullptr || window->ID == id) return; // a window's own entry
    if (id != r.added_id) {
        r.early_id = id;
        r.early_label = label;
        r.early_flags = status_flags;
        return;
    }
    const auto shown = visible_rect(r.added_rect);
    if (!shown) return;
    r.field_awaiting_message = -1;
    const bool in_menu = (window->Flags & ImGuiWindowFlags_ChildMenu) != 0;
    const bool in_menu_bar = window->DC.MenuBarAppending;
    AccessibleRole role = AccessibleRole::Button;
    if (status_flags & ImGuiItemStatusFlags_Inputable)
        role = AccessibleRole::Textbox;
    else if (status_flags & ImGuiItemStatusFlags_Openable)
        role = in_menu || in_menu_bar ? AccessibleRole::MenuButton : AccessibleRole::Combobox;
    else if (in_menu)
        role = AccessibleRole::MenuItem;
    else if (status_flags & ImGuiItemStatusFlags_Checkable)
        role = AccessibleRole::Checkbox;
    int parent = parent_of(r);
    if (in_menu) parent = menu_for(r, window);
    if (is_combo_popup(window) && role == AccessibleRole::Button) {
        role = AccessibleRole::Option;
        parent = popup_listbox_for(r, window);
    }
    // A widget built of another (BeginMenu of a Selectable) reports the same item twice: the outer one counts.
    if (!r.current.nodes.empty() && r.current.nodes.back().id == id) r.current.nodes.pop_back();
    AccessibleNode& node = push(r, role, id, visible_label(label), *shown);
    node.parent = parent;
    node.checked = (status_flags & ImGuiItemStatusFlags_Checked) != 0;
    node.expanded = (status_flags & ImGuiItemStatusFlags_Opened) != 0;
    focus_if_requested(r, id);
}

} // namespace ui
