#include "platform/browser_pointer_input.h"

#include <GLFW/glfw3.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>

#include <cfloat>

extern "C" void seed_pointer_take_over_canvas(); // web/host_library_pointer.js

namespace platform {
namespace {

struct PointerInput {
    GLFWwindow* window = nullptr;
    const char* canvas = nullptr;
    long finger = -1; // the touch that acts as the mouse, or -1
};

PointerInput g_pointer;

// CSS pixels relative to the canvas → canvas pixels, where Dear ImGui works.
ImVec2 canvas_point(long css_x, long css_y) {
    double css_width = 0, css_height = 0;
    int width = 0, height = 0;
    emscripten_get_element_css_size(g_pointer.canvas, &css_width, &css_height);
    emscripten_get_canvas_element_size(g_pointer.canvas, &width, &height);
    const float sx = css_width > 0 ? static_cast<float>(width / css_width) : 1.0f;
    const float sy = css_height > 0 ? static_cast<float>(height / css_height) : 1.0f;
    return ImVec2(static_cast<float>(css_x) * sx, static_cast<float>(css_y) * sy);
}

const EmscriptenTouchPoint* changed_finger(const EmscriptenTouchEvent& event) {
    for (int i = 0; i < event.numTouches; ++i) {
        const EmscriptenTouchPoint& touch = event.touches[i];
        if (touch.isChanged && touch.identifier == g_pointer.finger) return &touch;
    }
    return nullptr;
}

EM_BOOL on_touch(int type, const EmscriptenTouchEvent* event, void*) {
    ImGuiIO& io = ImGui::GetIO();
    if (type == EMSCRIPTEN_EVENT_TOUCHSTART) {
        if (g_pointer.finger != -1) return EM_FALSE; // a second finger: the browser's (pinch-zoom)
        for (int i = 0; i < event->numTouches && g_pointer.finger == -1; ++i)
            if (event->touches[i].isChanged) g_pointer.finger = event->touches[i].identifier;
        const EmscriptenTouchPoint* touch = changed_finger(*event);
        if (touch == nullptr) return EM_FALSE;
        io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
        // The backend stops reading GLFW's cursor (which a finger never moves) once the pointer "entered".
        ImGui_ImplGlfw_CursorEnterCallback(g_pointer.window, GLFW_TRUE);
        const ImVec2 at = canvas_point(touch->targetX, touch->targetY);
        io.AddMousePosEvent(at.x, at.y);
        io.AddMouseButtonEvent(ImGuiMouseButton_Left, true);
        return EM_FALSE;
    }
    const EmscriptenTouchPoint* touch = changed_finger(*event);
    if (touch == nullptr) return EM_FALSE;
    io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
    const ImVec2 at = canvas_point(touch->targetX, touch->targetY);
    io.AddMousePosEvent(at.x, at.y);
    if (type == EMSCRIPTEN_EVENT_TOUCHMOVE)
        return EM_FALSE; // the page does not pan (touch-action), so nothing to cancel
    io.AddMouseButtonEvent(ImGuiMouseButton_Left, false);
    io.AddMousePosEvent(-FLT_MAX, -FLT_MAX); // the finger is gone: nothing stays hovered
    g_pointer.finger = -1;
    return EM_TRUE; // no emulated mousedown/mouseup/click after the tap
}

EM_BOOL on_wheel(int, const EmscriptenWheelEvent* event, void*) {
    if (event->mouse.ctrlKey) return EM_FALSE; // page zoom: the browser's
    // As Dear ImGui's Emscripten backend does (imgui_impl_glfw.cpp): 100 pixels, 3 lines or 1/80 page a step.
    float step = 0.0f;
    if (event->deltaMode == DOM_DELTA_PIXEL)
        step = 1.0f / 100.0f;
    else if (event->deltaMode == DOM_DELTA_LINE)
        step = 1.0f / 3.0f;
    else if (event->deltaMode == DOM_DELTA_PAGE)
        step = 80.0f;
    ImGuiIO& io = ImGui::GetIO();
    io.AddMouseSourceEvent(ImGuiMouseSource_Mouse);
    io.AddMouseWheelEvent(static_cast<float>(-event->deltaX) * step, static_cast<float>(-event->deltaY) * step);
    return EM_TRUE;
}

} // namespace

void install_browser_pointer_input(GLFWwindow* window, const char* canvas_selector) {
    g_pointer.window = window;
    g_pointer.canvas = canvas_selector;
    seed_pointer_take_over_canvas();
    // The backend's own wheel listener, on the document: passive there, so it cannot cancel anything.
    emscripten_set_wheel_callback(EMSCRIPTEN_EVENT_TARGET_DOCUMENT, nullptr, false, nullptr);
    emscripten_set_wheel_callback(canvas_selector, nullptr, true, on_wheel);
    emscripten_set_touchstart_callback(canvas_selector, nullptr, true, on_touch);
    emscripten_set_touchmove_callback(canvas_selector, nullptr, true, on_touch);
    emscripten_set_touchend_callback(canvas_selector, nullptr, true, on_touch);
    emscripten_set_touchcancel_callback(canvas_selector, nullptr, true, on_touch);
}

} // namespace platform
