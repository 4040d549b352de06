# Compiler settings shared by every target of ours (third-party targets get none of the warnings).

add_library(seed_options INTERFACE)
target_compile_options(seed_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wno-unused-parameter)
target_include_directories(seed_options INTERFACE "${CMAKE_SOURCE_DIR}/src")

if(EMSCRIPTEN)
  # Emscripten 3.1.6 ignores exceptions unless asked, at compile AND link time; our errors are exceptions.
  add_compile_options(-fexceptions)
  add_link_options(-fexceptions -sALLOW_MEMORY_GROWTH=1)
endif()

if(SEED_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
