#include "lessons/sweep_timeline.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace normlab::lessons {

SweepTimeline::SweepTimeline(std::size_t group_count, double seconds_per_phase)
    : group_count_(group_count), seconds_per_phase_(seconds_per_phase) {
  if (!(seconds_per_phase > 0) || !std::isfinite(seconds_per_phase)) {
    throw std::invalid_argument("a sweep phase must last a positive, finite time");
  }
}

SweepFrame SweepTimeline::at_step(std::size_t step) const {
  SweepFrame frame;
  if (group_count_ == 0) {
    frame.finished = true;
    return frame;
  }
  if (step >= step_count()) {
    frame = at_step(step_count() - 1);
    frame.phase_progress = 1.0;
    frame.finished = true;
    return frame;
  }
  frame.step = step;
  frame.group = step / kPhasesPerGroup;
  frame.phase = static_cast<SweepPhase>(step % kPhasesPerGroup);
  return frame;
}

SweepFrame SweepTimeline::at_time(double seconds) const {
  const double phases = std::max(seconds, 0.0) / seconds_per_phase_;
  const double whole_phases = std::floor(phases);
  if (whole_phases >= static_cast<double>(step_count())) return at_step(step_count());
  SweepFrame frame = at_step(static_cast<std::size_t>(whole_phases));
  frame.phase_progress = phases - whole_phases;
  return frame;
}

double SweepTimeline::time_of_step(std::size_t step) const {
  return static_cast<double>(std::min(step, step_count())) * seconds_per_phase_;
}

CellStage SweepTimeline::stage_of(const SweepFrame& frame, std::size_t group) {
  if (frame.finished || group < frame.group) return CellStage::output_shown;
  if (group > frame.group) return CellStage::waiting;
  switch (frame.phase) {
    case SweepPhase::highlight: return CellStage::highlighted;
    case SweepPhase::statistics: return CellStage::statistics_shown;
    case SweepPhase::output: return CellStage::output_shown;
  }
  return CellStage::waiting;
}

}  // namespace normlab::lessons
