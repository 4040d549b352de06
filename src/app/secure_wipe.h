// Zeroing memory that held a secret (a password, our copies of it) so that it cannot be read back later
// from the heap: by any script on the page in the browser (the whole wasm memory is one ArrayBuffer), or
// from a heap dump. A plain memset before free is removed by the optimiser as a dead store; these writes
// go through a volatile pointer, so they stay.
//
//     app::secure_wipe(form.password);           // its bytes, up to its capacity, then empty
//     app::secure_wipe(buffer.data(), buffer.size());
#pragma once

#include <cstddef>
#include <string>

namespace app {

// Sets `size` bytes at `data` to zero. nullptr with size 0 is allowed. Never throws.
void secure_wipe(void* data, std::size_t size) noexcept;

// Zeroes every byte `text` owns (its capacity, so also what an earlier, longer value left there), then
// leaves it empty. clear() alone keeps the bytes in the buffer. Never throws.
void secure_wipe(std::string& text) noexcept;

} // namespace app
