// The app's look: DejaVu Sans at a size that follows the display's pixel ratio, and a calm colour scheme.
#pragma once

namespace ui {

// (Re)builds the font atlas for `pixel_ratio` (devicePixelRatio) from the TTF at `font_path`, and scales
// the style to match, so text is rasterised at the display's real resolution (crisp at 1x and 2x).
// Falls back to ImGui's built-in font if the file cannot be read. The renderer must re-upload the atlas.
void apply_theme(const char* font_path, float pixel_ratio);

} // namespace ui
