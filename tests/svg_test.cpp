// svg_test.cpp - tests of svg.hpp: numbers and text in SVG, the heat map,
// the line chart, the scatter plot and saving.
//
// Every picture is read back by a small XML reader (tests/xml_reader.hpp),
// which fails on anything that is not well-formed: an unbalanced or unclosed
// element, an unquoted attribute, a raw "<" or "&" in text, bytes that are not
// UTF-8, a control character. The tests then look inside the picture the way
// a viewer would: one cell per weight holding the right number, masked cells
// marked, labels inside the picture. Expected numbers and colours are worked
// out by hand in the comments next to them. (.ci/run also renders every
// picture the programs draw with rsvg-convert.)
//
// Build and run:  make tests/svg_test && ./tests/svg_test

#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "../support/svg.hpp"
#include "xml_reader.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

Matrix matrix_from_rows(const std::vector<std::vector<float>>& rows) {
    Matrix M(rows.size(), rows[0].size());
    for (size_t r = 0; r < M.rows; r++)
        for (size_t c = 0; c < M.cols; c++) M(r, c) = rows[r][c];
    return M;
}

}  // namespace

// ---- the XML reader itself: it must catch what it is there to catch -----------

TEST_CASE("the test's XML reader accepts well-formed XML and rejects what is not") {
    auto root = parse("<svg a=\"1 &amp; 2\"><g><text>R&amp;D &lt;3</text></g><rect/></svg>\n");
    CHECK(root->name == "svg");
    CHECK(root->attribute("a") == "1 & 2");
    CHECK(by_name(*root, "text")[0]->text == "R&D <3");
    for (const char* bad : {"<svg><g></svg>", "<svg><g></g>", "<svg>a & b</svg>", "<svg>a < b</svg>",
                            "<svg a=1/>", "<svg a=\"<\"/>", "<svg>\xff</svg>", "<svg>\x01</svg>", "<svg/><svg/>",
                            "<svg a=\"1\"b=\"2\"/>", "<svg>&nbsp;</svg>"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(parse(bad), std::runtime_error);
    }
}

// ---- 1. numbers and text ----------------------------------------------------------

TEST_CASE("fixed writes a number with a fixed count of decimals, from integers") {
    CHECK(fixed(0.1777, 2) == "0.18");
    CHECK(fixed(0.1777, 4) == "0.1777");
    CHECK(fixed(-3, 1) == "-3.0");
    CHECK(fixed(2.5, 0) == "3");             // halves round away from zero
    CHECK(fixed(-2.5, 0) == "-3");
    CHECK(fixed(-0.001, 2) == "0.00");       // no "-0.00"
    CHECK(fixed(1234.5678, 3) == "1234.568");
    CHECK(fixed(0.07, 2) == "0.07");         // leading zeros of the fraction kept
    CHECK(fixed(1, 2) == "1.00");
    CHECK(px(12.345) == "12.3");
    CHECK_THROWS_AS(fixed(std::nan(""), 2), std::invalid_argument);
    CHECK_THROWS_AS(fixed(1e300, 2), std::invalid_argument);
    CHECK_THROWS_AS(fixed(1e9, 10), std::invalid_argument);  // 10^19 does not fit in a long long
    CHECK(fixed(0.5, 15) == "0.500000000000000");
}

TEST_CASE("svg_text_escape writes the five XML characters as entities") {
    CHECK(svg_text_escape("<a href=\"x\">R&D's</a>") == "&lt;a href=&quot;x&quot;&gt;R&amp;D&apos;s&lt;/a&gt;");
    CHECK(svg_text_escape("queen") == "queen");
    CHECK(svg_text_escape("&amp;") == "&amp;amp;");  // an entity in a word is a word, escaped again
}

TEST_CASE("svg_text_escape keeps UTF-8 and replaces what XML forbids with U+FFFD") {
    const std::string replacement = "\xEF\xBF\xBD";
    CHECK(svg_text_escape("caf\xC3\xA9") == "caf\xC3\xA9");                     // é, 2 bytes
    CHECK(svg_text_escape("\xE6\x97\xA5\xE6\x9C\xAC") == "\xE6\x97\xA5\xE6\x9C\xAC");  // 日本, 3 bytes each
    CHECK(svg_text_escape("\xF0\x9F\x98\x80") == "\xF0\x9F\x98\x80");         // U+1F600, 4 bytes
    CHECK(svg_text_escape("a\xFF" "b") == "a" + replacement + "b");               // not UTF-8 at all
    CHECK(svg_text_escape("caf\xE9") == "caf" + replacement);                    // Latin-1 é
    CHECK(svg_text_escape("a\x01" "b\x1B") == "a" + replacement + "b" + replacement);  // control characters
    CHECK(svg_text_escape("\xC0\xAF") == replacement + replacement);            // overlong "/"
    CHECK(svg_text_escape("\xED\xA0\x80") == replacement + replacement + replacement);  // a surrogate, U+D800
    CHECK(svg_text_escape("x\xE6\x97") == "x" + replacement + replacement);      // cut short at the end
    CHECK(svg_text_escape("\xEF\xBF\xBE") == replacement);                      // U+FFFE is not a character
    CHECK(svg_text_escape("\t") == "\t");
}

TEST_CASE("text_width counts characters, not bytes, with wider and narrower letters") {
    CHECK(text_width("", 10) == doctest::Approx(0));
    CHECK(text_width("iii", 10) == doctest::Approx(9.0));      // 3 x 0.3 x 10
    CHECK(text_width("mW", 10) == doctest::Approx(20.0));      // 2 x 1.0 x 10
    CHECK(text_width("ab", 10) == doctest::Approx(13.0));      // 2 x 0.65 x 10
    CHECK(text_width("K", 10) == doctest::Approx(7.8));        // capitals 0.78
    CHECK(text_width("caf\xC3\xA9", 10) == doctest::Approx(23.7));  // c, a and é 0.65 each, f 0.42
    CHECK(text_width("\xE6\x97\xA5", 10) == doctest::Approx(10.0));  // one wide character
    CHECK(bold_text_width("ab", 10) == doctest::Approx(14.56));  // 13 x 1.12
}

TEST_CASE("nice_ticks: steps of 1, 2 or 5 times a power of ten around the data") {
    // 0 to 5.84 in about 5 steps: 5.84 / 5 = 1.168, so steps of 2, from 0 to 6
    Ticks t = nice_ticks(0, 5.84, 5);
    CHECK(t.step == doctest::Approx(2));
    CHECK(t.first == doctest::Approx(0));
    CHECK(t.last == doctest::Approx(6));
    CHECK(t.decimals == 0);
    CHECK(tick_count(t) == 4);  // 0 2 4 6
    // 0 to 0.45: 0.09 a step, rounded up to 0.1; 0 to 0.5, one decimal
    t = nice_ticks(0, 0.45, 5);
    CHECK(t.step == doctest::Approx(0.1));
    CHECK(t.last == doctest::Approx(0.5));
    CHECK(t.decimals == 1);
    CHECK(tick_count(t) == 6);
    CHECK(tick_value(t, 3) == doctest::Approx(0.3));
    // -0.37 to 0.62 in about 8 steps: 0.124 rounded up to 0.2; -0.4 to 0.8
    t = nice_ticks(-0.37, 0.62, 8);
    CHECK(t.step == doctest::Approx(0.2));
    CHECK(t.first == doctest::Approx(-0.4));
    CHECK(t.last == doctest::Approx(0.8));
    // one value only: a unit around it
    t = nice_ticks(3, 3, 5);
    CHECK(t.first <= 3);
    CHECK(t.last >= 4);
}

TEST_CASE("the weight colours: near white at 0, dark blue at 1, mixed linearly") {
    CHECK(hex(weight_colour(0)) == "#f7fbff");    // (247, 251, 255)
    CHECK(hex(weight_colour(0.5)) == "#4292c6");  // (66, 146, 198)
    CHECK(hex(weight_colour(1)) == "#08306b");    // (8, 48, 107)
    // halfway from (247, 251, 255) to (66, 146, 198): (156.5, 198.5, 226.5), rounded away from zero
    CHECK(hex(weight_colour(0.25)) == "#9dc7e3");  // 157 = 0x9d, 199 = 0xc7, 227 = 0xe3
    CHECK(hex(weight_colour(-1)) == "#f7fbff");   // outside [0, 1]: the nearest end
    CHECK(hex(weight_colour(2)) == "#08306b");
    CHECK(text_colour_on(weight_colour(0.1)) == "#000000");  // black on light
    CHECK(text_colour_on(weight_colour(0.9)) == "#ffffff");  // white on dark
}

// ---- 4. the heat map ------------------------------------------------------------

TEST_CASE("heat map: well-formed, one cell per weight with its value, in row order") {
    // rows sum to 1; chosen so that each shows a different rounding
    const Matrix weights = matrix_from_rows({{0.5f, 0.25f, 0.25f}, {0.1234f, 0.8766f, 0.0f}, {0.333f, 0.333f, 0.334f}});
    const std::vector<std::string> words = {"the", "queen", "fed"};
    const std::string svg = attention_heat_map_svg({{"head 1 of 1", words, words, weights, {}}}, "test");
    auto root = parse(svg);
    CHECK(root->name == "svg");

    auto cells = by_class(*root, "cell");
    REQUIRE(cells.size() == 9);
    CHECK(by_class(*root, "masked").empty());
    const char* expected[9] = {"0.50", "0.25", "0.25", "0.12", "0.88", "0.00", "0.33", "0.33", "0.33"};
    const char* tooltips[9] = {"the \xE2\x86\x92 the: 0.5000",   "the \xE2\x86\x92 queen: 0.2500",
                               "the \xE2\x86\x92 fed: 0.2500",   "queen \xE2\x86\x92 the: 0.1234",
                               "queen \xE2\x86\x92 queen: 0.8766", "queen \xE2\x86\x92 fed: 0.0000",
                               "fed \xE2\x86\x92 the: 0.3330",   "fed \xE2\x86\x92 queen: 0.3330",
                               "fed \xE2\x86\x92 fed: 0.3340"};
    for (size_t k = 0; k < 9; k++) {
        CAPTURE(k);
        const Element* text = child(*cells[k], "text");
        const Element* rect = child(*cells[k], "rect");
        REQUIRE(text != nullptr);
        REQUIRE(rect != nullptr);
        CHECK(text->text == expected[k]);
        CHECK(child(*cells[k], "title")->text == tooltips[k]);
        CHECK(rect->attribute("fill") == hex(weight_colour(weights.data[k])));
    }
    // the cells of a row share a y, and step right by one cell width
    CHECK(child(*cells[1], "rect")->number("y") == child(*cells[0], "rect")->number("y"));
    CHECK(child(*cells[1], "rect")->number("x") - child(*cells[0], "rect")->number("x") == doctest::Approx(46));
    CHECK(child(*cells[3], "rect")->number("y") - child(*cells[0], "rect")->number("y") == doctest::Approx(46));
    // the 0.88 cell is dark, so its number is white; the 0.12 cell's is black
    CHECK(child(*cells[4], "text")->attribute("fill") == "#ffffff");
    CHECK(child(*cells[3], "text")->attribute("fill") == "#000000");
}

TEST_CASE("heat map: the legend's colour scale is the cells' colour scale") {
    const Matrix weights = matrix_from_rows({{1.0f, 0.0f}, {0.5f, 0.5f}});
    auto root = parse(attention_heat_map_svg({{"p", {"a", "b"}, {"a", "b"}, weights, {}}}, ""));
    auto stops = by_name(*root, "stop");
    REQUIRE(stops.size() == 3);  // 0, 0.5 and 1: between them both mix linearly
    CHECK(stops[0]->attribute("offset") == "0.0");
    CHECK(stops[0]->attribute("stop-color") == "#f7fbff");
    CHECK(stops[1]->attribute("stop-color") == "#4292c6");
    CHECK(stops[2]->attribute("stop-color") == "#08306b");
    // the legend's tick labels run 0.0 to 1.0; no "masked" swatch without masked cells
    std::vector<std::string> legend_texts;
    for (const Element* text : by_name(*by_class(*root, "legend")[0], "text")) legend_texts.push_back(text->text);
    CHECK(legend_texts == std::vector<std::string>{"weight", "0.0", "0.2", "0.4", "0.6", "0.8", "1.0"});
}

TEST_CASE("heat map: causal mask cells are marked masked, hatched, with no number") {
    const Matrix weights = matrix_from_rows({{1.0f, 0.0f, 0.0f}, {0.4f, 0.6f, 0.0f}, {0.2f, 0.3f, 0.5f}});
    const std::vector<std::string> words = {"a", "b", "c"};
    CHECK(causal_mask(3) == std::vector<bool>{false, true, true, false, false, true, false, false, false});
    auto root = parse(attention_heat_map_svg({{"causal", words, words, weights, causal_mask(3)}}, "t"));

    auto masked = by_class(*root, "masked");
    auto cells = by_class(*root, "cell");
    REQUIRE(masked.size() == 3);  // (0, 1), (0, 2), (1, 2)
    REQUIRE(cells.size() == 6);
    for (const Element* m : masked) {
        CHECK(child(*m, "text") == nullptr);
        CHECK(child(*m, "rect")->attribute("fill") == "url(#masked)");
    }
    CHECK(child(*masked[0], "title")->text == "a \xE2\x86\x92 b: masked");
    CHECK(child(*masked[2], "title")->text == "b \xE2\x86\x92 c: masked");
    // a real weight of 0.00 is still a number on a colour, not a masked cell
    const Matrix with_zero = matrix_from_rows({{1.0f, 0.0f}, {0.0f, 1.0f}});
    auto plain = parse(attention_heat_map_svg({{"p", {"a", "b"}, {"a", "b"}, with_zero, {}}}, ""));
    CHECK(child(*by_class(*plain, "cell")[1], "text")->text == "0.00");
    // the legend explains the hatching
    std::vector<std::string> legend_texts;
    for (const Element* text : by_name(*by_class(*root, "legend")[0], "text")) legend_texts.push_back(text->text);
    CHECK(legend_texts.back() == "masked");
    CHECK(by_name(*root, "pattern")[0]->attribute("id") == "masked");
}

TEST_CASE("heat map: words with <, &, quotes and bad bytes are escaped, and read back as they were") {
    const std::vector<std::string> words = {"<b>", "R&D", "\"q\"", "it's", "caf\xE9"};
    Matrix weights(5, 5, 0.2f);
    const std::string svg = attention_heat_map_svg({{"words & <tags>", words, words, weights, {}}}, "a \"title\"");
    CHECK(svg.find("<b>") == std::string::npos);
    CHECK(svg.find("&lt;b&gt;") != std::string::npos);
    CHECK(svg.find("R&amp;D") != std::string::npos);
    auto root = parse(svg);  // throws if anything is not escaped
    std::vector<std::string> texts;
    for (const Element* text : by_name(*root, "text")) texts.push_back(text->text);
    for (const char* expected : {"<b>", "R&D", "\"q\"", "it's", "caf\xEF\xBF\xBD", "words & <tags>", "a \"title\""})
        CHECK(std::find(texts.begin(), texts.end(), expected) != texts.end());
}

TEST_CASE("heat map: two panels side by side, each with its own cells") {
    const Matrix a = matrix_from_rows({{1.0f, 0.0f}, {0.5f, 0.5f}});
    const Matrix b = matrix_from_rows({{0.9f, 0.1f}, {0.3f, 0.7f}});
    const std::vector<std::string> w = {"x", "y"};
    auto root = parse(attention_heat_map_svg({{"head 1 of 2", w, w, a, {}}, {"head 2 of 2", w, w, b, {}}}, "two"));
    auto panels = by_class(*root, "panel");
    REQUIRE(panels.size() == 2);
    auto left = by_class(*panels[0], "cell"), right = by_class(*panels[1], "cell");
    REQUIRE(left.size() == 4);
    REQUIRE(right.size() == 4);
    CHECK(child(*right[3], "text")->text == "0.70");
    CHECK(child(*right[0], "rect")->number("x") > child(*left[3], "rect")->number("x") + 46);  // to the right
    CHECK(child(*right[0], "rect")->number("y") == child(*left[0], "rect")->number("y"));      // at the same height
    CHECK(by_name(*panels[1], "text")[0]->text == "head 2 of 2");
}

TEST_CASE("heat map: rows of panels, one under the other, the legend beside the first row") {
    const Matrix a = matrix_from_rows({{1.0f, 0.0f}, {0.5f, 0.5f}});
    const Matrix b = matrix_from_rows({{0.9f, 0.1f}, {0.3f, 0.7f}});
    const std::vector<std::string> w = {"x", "y"};
    auto root = parse(attention_heat_map_rows_svg({{{"before, head 1", w, w, a, {}}, {"before, head 2", w, w, b, {}}},
                                                   {{"after, head 1", w, w, b, {}}, {"after, head 2", w, w, a, {}}}},
                                                  "before and after"));
    auto panels = by_class(*root, "panel");
    REQUIRE(panels.size() == 4);
    auto top_left = by_class(*panels[0], "cell"), bottom_left = by_class(*panels[2], "cell");
    auto top_right = by_class(*panels[1], "cell"), bottom_right = by_class(*panels[3], "cell");
    REQUIRE(bottom_left.size() == 4);
    CHECK(child(*bottom_left[0], "text")->text == "0.90");
    CHECK(child(*bottom_right[0], "text")->text == "1.00");
    // the second row starts where the first did, below the first row's last cell (46 pixels high)
    CHECK(child(*bottom_left[0], "rect")->number("x") == child(*top_left[0], "rect")->number("x"));
    CHECK(child(*bottom_left[0], "rect")->number("y") > child(*top_left[3], "rect")->number("y") + 46);
    CHECK(child(*bottom_right[0], "rect")->number("y") == child(*bottom_left[0], "rect")->number("y"));
    // the legend's bar is right of every cell, level with the first row
    auto legend = by_class(*root, "legend");
    REQUIRE(legend.size() == 1);
    const Element* bar = by_name(*legend[0], "rect")[0];
    CHECK(bar->number("x") > child(*top_right[3], "rect")->number("x") + 46);
    CHECK(bar->number("y") == child(*top_left[0], "rect")->number("y"));
    // the picture is tall enough for the second row
    CHECK(root->number("height") > child(*bottom_left[3], "rect")->number("y") + 46);
    CHECK_THROWS_AS(attention_heat_map_rows_svg({{{"p", w, w, a, {}}}, {}}, "a row without panels"), std::invalid_argument);
}

TEST_CASE("heat map: long words are not clipped") {
    const std::string long_word = "supercalifragilisticexpialidocious";  // 34 letters
    const std::vector<std::string> words = {"a", long_word};
    const Matrix weights = matrix_from_rows({{0.5f, 0.5f}, {0.5f, 0.5f}});
    auto root = parse(attention_heat_map_svg({{"p", words, words, weights, {}}}, ""));
    const double width = root->number("width");
    const double estimate = text_width(long_word, 13);  // the labels' size
    for (const Element* text : by_name(*root, "text")) {
        if (text->text != long_word) continue;
        const double x = text->number("x"), y = text->number("y");
        if (text->attribute("text-anchor") == "end") {  // the query, left of the grid
            CHECK(x - estimate >= 0);
        } else {  // the key, rising at 45 degrees from (x, y)
            CHECK(x + 0.7071 * estimate <= width);
            CHECK(y - 0.7071 * estimate >= 0);
        }
    }
}

TEST_CASE("heat map: refuses data it cannot draw") {
    const Matrix w = matrix_from_rows({{0.5f, 0.5f}, {0.5f, 0.5f}});
    CHECK_THROWS_AS(attention_heat_map_svg({}, "no panels"), std::invalid_argument);
    CHECK_THROWS_AS(attention_heat_map_svg({{"p", {"a"}, {"a", "b"}, w, {}}}, ""), std::invalid_argument);
    CHECK_THROWS_AS(attention_heat_map_svg({{"p", {"a", "b"}, {"a", "b"}, w, {true}}}, ""), std::invalid_argument);
    Matrix nan_weight = w;
    nan_weight(1, 0) = std::nanf("");
    CHECK_THROWS_AS(attention_heat_map_svg({{"p", {"a", "b"}, {"a", "b"}, nan_weight, {}}}, ""), std::invalid_argument);
}

// ---- 5. the line chart ----------------------------------------------------------

TEST_CASE("line chart: well-formed, one polyline per curve, dashed baselines at the right height") {
    Curve loss{"held-out loss", {0, 100, 200}, {5.0, 3.0, 2.0}};
    ChartPanel top{"loss", {loss}, {{"bigram", 3.0}, {"chance", 5.84}}};
    Curve accuracy{"accuracy", {0, 100, 200}, {0.1, 0.3, 0.4}};
    ChartPanel bottom{"accuracy", {accuracy}, {{"most frequent", 0.2}}};
    auto root = parse(line_chart_svg("training & <test>", "step", {top, bottom}));

    auto charts = by_class(*root, "chart");
    REQUIRE(charts.size() == 2);
    auto curves = by_class(*charts[0], "curve");
    auto baselines = by_class(*charts[0], "baseline");
    REQUIRE(curves.size() == 1);
    REQUIRE(baselines.size() == 2);
    CHECK(by_class(*charts[1], "baseline").size() == 1);
    CHECK(!baselines[0]->attribute("stroke-dasharray").empty());

    // the loss curve's second point has y = 3.0, exactly the bigram baseline's height
    std::istringstream points(curves[0]->attribute("points"));
    std::vector<std::pair<double, double>> xy;
    std::string pair;
    while (points >> pair) xy.push_back({std::stod(pair.substr(0, pair.find(','))), std::stod(pair.substr(pair.find(',') + 1))});
    REQUIRE(xy.size() == 3);
    CHECK(xy[1].second == doctest::Approx(baselines[0]->number("y1")));
    // larger values are higher up (smaller y); equal steps of x are equal steps on the page
    CHECK(xy[0].second < xy[1].second);
    CHECK(xy[1].second < xy[2].second);
    CHECK(xy[1].first - xy[0].first == doctest::Approx(xy[2].first - xy[1].first));
    // the axis starts at 0 (y = 0 at the bottom of the frame): 5.0 is 5/6 of the way up from 0 to 6
    const Element* frame = nullptr;
    for (const auto& e : charts[0]->children)
        if (e->name == "rect") frame = e.get();
    REQUIRE(frame != nullptr);
    const double bottom_y = frame->number("y") + frame->number("height");
    CHECK((bottom_y - xy[0].second) / frame->number("height") == doctest::Approx(5.0 / 6.0).epsilon(0.01));

    // labels at the right: name and value, one more decimal than the ticks
    std::vector<std::string> texts;
    for (const Element* text : by_name(*root, "text")) texts.push_back(text->text);
    for (const char* label : {"held-out loss 2.0", "bigram 3.0", "chance 5.8", "accuracy 0.40", "most frequent 0.20",
                              "training & <test>", "step"})
        CHECK(std::find(texts.begin(), texts.end(), label) != texts.end());
}

TEST_CASE("line chart: labels that would overlap are moved apart, within the chart") {
    std::vector<SideLabel> labels = {{100, "a", ""}, {101, "b", ""}, {102, "c", ""}, {300, "d", ""}};
    spread_labels(labels, 15, 0, 400);
    CHECK(labels[0].y == 100);  // the first stays
    CHECK(labels[1].y == 115);  // the others move down, one label height apart
    CHECK(labels[2].y == 130);
    CHECK(labels[3].y == 300);  // far enough already
    labels = {{395, "a", ""}, {398, "b", ""}};
    spread_labels(labels, 15, 0, 400);
    CHECK(labels[1].y == 400);  // pushed down to 410 first, past the bottom 400, then back up to it...
    CHECK(labels[0].y == 385);  // ...taking the one above with it, one label height above
}

TEST_CASE("line chart: refuses data it cannot draw") {
    CHECK_THROWS_AS(line_chart_svg("t", "x", {}), std::invalid_argument);
    CHECK_THROWS_AS(line_chart_svg("t", "x", {{"y", {{"c", {1, 2}, {1}}}, {}}}), std::invalid_argument);
    CHECK_THROWS_AS(line_chart_svg("t", "x", {{"y", {{"c", {1}, {std::nan("")}}}, {}}}), std::invalid_argument);
    CHECK_THROWS_AS(line_chart_svg("t", "x", {{"y", {}, {{"b", std::numeric_limits<double>::infinity()}}}}), std::invalid_argument);
}

// ---- 6. the scatter plot ----------------------------------------------------------

TEST_CASE("scatter plot: one point and one label per word, the same scale on both axes") {
    ScatterPlot plot{"map", "x", "y", {"origin", "east", "north", "<&>"}, {0, 2, 0, 1}, {0, 0, 1, 1}};
    auto root = parse(scatter_plot_svg(plot));
    auto points = by_class(*root, "point");
    auto labels = by_class(*root, "label");
    REQUIRE(points.size() == 4);
    REQUIRE(labels.size() == 4);
    CHECK(labels[3]->text == "<&>");
    const double x0 = points[0]->number("cx"), y0 = points[0]->number("cy");
    const double east = points[1]->number("cx") - x0;  // 2 units to the right
    const double north = y0 - points[2]->number("cy");  // 1 unit up: y grows downwards on the page
    CHECK(east > 0);
    CHECK(north == doctest::Approx(east / 2).epsilon(0.01));  // pixels per unit the same both ways
    CHECK(points[1]->number("cy") == doctest::Approx(y0));
}

TEST_CASE("scatter plot: labels of points with room around them do not overlap, and stay inside") {
    // 12 points on a circle: room for every label
    ScatterPlot plot{"circle", "x", "y", {}, {}, {}};
    for (int k = 0; k < 12; k++) {
        plot.labels.push_back("word" + std::to_string(k));
        plot.x.push_back(std::cos(k * 3.14159265 / 6));
        plot.y.push_back(std::sin(k * 3.14159265 / 6));
    }
    auto root = parse(scatter_plot_svg(plot));
    const double width = root->number("width"), height = root->number("height");
    std::vector<Box> boxes;
    for (const Element* label : by_class(*root, "label")) {
        const double left = label->number("x"), baseline = label->number("y");
        boxes.push_back(Box{left, baseline - 12, left + text_width(label->text, 12), baseline + 3});
    }
    REQUIRE(boxes.size() == 12);
    for (size_t a = 0; a < boxes.size(); a++) {
        CHECK(boxes[a].left >= 0);
        CHECK(boxes[a].right <= width);
        CHECK(boxes[a].top >= 0);
        CHECK(boxes[a].bottom <= height);
        for (size_t b = a + 1; b < boxes.size(); b++) CHECK(overlap_area(boxes[a], boxes[b]) == 0);
    }
}

TEST_CASE("scatter plot: crowded labels move out with a line to their point") {
    // five points almost on top of each other: not every label fits next to its point
    ScatterPlot plot{"crowd", "x", "y", {"aaaa", "bbbb", "cccc", "dddd", "eeee"}, {0, 0.001, 0.002, 0, 1}, {0, 0.001, 0, 0.002, 1}};
    auto root = parse(scatter_plot_svg(plot));
    CHECK(by_class(*root, "label").size() == 5);
    CHECK(by_name(*root, "line").size() >= 1);  // at least one label moved away, with its line
}

TEST_CASE("scatter plot: refuses data it cannot draw; one point or points in one place still draw") {
    CHECK_THROWS_AS(scatter_plot_svg(ScatterPlot{"t", "x", "y", {}, {}, {}}), std::invalid_argument);
    CHECK_THROWS_AS(scatter_plot_svg(ScatterPlot{"t", "x", "y", {"a"}, {1, 2}, {1, 2}}), std::invalid_argument);
    CHECK_THROWS_AS(scatter_plot_svg(ScatterPlot{"t", "x", "y", {"a"}, {std::nan("")}, {1}}), std::invalid_argument);
    CHECK(by_class(*parse(scatter_plot_svg(ScatterPlot{"t", "x", "y", {"a"}, {1}, {1}})), "point").size() == 1);
    CHECK(by_class(*parse(scatter_plot_svg(ScatterPlot{"t", "x", "y", {"a", "b"}, {1, 1}, {2, 2}})), "point").size() == 2);
}

TEST_CASE("scatter plot in groups: each group's points and labels in its colour, a legend naming the groups") {
    // five points in three groups, not in group order
    ScatterPlot plot{"groups", "x", "y", {"king", "dog", "queen", "red", "cat"}, {0, 1, 0, 2, 1}, {0, 0, 1, 1, 1}};
    plot.group = {0, 1, 0, 2, 1};
    plot.group_names = {"royalty", "animals", "group 3"};
    auto root = parse(scatter_plot_svg(plot));
    auto points = by_class(*root, "point");
    auto labels = by_class(*root, "label");
    REQUIRE(points.size() == 5);
    REQUIRE(labels.size() == 5);
    // Okabe and Ito's blue, vermillion and bluish green, group by group
    const std::vector<std::string> colour = {"#0072b2", "#d55e00", "#0072b2", "#009e73", "#d55e00"};
    for (size_t k = 0; k < 5; k++) {
        CHECK(points[k]->attribute("fill") == colour[k]);
        CHECK(labels[k]->attribute("fill") == colour[k]);
    }
    auto legend = by_class(*root, "legend");
    REQUIRE(legend.size() == 1);
    auto marks = by_class(*legend[0], "legend-mark");
    auto names = by_class(*legend[0], "legend-label");
    REQUIRE(marks.size() == 3);
    REQUIRE(names.size() == 3);
    const std::vector<std::string> expected = {"royalty", "animals", "group 3"};
    for (size_t g = 0; g < 3; g++) {
        CHECK(names[g]->text == expected[g]);
        CHECK(marks[g]->attribute("fill") == group_colour(g));
        CHECK(names[g]->number("y") > marks[g]->number("cy"));  // the name's baseline below the mark's middle
    }
    // the legend is to the right of the plot's frame and inside the picture
    const double frame_right = by_name(*root, "rect")[1]->number("x") + by_name(*root, "rect")[1]->number("width");
    for (size_t g = 0; g < 3; g++) {
        CHECK(marks[g]->number("cx") - marks[g]->number("r") > frame_right);
        CHECK(names[g]->number("x") + text_width(names[g]->text, 12) <= root->number("width"));
    }
}

TEST_CASE("scatter plot in groups: the colours in order, black seventh; group names escaped") {
    CHECK(group_colour(0) == "#0072b2");
    CHECK(group_colour(4) == "#e69f00");
    CHECK(group_colour(5) == "#56b4e9");
    CHECK(group_colour(6) == "#000000");
    ScatterPlot plot{"t", "x", "y", {"a", "b"}, {0, 1}, {0, 1}};
    plot.group = {0, 1};
    plot.group_names = {"<cats> & \"dogs\"", "caf\xE9"};  // markup, and a Latin-1 byte that is not UTF-8
    const std::string svg = scatter_plot_svg(plot);
    CHECK(svg.find("&lt;cats&gt; &amp; &quot;dogs&quot;") != std::string::npos);
    const auto root = parse(svg);  // kept: names point into it
    auto names = by_class(*root, "legend-label");
    REQUIRE(names.size() == 2);
    CHECK(names[0]->text == "<cats> & \"dogs\"");
    CHECK(names[1]->text == "caf\xEF\xBF\xBD");  // U+FFFD in place of the bad byte
}

TEST_CASE("scatter plot without groups: no legend, every point blue, the labels in the default colour") {
    ScatterPlot plot{"t", "x", "y", {"a", "b"}, {0, 1}, {0, 1}};
    const std::string svg = scatter_plot_svg(plot);
    auto root = parse(svg);
    CHECK(by_class(*root, "legend").empty());
    for (const Element* point : by_class(*root, "point")) CHECK(point->attribute("fill") == "#0072b2");
    for (const Element* label : by_class(*root, "label")) CHECK(label->attribute("fill") == "");
}

TEST_CASE("scatter plot in groups: refuses groups that do not fit the points") {
    ScatterPlot plot{"t", "x", "y", {"a", "b"}, {0, 1}, {0, 1}};
    plot.group = {0};  // one group for two points
    plot.group_names = {"one"};
    CHECK_THROWS_AS(scatter_plot_svg(plot), std::invalid_argument);
    plot.group = {0, 1};  // a group without a name
    CHECK_THROWS_AS(scatter_plot_svg(plot), std::invalid_argument);
    plot.group = {0, 0};
    plot.group_names = {};  // groups but no names
    CHECK_THROWS_AS(scatter_plot_svg(plot), std::invalid_argument);
    plot.group_names = std::vector<std::string>(max_groups + 1, "g");  // more groups than colours
    CHECK_THROWS_AS(scatter_plot_svg(plot), std::invalid_argument);
    plot.group_names = std::vector<std::string>(max_groups, "g");
    CHECK_NOTHROW(scatter_plot_svg(plot));
}

// ---- 7. saving --------------------------------------------------------------------

TEST_CASE("save_svg writes the whole document, or nothing") {
    const fs::path folder = fs::temp_directory_path() / "svg_test_save";
    fs::remove_all(folder);
    fs::create_directories(folder);
    const std::string path = (folder / "map.svg").string();
    const std::string svg = scatter_plot_svg(ScatterPlot{"t", "x", "y", {"a", "b"}, {0, 1}, {0, 1}});
    save_svg(path, svg);
    std::stringstream contents;
    {
        std::ifstream in(path, std::ios::binary);  // closed at the brace: Windows cannot delete an open file
        contents << in.rdbuf();
    }
    CHECK(contents.str() == svg);
    CHECK(!fs::exists(path + ".tmp"));
    // into a folder that does not exist: an error, and no file
    CHECK_THROWS_AS(save_svg((folder / "missing" / "map.svg").string(), svg), std::runtime_error);
    CHECK(!fs::exists(folder / "missing"));
    fs::remove_all(folder);
}

// ---- sample pictures, to look at ----------------------------------------------------

// Draws one picture of each kind, from made-up data that shows every feature:
// six words; the causal mask on two heads side by side; long words and words
// that need escaping; a training curve with baselines; a crowded map. Each is
// checked to be well-formed here. With SVG_SAMPLE_DIR set, they are also
// saved there, so that .ci/run can render them with rsvg-convert and a
// person can look at them:
//     mkdir -p build/svg-samples && SVG_SAMPLE_DIR=build/svg-samples ./tests/svg_test -tc="sample*"
TEST_CASE("sample pictures: one of each kind, well-formed, saved to $SVG_SAMPLE_DIR if set") {
    Rng rng(3);
    auto random_weights = [&](size_t n, bool causal) {  // softmax of random scores: rows sum to 1
        Matrix scores = random_matrix(n, n, 2.0f, rng);
        if (causal)
            for (size_t i = 0; i < n; i++)
                for (size_t j = i + 1; j < n; j++) scores(i, j) = -std::numeric_limits<float>::infinity();
        return softmax_rows(scores);
    };
    const std::vector<std::string> words = {"the", "queen", "fed", "her", "hungry", "dog"};
    const std::vector<std::string> odd = {"a", "extraordinarily", "<tag>", "R&D", "\"quoted\"", "it's"};

    std::vector<std::pair<std::string, std::string>> samples;  // file name, SVG
    samples.push_back({"heat-map-one-head.svg",
                       attention_heat_map_svg({{"head 1 of 1", words, words, random_weights(6, false), {}}},
                                              "Attention weights: \"the queen fed her hungry dog\"")});
    samples.push_back({"heat-map-two-heads-causal.svg",
                       attention_heat_map_svg({{"head 1 of 2, causal mask", words, words, random_weights(6, true), causal_mask(6)},
                                               {"head 2 of 2, causal mask", words, words, random_weights(6, true), causal_mask(6)}},
                                              "Two heads with the causal mask")});
    samples.push_back({"heat-map-long-words.svg",
                       attention_heat_map_svg({{"before training", odd, odd, random_weights(6, false), {}},
                                               {"after training", odd, odd, random_weights(6, false), {}}},
                                              "Long words & <markup>")});
    samples.push_back({"heat-map-before-after.svg",
                       attention_heat_map_rows_svg(
                           {{{"head 1, before training", words, words, random_weights(6, true), causal_mask(6)},
                             {"head 2, before training", words, words, random_weights(6, true), causal_mask(6)}},
                            {{"head 1, after training", words, words, random_weights(6, true), causal_mask(6)},
                             {"head 2, after training", words, words, random_weights(6, true), causal_mask(6)}}},
                           "Before and after training")});
    Curve loss{"held-out loss", {}, {}}, accuracy{"accuracy", {}, {}};
    for (int step = 0; step <= 2000; step += 100) {
        loss.x.push_back(step);
        loss.y.push_back(2.2 + 3.6 * std::exp(-step / 400.0));
        accuracy.x.push_back(step);
        accuracy.y.push_back(0.45 - 0.4 * std::exp(-step / 500.0));
    }
    samples.push_back({"line-chart.svg",
                       line_chart_svg("Training curve", "training step",
                                      {{"held-out loss (nats)", {loss}, {{"chance, ln V", 5.84}, {"bigram", 3.2}}},
                                       {"top-1 accuracy", {accuracy}, {{"most frequent word", 0.21}, {"bigram", 0.33}}}})});
    ScatterPlot map{"A crowded map", "x", "y", {}, {}, {}};
    for (int k = 0; k < 50; k++) {
        map.labels.push_back("word" + std::to_string(k));
        map.x.push_back(rng.uniform(-1, 1));
        map.y.push_back(rng.uniform(-0.5f, 0.5f));
    }
    samples.push_back({"scatter-plot.svg", scatter_plot_svg(map)});

    const char* folder = std::getenv("SVG_SAMPLE_DIR");
    for (const auto& sample : samples) {
        const std::string& name = sample.first;  // (clang 14 cannot CAPTURE a structured binding)
        CAPTURE(name);
        CHECK_NOTHROW(parse(sample.second));
        if (folder != nullptr) save_svg((fs::path(folder) / name).string(), sample.second);
    }
}
