// The DOM mirror of the UI (web/accessibility_mirror_library.js does the DOM part): after each frame the
// record ui::AccessibilityTree made of it goes to the page, only when it changed; what the person does to
// the mirror's elements (focus, a click or Enter/Space, an edit of a field's text, Enter in a field)
// comes back here and reaches Dear ImGui at the next frame.
//
//     ui::AccessibilityTree::apply_requests();  ImGui::NewFrame(); … ImGui::Render();
//     platform::publish_accessibility();     // ends the record (AccessibilityTree::end_frame) and hands it over
#pragma once

namespace platform {

// After ImGui::Render(): completes the frame's record and hands it to the page if its hash differs from
// the one handed last.
void publish_accessibility();

} // namespace platform
