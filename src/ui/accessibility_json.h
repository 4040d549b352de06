// The accessibility tree's wire format: a frame as the JSON the page's DOM mirror reads
// (web/accessibility_mirror_library.js). Keys are one or two letters and empty or zero fields are left
// out, since the frame crosses to JS whenever anything in it changed. Only accessibility_tree.cpp uses it.
#pragma once

#include "ui/accessibility_tree.h"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace ui {

// {"focused":12,"accepted":0,"nodes":[{"r":"textbox","i":12,"n":"Username","v":"peter","b":[x0,y0,x1,y1]},…]}.
// `applied_edits` (field id → the last page edit it took) tells the page which of its edits a field shows.
std::string accessible_frame_json(const AccessibleFrame& frame,
                                  const std::map<std::uint32_t, std::uint32_t>& applied_edits);
// 64-bit FNV-1a: whether a frame's JSON changed, without keeping the old one to compare.
std::uint64_t fnv1a(std::string_view text);

} // namespace ui
