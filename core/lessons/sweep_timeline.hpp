// The axis-flip animation as a deterministic machine: a highlight sweeps the reduction groups one by
// one; for each group the cells light up (highlight), then its mu and sigma appear (statistics), then
// its outputs fill in (output). Time and step are interchangeable, so the app's play mode, its
// step-by-step mode, the screenshot mode (N frames at a fixed time step) and the tests all see the same
// frames. Any step can be jumped to (llm-viz's lesson: the user drives).
#pragma once

#include <cstddef>

namespace normlab::lessons {

enum class SweepPhase { highlight, statistics, output };
inline constexpr std::size_t kPhasesPerGroup = 3;

// What one group's cells show in a frame.
enum class CellStage {
  waiting,           // not reached yet: input shown, output empty
  highlighted,       // the sweep is on this group: its cells are outlined
  statistics_shown,  // mu and sigma of the group are shown beside it
  output_shown,      // the group's outputs are filled in (and its statistics stay shown)
};

struct SweepFrame {
  std::size_t step = 0;          // 0 .. step_count() - 1 (the last step when finished)
  std::size_t group = 0;         // the group in focus
  SweepPhase phase = SweepPhase::highlight;
  double phase_progress = 0;     // 0 .. 1 within the phase, for fades
  bool finished = false;         // past the end: every group shows its output
};

class SweepTimeline {
 public:
  // seconds_per_phase > 0 at speed 1; the app scales time by its speed control before asking.
  explicit SweepTimeline(std::size_t group_count, double seconds_per_phase = 0.6);

  std::size_t group_count() const { return group_count_; }
  std::size_t step_count() const { return group_count_ * kPhasesPerGroup; }
  double seconds_per_phase() const { return seconds_per_phase_; }
  double duration_seconds() const { return static_cast<double>(step_count()) * seconds_per_phase_; }

  SweepFrame at_time(double seconds) const;  // negative times clamp to the start
  SweepFrame at_step(std::size_t step) const;  // steps past the end give the finished frame
  double time_of_step(std::size_t step) const;  // when a step begins

  static CellStage stage_of(const SweepFrame& frame, std::size_t group);

 private:
  std::size_t group_count_;
  double seconds_per_phase_;
};

}  // namespace normlab::lessons
