#include "ui/query_panel.h"

#include "ui/accessibility_tree.h"
#include "ui/form_widgets.h"
#include "ui/theme.h"

#include <imgui.h>

#include <string>

namespace ui {

namespace {

// One block of code: a caption, the text wrapped to the panel, read out as one piece.
void code_block(const char* caption, const std::string& text) {
    ImGui::TextDisabled("%s", caption);
    AccessibilityTree::text(AccessibleRole::Text, caption);
    ImGui::Indent();
    ImGui::TextWrapped("%s", text.c_str());
    AccessibilityTree::text(AccessibleRole::Text, text);
    ImGui::Unindent();
}

std::string everything(const app::ShownQuery& shown) {
    std::string text = "# Flask-SQLAlchemy (the tutorial)\n" + shown.python + "\n\n// This app's ORM (C++)\n" + shown.cpp +
                       "\n\n-- SQL that ran\n";
    for (const auto& statement : shown.statements)
        text += statement.sql + (statement.parameters == "()" ? ";\n" : ";\n-- " + statement.parameters + "\n");
    return text;
}

} // namespace

float query_panel_height() { return ImGui::GetFontSize() * 16.0f; }

void draw_query_panel(const char* id, const app::ShownQuery* shown, bool& open) {
    ImGui::PushID(id);
    ImGui::SetNextItemOpen(open);
    open = ImGui::CollapsingHeader("Show the query");
    AccessibilityTree::set_last_role(AccessibleRole::Button, open ? "Hide the query" : "Show the query");
    if (open) {
        if (!shown) {
            hint("Submit the form (or change the page) to see its call in the tutorial's Python, in this app's C++, and "
                 "the SQL that ran with its values.");
        } else {
            code_block("Flask-SQLAlchemy, as in the tutorial", shown->python);
            code_block("This app's ORM (C++, src/orm)", shown->cpp);
            ImGui::TextDisabled("SQL that ran, with its bound values (passwords hidden)");
            AccessibilityTree::text(AccessibleRole::Text, "SQL that ran, with its bound values (passwords hidden)");
            ImGui::Indent();
            for (const auto& statement : shown->statements) {
                ImGui::TextWrapped("%s", statement.sql.c_str());
                AccessibilityTree::text(AccessibleRole::Text, statement.sql);
                if (statement.parameters == "()") continue; // BEGIN, COMMIT…: SQLAlchemy's echo prints none
                const std::string parameters = "[parameters: " + statement.parameters + "]";
                ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
                ImGui::TextWrapped("%s", parameters.c_str());
                ImGui::PopStyleColor();
                AccessibilityTree::text(AccessibleRole::Text, parameters);
            }
            if (shown->truncated) hint("(more statements ran; the first ones are shown)");
            ImGui::Unindent();
            if (ImGui::SmallButton("Copy the query")) ImGui::SetClipboardText(everything(*shown).c_str());
        }
    }
    ImGui::PopID();
}

} // namespace ui
