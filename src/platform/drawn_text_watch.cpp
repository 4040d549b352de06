#include "platform/drawn_text_watch.h"

#include <imgui.h>
#include <imgui_internal.h> // ImDrawListSharedData::Font: the font of a call that passes none

#include <cstring>

namespace {

ui::GlyphDemand* g_demand = nullptr;

} // namespace

// ImDrawList::AddText(const ImFont*, float, const ImVec2&, ImU32, const char*, const char*, float, const
// ImVec4*) by its symbol: with --wrap, its callers reach __wrap_…, and __real_… is the original. The
// member's `this` is the first parameter.
extern "C" {
void __real__ZN10ImDrawList7AddTextEPK6ImFontfRK6ImVec2jPKcS7_fPK6ImVec4(ImDrawList*, const ImFont*, float,
                                                                         const ImVec2&, ImU32, const char*, const char*,
                                                                         float, const ImVec4*);

void __wrap__ZN10ImDrawList7AddTextEPK6ImFontfRK6ImVec2jPKcS7_fPK6ImVec4(ImDrawList* list, const ImFont* font,
                                                                         float size, const ImVec2& pos, ImU32 col,
                                                                         const char* begin, const char* end,
                                                                         float wrap_width, const ImVec4* clip) {
    const ImFont* drawn = font != nullptr ? font : list->_Data->Font;
    if (g_demand != nullptr && drawn != nullptr && begin != nullptr && (col & IM_COL32_A_MASK) != 0) {
        const std::size_t length = end != nullptr ? static_cast<std::size_t>(end - begin) : std::strlen(begin);
        g_demand->note_text({begin, length},
                            [&](char32_t c) { return drawn->FindGlyphNoFallback(static_cast<ImWchar>(c)) != nullptr; });
    }
    __real__ZN10ImDrawList7AddTextEPK6ImFontfRK6ImVec2jPKcS7_fPK6ImVec4(list, font, size, pos, col, begin, end,
                                                                        wrap_width, clip);
}
}

namespace platform {

void watch_drawn_text(ui::GlyphDemand* demand) {
    g_demand = demand;
}

} // namespace platform
