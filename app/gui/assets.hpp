// The app's data files (assets/): where they are, and panel prose as data. A panel's sentences live in
// assets/panels/<panel id>.json (an object of key -> text, keyed by step id), so a teacher can fix a
// sentence without compiling and lessons and translations can reuse it.
#pragma once

#include <string>
#include <string_view>

namespace normlab::gui {

// $NORMLAB_ASSETS/<file>, else the source tree's assets/<file>.
std::string asset_path(const std::string& file_name);

// The text `key` of panel `panel_id`; a missing file or key gives "[missing text: panel/key]", shown
// rather than hidden so that it is noticed (and a test checks every key the panels use).
const std::string& panel_text(std::string_view panel_id, std::string_view key);
// The same, or nullptr when the file has no such text (for texts a step may go without: its notes).
const std::string* find_panel_text(std::string_view panel_id, std::string_view key);

}  // namespace normlab::gui
