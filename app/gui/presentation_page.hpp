// A step's page, spelt once for every panel: the step's one-line caption and its notes (from
// assets/panels/<panel>.json, keys "<step>.caption" and "<step>"), a drawer for the controls a lecturer
// rarely touches during a talk, and the central object (the matrices, the plot, the cube, the table),
// whose rectangle is reported to the shell so that tests can measure the room it got.
//
// At the desk the page is what it always was: the prose as a muted paragraph, the controls in place.
// Presenting, the prose collapses to the caption (N shows the notes beside the picture when the aspect
// leaves room, else over it), and the drawer's controls hide behind a "Controls" button (or C).
#pragma once

#include <imgui.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace normlab::panels {
struct PanelContext;
}

namespace normlab::gui {

// Kept by the shell across frames (the toggles) and filled in by the panel during each frame (the rest).
struct PageState {
  bool show_notes = false;   // presenting: N
  bool drawer_open = false;  // presenting: C or the Controls button
  // This frame's reports, cleared by begin_frame().
  std::string notes;                    // the notes the shell draws when show_notes
  bool central_reported = false;
  ImVec2 central_min{0, 0}, central_max{0, 0};  // screen pixels
  void begin_frame();
  float central_area() const;
};

class StepPage {
 public:
  // The step's texts from its panel's assets file; computed sentences (numbers of this frame) can be
  // added to the notes with add_notes.
  explicit StepPage(panels::PanelContext& context);

  const std::string& caption() const { return caption_; }
  void add_notes(std::string_view sentences);

  // The step's top. Desk: caption and notes as one muted wrapped paragraph, then `rare_controls` in
  // place. Presenting: one line with the caption (cut with "..." when the page is narrower), a
  // "Controls" button (C) when there are rare controls, and "N: notes" when there are notes; the open
  // drawer is a window under the button holding the controls.
  void draw_header(const std::function<void()>& rare_controls = {});

  // Everything drawn between these two is the central object: measured as one group and reported.
  void begin_central();
  void end_central();

  // Paragraphs as the central object: in the largest of the heading, large and body fonts with which
  // they fit the rest of the page at its full width (presenting) or `desk_wrap` (desk), wrapped.
  struct Paragraph {
    std::string text;
    ImVec4 colour;
  };
  void draw_central_text(const std::vector<Paragraph>& paragraphs, float desk_wrap);

  bool presenting() const;

 private:
  panels::PanelContext& context_;
  std::string caption_, notes_;
};

// The cell padding (top and bottom) with which a table of `rows` rows of one text line (in the current
// font) fills `height`: at most a line (a taller row stops reading as one table), 0 when even that
// does not fit.
float row_padding_to_fill(int rows, float height);

// Presenting: draws the page's notes when asked (N) beside the reported central object when the page
// has a quarter of its width free to its right, else over the bottom of the object. Called by the
// shell after the panel has drawn, with the rectangle the panel was given.
void draw_page_notes(PageState& page, ImVec2 body_min, ImVec2 body_max, float scale);

}  // namespace normlab::gui
