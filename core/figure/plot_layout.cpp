// Layout of one plot: margins from measured tick labels and axis labels, colorbar, legend, and a text
// box for every piece of text the plot draws. Everything is placed relative to the final plot area, so
// the heatmap's squaring (which shrinks and centres the area) moves its labels with it.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>

#include "figure/geometry.hpp"

namespace normlab::figure::detail {

namespace {

constexpr double kLabelGap = kGap * 0.5;  // between an axis label and its tick labels

std::vector<std::string> index_labels(const std::vector<std::string>& given, std::size_t count) {
  if (given.size() == count) return given;
  std::vector<std::string> labels;
  for (std::size_t index = 0; index < count; ++index) labels.push_back(std::to_string(index + 1));
  return labels;
}

double widest_label(const std::vector<std::string>& labels, Painter& painter, double size_pt) {
  double width = 0;
  for (const auto& label : labels) width = std::max(width, painter.measure_text(label, size_pt).width);
  return width;
}

double widest_tick(const std::vector<Tick>& ticks, Painter& painter, double size_pt) {
  double width = 0;
  for (const auto& tick : ticks) {
    if (!tick.label.empty()) width = std::max(width, painter.measure_text(tick.label, size_pt).width);
  }
  return width;
}

// Ticks at cell or category centres, thinned to a 1-2-5 stride so their labels do not collide.
std::vector<Tick> centred_ticks(const std::vector<std::string>& labels, double pixels_per_item, double label_size,
                                const std::function<double(std::size_t)>& position) {
  std::size_t stride = 1;
  for (std::size_t candidate : {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000}) {
    stride = candidate;
    if (pixels_per_item * double(candidate) >= label_size + kGap) break;
  }
  std::vector<Tick> ticks;
  for (std::size_t index = 0; index < labels.size(); ++index) {
    // Every stride-th label (5, 10, 15...), and the first one too when it cannot crowd the second.
    if (stride == 1 || (index + 1) % stride == 0 || (index == 0 && stride >= 5)) {
      ticks.push_back(Tick{position(index), labels[index], true});
    }
  }
  return ticks;
}

// The x tick labels split into lines: categories too wide for their slot wrap onto a second line rather
// than being thinned out (three bars named "LayerNorm forward" kept one label at 1024 x 768).
std::vector<std::vector<std::string>> x_tick_lines(const PlotLayout& layout, const Theme& theme, Painter& painter) {
  std::vector<std::vector<std::string>> lines;
  const bool centred = layout.categorical_x || layout.heatmap;
  double slot = 0;
  if (centred && !layout.x_ticks.empty()) {
    const double items = layout.x_range.span();
    slot = layout.plot_area.width / std::max(items, 1.0) - kGap;
  }
  for (const auto& tick : layout.x_ticks) {
    std::vector<std::string> wrapped{tick.label};
    if (centred && painter.measure_text(tick.label, theme.tick_font_pt).width > slot) {
      wrapped = wrap_text(painter, tick.label, theme.tick_font_pt, false, slot);
      if (wrapped.size() > 2) wrapped = {tick.label};
    }
    lines.push_back(std::move(wrapped));
  }
  return lines;
}

// True when neighbouring x tick labels (as wrapped) stand at least a gap apart.
bool x_labels_apart(const PlotLayout& layout, const std::vector<std::vector<std::string>>& lines, const Theme& theme,
                    Painter& painter) {
  double previous_right = -INFINITY;
  for (std::size_t index = 0; index < layout.x_ticks.size(); ++index) {
    if (layout.x_ticks[index].label.empty()) continue;
    double width = 0;
    for (const auto& line : lines[index]) width = std::max(width, painter.measure_text(line, theme.tick_font_pt).width);
    const double centre = layout.x_to_pixel(layout.x_ticks[index].value);
    if (centre - width / 2 < previous_right + kGap) return false;
    previous_right = centre + width / 2;
  }
  return true;
}

void compute_ticks(PlotLayout& layout, const Theme& theme, const LayoutDetail& detail, Painter& painter) {
  const Figure& plot = *layout.plot;
  const double tick_pt = theme.tick_font_pt;
  const double tick_line = line_height(theme, tick_pt);
  if (const auto* heatmap = first_heatmap(plot)) {
    const auto cols = index_labels(detail.numbered_cells ? std::vector<std::string>{} : heatmap->col_labels, heatmap->cols);
    const auto rows = index_labels(detail.numbered_cells ? std::vector<std::string>{} : heatmap->row_labels, heatmap->rows);
    layout.x_ticks = centred_ticks(cols, layout.plot_area.width / double(std::max<std::size_t>(heatmap->cols, 1)),
                                   widest_label(cols, painter, tick_pt) * detail.tick_spacing,
                                   [](std::size_t col) { return double(col) + 0.5; });
    const std::size_t row_count = heatmap->rows;
    layout.y_ticks = centred_ticks(rows, layout.plot_area.height / double(std::max<std::size_t>(row_count, 1)),
                                   tick_line * 0.8 * detail.tick_spacing,
                                   [row_count](std::size_t row) { return double(row_count - row) - 0.5; });
    return;
  }
  if (layout.categorical_x) {
    const auto grouping = bar_grouping(plot);
    // Room for a wrapped label (half its width), thinned only when even that does not fit: labels that
    // cannot wrap ("s1", "s2") get their whole width.
    for (const double share : {0.55, 1.0}) {
      layout.x_ticks = centred_ticks(
          grouping.categories, layout.plot_area.width / double(std::max<std::size_t>(grouping.categories.size(), 1)),
          widest_label(grouping.categories, painter, tick_pt) * share * detail.tick_spacing,
          [](std::size_t index) { return double(index); });
      if (x_labels_apart(layout, x_tick_lines(layout, theme, painter), theme, painter)) break;
    }
  } else {
    // Fewer ticks until their measured labels stand apart.
    for (int count = std::max(2, int(layout.plot_area.width / (110 * detail.tick_spacing))); count >= 2; --count) {
      layout.x_ticks = nice_ticks(layout.x_range, layout.x_scale, count);
      if (x_labels_apart(layout, x_tick_lines(layout, theme, painter), theme, painter)) break;
    }
  }
  // Fewer ticks until their labels stand a line apart; on a plot too short even for that, labels are
  // dropped from ticks too close to the last labelled one (they stay as unlabelled ticks).
  for (int count = std::max(2, int(layout.plot_area.height / (std::max(60.0, 2.2 * tick_line) * detail.tick_spacing)));
       count >= 2; --count) {
    layout.y_ticks = nice_ticks(layout.y_range, layout.y_scale, count);
    bool apart = true;
    double previous = INFINITY;
    for (const auto& tick : layout.y_ticks) {
      if (tick.label.empty()) continue;
      const double y = layout.y_to_pixel(tick.value);
      apart = apart && std::fabs(y - previous) >= tick_line;
      previous = y;
    }
    if (apart) break;
  }
  double last_labelled = INFINITY;
  for (auto& tick : layout.y_ticks) {
    if (tick.label.empty()) continue;
    const double y = layout.y_to_pixel(tick.value);
    if (std::fabs(y - last_labelled) < tick_line) {
      tick.label.clear();
      tick.major = false;
    } else {
      last_labelled = y;
    }
  }
}

// Colorbar ticks whose labels stand a line apart along a bar `height` px tall: fewer ticks until they
// do, then only the two ends, then only the top.
std::vector<Tick> colorbar_ticks(Range range, double height, const Theme& theme) {
  const double spacing = line_height(theme, theme.tick_font_pt);
  const auto apart = [&](const std::vector<Tick>& ticks) {
    for (std::size_t index = 1; index < ticks.size(); ++index) {
      if (std::fabs(ticks[index].value - ticks[index - 1].value) / range.span() * height < spacing) return false;
    }
    return true;
  };
  std::vector<Tick> ticks;
  for (int count = std::max(2, int(height / std::max(60.0, 2.2 * spacing))); count >= 2; --count) {
    ticks = nice_ticks(range, AxisScale::linear, count);
    if (apart(ticks)) return ticks;
  }
  if (ticks.empty()) return ticks;
  if (ticks.size() > 2) ticks = {ticks.front(), ticks.back()};
  if (!apart(ticks)) ticks = {ticks.back()};
  return ticks;
}

// Beside the plot a legend may take at most this share of the frame's width before going below is
// considered.
constexpr double kMostRightLegendShare = 0.3;

// How roomy axes of this space (a frame less what a legend takes) are: the shorter of the width and
// twice the height (plots read best about twice as wide as tall), after the usual margins (about four
// label lines across, three down).
double axes_extent(double width, double height, double label_line) {
  return std::min(width - 3.8 * label_line, 2 * (height - 2.9 * label_line));
}

std::size_t max_lines(const std::vector<std::vector<std::string>>& lines) {
  std::size_t most = 1;
  for (const auto& tick_lines : lines) most = std::max(most, tick_lines.size());
  return most;
}

}  // namespace

std::vector<std::string> panel_title_lines(const Figure& plot, const Theme& theme, Painter& painter, double width) {
  if (plot.title.empty()) return {};
  return wrap_text(painter, plot.title, theme.label_font_pt, true, width);
}

PlotLayout layout_plot(const Figure& plot, std::size_t plot_index, bool is_panel, std::size_t row_title_lines,
                       const Theme& theme, const LayoutDetail& detail, Painter& painter, Rect frame,
                       const PlotView* view, std::optional<LegendPlacement> legend_override,
                       std::vector<TextBox>& texts) {
  PlotLayout layout;
  layout.plot = &plot;
  layout.frame = frame;
  const HeatmapSeries* heatmap = first_heatmap(plot);
  layout.heatmap = heatmap != nullptr;
  layout.categorical_x = bar_grouping(plot).bar_series > 0;
  layout.x_scale = layout.heatmap || layout.categorical_x ? AxisScale::linear : plot.x_axis.scale;
  layout.y_scale = layout.heatmap ? AxisScale::linear : plot.y_axis.scale;
  layout.x_range = view && view->x_range ? *view->x_range : fitted_x_range(plot);
  layout.y_range = view && view->y_range ? *view->y_range : fitted_y_range(plot);

  const double tick_line = line_height(theme, theme.tick_font_pt);
  const double label_pt = theme.label_font_pt;
  const double label_line = line_height(theme, label_pt);
  Rect inner = frame;
  std::vector<std::string> title_lines;
  if (is_panel) {
    title_lines = panel_title_lines(plot, theme, painter, frame.width);
    const std::size_t lines = std::max(title_lines.size(), row_title_lines);
    const double taken = lines == 0 ? 0 : double(lines) * label_line + kGap * 0.5;
    inner.y += taken, inner.height -= taken;
  }

  // ---- The legend's place and size.
  const auto entries = legend_entries(plot, theme);
  LegendPlacement placement = entries.empty() ? LegendPlacement::hidden
                                              : legend_override.value_or(effective_legend_placement(plot));
  LegendGrid legend = legend_grid(entries, theme, painter, 1, inner.width * 0.45);
  // A legend below keeps clear of the y label's column (it runs down beside the x tick labels).
  const double y_label_column = plot.y_axis.label.empty() ? 0 : 2 * label_line + kLabelGap;
  const double below_room = inner.width - y_label_column;
  const auto grid_below = [&] {
    return legend_grid(entries, theme, painter, legend_columns_within(entries, theme, painter, below_room),
                       below_room);
  };
  if (placement == LegendPlacement::below) legend = grid_below();
  if (placement == LegendPlacement::outside_right && legend.size.x + kGap > kMostRightLegendShare * inner.width) {
    // A legend beside the plot in a narrow frame took the axes' width (eight entries at 600 px: 35%);
    // below, wrapped into rows, it takes height instead. It goes where the axes keep the larger side.
    const LegendGrid below = grid_below();
    if (axes_extent(inner.width, inner.height - below.size.y - kGap, label_line) >
        axes_extent(inner.width - legend.size.x - kGap, inner.height, label_line)) {
      placement = LegendPlacement::below;
      legend = below;
    }
  }
  layout.legend_columns = legend.columns;
  double reserved_right = 0, reserved_bottom = 0;
  if (placement == LegendPlacement::outside_right) reserved_right += legend.size.x + kGap;
  if (placement == LegendPlacement::below) reserved_bottom += legend.size.y + kGap;

  // ---- Margins. They depend on the tick labels and the wrapped axis labels, which depend on the plot
  // size: a few rounds settle it.
  const bool colorbar = heatmap && heatmap->show_colorbar;
  if (colorbar) layout.colorbar_range = heatmap_value_range(*heatmap);
  std::vector<std::string> x_label_lines, y_label_lines, colorbar_label_lines;
  std::vector<std::vector<std::string>> tick_lines;
  double colorbar_tick_width = 0;
  layout.plot_area = Rect{inner.x + 60, inner.y + 10, inner.width - 80 - reserved_right,
                          inner.height - 60 - reserved_bottom};
  for (int round = 0; round < 3; ++round) {
    layout.plot_area.width = std::max(layout.plot_area.width, 10.0);
    layout.plot_area.height = std::max(layout.plot_area.height, 10.0);
    compute_ticks(layout, theme, detail, painter);
    tick_lines = x_tick_lines(layout, theme, painter);
    const double y_label_room = inner.height - reserved_bottom;
    y_label_lines = label_lines(painter, plot.y_axis.label, label_pt, y_label_room);
    double right = 0;
    if (colorbar) {
      layout.colorbar_ticks = colorbar_ticks(layout.colorbar_range, layout.plot_area.height, theme);
      colorbar_tick_width = widest_tick(layout.colorbar_ticks, painter, theme.tick_font_pt);
      colorbar_label_lines = label_lines(painter, heatmap->colorbar_label, label_pt, layout.plot_area.height);
      right += kGap * 2 + kColorbarWidth + kTickLength + 4 + colorbar_tick_width +
               (colorbar_label_lines.empty() ? 0 : kGap + label_line * double(colorbar_label_lines.size()));
    }
    const double left = widest_tick(layout.y_ticks, painter, theme.tick_font_pt) + kTickLength + 6 +
                        (y_label_lines.empty() ? 0 : label_line * double(y_label_lines.size()) + kLabelGap) + 2;
    const double x_label_room = inner.width - (y_label_lines.empty() ? 0 : label_line * double(y_label_lines.size())) -
                                (placement == LegendPlacement::outside_right ? legend.size.x + kGap : 0);
    x_label_lines = label_lines(painter, plot.x_axis.label, label_pt, x_label_room);
    const double bottom = kTickLength + 4 + tick_line * double(max_lines(tick_lines)) +
                          (x_label_lines.empty() ? 0 : label_line * double(x_label_lines.size()) + kLabelGap) +
                          kGap * 0.5;
    const double last_label = layout.x_ticks.empty() || layout.heatmap || layout.categorical_x
                                  ? 0
                                  : painter.measure_text(layout.x_ticks.back().label, theme.tick_font_pt).width;
    right = std::max(right, last_label * 0.5 + 2);
    right = std::max(right, kGap * 1.5) + reserved_right;
    const double top = tick_line * 0.5 + kGap * 0.5;
    layout.plot_area = Rect{inner.x + left, inner.y + top, inner.width - left - right,
                            inner.height - top - bottom - reserved_bottom};
  }
  layout.plot_area.width = std::max(layout.plot_area.width, 1.0);
  layout.plot_area.height = std::max(layout.plot_area.height, 1.0);
  if (heatmap && heatmap->rows > 0 && heatmap->cols > 0) {
    // Nearly square cells read as a matrix (at most 1.6 : 1 either way); centre the shrunk area in the
    // space the margins left.
    constexpr double kMaxAspect = 1.6;
    const double cell_width = layout.plot_area.width / double(heatmap->cols);
    const double cell_height = layout.plot_area.height / double(heatmap->rows);
    const double width = std::min(cell_width, cell_height * kMaxAspect) * double(heatmap->cols);
    const double height = std::min(cell_height, cell_width * kMaxAspect) * double(heatmap->rows);
    layout.plot_area.x += (layout.plot_area.width - width) / 2;
    layout.plot_area.y += (layout.plot_area.height - height) / 2;
    layout.plot_area.width = width, layout.plot_area.height = height;
    compute_ticks(layout, theme, detail, painter);
    tick_lines = x_tick_lines(layout, theme, painter);
  }
  const Rect& area = layout.plot_area;

  // ---- Texts, all relative to the final plot area.
  if (!title_lines.empty()) {
    double widest = 0;
    for (const auto& line : title_lines) widest = std::max(widest, painter.measure_text(line, label_pt, true).width);
    const double centre = centre_within(area.x + area.width / 2, widest / 2, frame.x, frame.right());
    for (std::size_t index = 0; index < title_lines.size(); ++index) {
      texts.push_back(text_box(painter, TextRole::panel_title, plot_index, title_lines[index],
                               {centre, frame.y + label_line * double(index)},
                               TextStyle{label_pt, theme.text, HorizontalAlign::center, VerticalAlign::top, true}));
    }
  }
  for (std::size_t index = 0; index < layout.x_ticks.size(); ++index) {
    const double x = layout.x_to_pixel(layout.x_ticks[index].value);
    if (x < area.x - 0.5 || x > area.right() + 0.5) continue;
    for (std::size_t line = 0; line < tick_lines[index].size(); ++line) {
      if (tick_lines[index][line].empty()) continue;
      texts.push_back(text_box(painter, TextRole::tick_label, plot_index, tick_lines[index][line],
                               {x, area.bottom() + kTickLength + 3 + tick_line * double(line)},
                               TextStyle{theme.tick_font_pt, theme.text, HorizontalAlign::center, VerticalAlign::top}));
    }
  }
  double y_tick_width = 0;
  for (const auto& tick : layout.y_ticks) {
    const double y = layout.y_to_pixel(tick.value);
    if (tick.label.empty() || y < area.y - 0.5 || y > area.bottom() + 0.5) continue;
    texts.push_back(text_box(painter, TextRole::tick_label, plot_index, tick.label, {area.x - kTickLength - 4, y},
                             TextStyle{theme.tick_font_pt, theme.text, HorizontalAlign::right, VerticalAlign::middle}));
    y_tick_width = std::max(y_tick_width, texts.back().box.width);
  }
  const double x_label_top = area.bottom() + kTickLength + 4 + tick_line * double(max_lines(tick_lines)) + kLabelGap;
  const double y_label_left =
      area.x - kTickLength - 6 - y_tick_width - kLabelGap - label_line * double(y_label_lines.size());
  if (!x_label_lines.empty()) {
    double widest = 0;
    for (const auto& line : x_label_lines) widest = std::max(widest, painter.measure_text(line, label_pt).width);
    // Centred under the axes, but kept off a legend beside them and inside the frame.
    const double right_end =
        placement == LegendPlacement::outside_right ? frame.right() - legend.size.x - kGap : frame.right();
    const double left_end = y_label_lines.empty() ? frame.x : y_label_left + label_line * double(y_label_lines.size());
    const double centre = centre_within(area.x + area.width / 2, widest / 2, left_end, right_end);
    for (std::size_t index = 0; index < x_label_lines.size(); ++index) {
      texts.push_back(text_box(painter, TextRole::axis_label, plot_index, x_label_lines[index],
                               {centre, x_label_top + label_line * double(index)},
                               TextStyle{label_pt, theme.text, HorizontalAlign::center, VerticalAlign::top}));
    }
  }
  const double axes_bottom = x_label_top + label_line * double(x_label_lines.size());
  // A legend below sits under the x axis label (centred on the plot, not at the frame's bottom, far from
  // the data); the y label stays above it.
  const double legend_below_top = std::min(axes_bottom + kGap * 0.5, frame.bottom() - legend.size.y);
  place_vertical_lines(y_label_lines, TextRole::axis_label, y_label_left, area.y + area.height / 2, inner.y,
                       placement == LegendPlacement::below ? legend_below_top : inner.bottom(), label_pt, theme,
                       painter, plot_index, texts);
  if (colorbar) {
    const Rect bar{area.right() + kGap * 2, area.y, kColorbarWidth, area.height};
    layout.colorbar = bar;
    layout.colorbar_ticks = colorbar_ticks(layout.colorbar_range, area.height, theme);
    double widest = 0;
    for (const auto& tick : layout.colorbar_ticks) {
      const double y = bar.bottom() - (tick.value - layout.colorbar_range.min) / layout.colorbar_range.span() * bar.height;
      texts.push_back(text_box(painter, TextRole::colorbar_tick, plot_index, tick.label,
                               {bar.right() + kTickLength + 3, y},
                               TextStyle{theme.tick_font_pt, theme.text, HorizontalAlign::left, VerticalAlign::middle}));
      widest = std::max(widest, texts.back().box.width);
    }
    place_vertical_lines(colorbar_label_lines, TextRole::colorbar_label, bar.right() + kTickLength + 4 + widest + kGap,
                         bar.y + bar.height / 2, bar.y, bar.bottom(), label_pt, theme, painter, plot_index, texts);
  }
  if (heatmap) place_cell_values(layout, *heatmap, theme, painter, plot_index, texts);
  place_bar_values(layout, theme, painter, plot_index, texts);
  place_annotations(layout, theme, painter, plot_index, texts);

  // ---- The legend's box, now that the axes and their texts are placed.
  if (placement == LegendPlacement::outside_right) {
    place_legend(layout, entries, legend, {frame.right() - legend.size.x, area.y}, theme, painter, plot_index, texts);
  } else if (placement == LegendPlacement::below) {
    // A grid wider than the plot area (it may take the frame's width) stays inside the frame.
    const double centred = area.x + (area.width - legend.size.x) / 2;
    const double leftmost = y_label_lines.empty() ? frame.x : y_label_left + label_line * double(y_label_lines.size());
    place_legend(layout, entries, legend,
                 {std::max(leftmost, std::min(centred, frame.right() - legend.size.x)), legend_below_top}, theme,
                 painter, plot_index, texts);
  } else if (placement != LegendPlacement::hidden) {
    const auto corner = [&](LegendPlacement at) {
      const bool left = at == LegendPlacement::top_left || at == LegendPlacement::bottom_left;
      const bool top = at == LegendPlacement::top_left || at == LegendPlacement::top_right;
      return Point{left ? area.x + kGap : area.right() - kGap - legend.size.x,
                   top ? area.y + kGap : area.bottom() - kGap - legend.size.y};
    };
    if (placement == LegendPlacement::automatic) {
      // The inside corner covering the least data, as matplotlib's "best" does; the fitting loop moves
      // the legend outside when even that one covers some.
      std::size_t best_count = SIZE_MAX;
      for (LegendPlacement candidate : {LegendPlacement::top_right, LegendPlacement::top_left,
                                        LegendPlacement::bottom_right, LegendPlacement::bottom_left}) {
        const Point at = corner(candidate);
        const std::size_t covered = data_covered(layout, Rect{at.x, at.y, legend.size.x, legend.size.y}, texts);
        if (covered < best_count) best_count = covered, placement = candidate;
      }
    }
    place_legend(layout, entries, legend, corner(placement), theme, painter, plot_index, texts);
  }
  layout.legend_placement = placement;
  return layout;
}

}  // namespace normlab::figure::detail
