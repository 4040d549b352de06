// Between ui::ItemLocator's test-engine hooks (item_locator.cpp) and ui::AccessibilityTree: the hooks
// are defined once, there, and hand every item to both.
#pragma once

#include <cstdint>

struct ImRect;

namespace ui {

void accessibility_item_added(std::uint32_t id, const ImRect& rect);
void accessibility_item_info(std::uint32_t id, const char* label, int status_flags);

} // namespace ui
