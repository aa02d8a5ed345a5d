// Small ImGui idioms every panel uses, spelt once (as Tracy's TracyImGui.hpp does): a muted note that
// wraps at the column's edge, and a background job's progress bar with its words.
#pragma once

#include <imgui.h>

#include <string_view>

#include "gui/job.hpp"

namespace normlab::gui {

// `text` in `colour`, wrapped at the right edge of the current column.
void draw_wrapped_note(std::string_view text, const ImVec4& colour);

// A progress bar `width` wide labelled with the job's words ("round 3 of 9").
void draw_job_progress(const JobProgress& progress, float width);

}  // namespace normlab::gui
