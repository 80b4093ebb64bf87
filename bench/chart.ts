/**
 * Bar charts of benchmark results as one SVG image (bench/RESULTS.svg), so RESULTS.md shows the comparisons at a
 * glance. Plain SVG text: no plotting library, renders on GitHub and in any browser.
 */

/** Grouped bars: one group per category, one bar per series in each group. */
export interface Chart {
  readonly title: string;
  readonly unit: string;
  readonly categories: readonly string[];
  readonly series: ReadonlyArray<{ readonly name: string; readonly values: readonly number[] }>;
}

const WIDTH = 900;
const LABEL_WIDTH = 210;
const BAR_HEIGHT = 16;
const BAR_GAP = 4;
const GROUP_GAP = 14;
const TITLE_HEIGHT = 40;
const LEGEND_HEIGHT = 26;
const COLORS = ["#2f6fdf", "#f29a2e", "#3aa65b", "#c6423f", "#8a5cc7"];

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function formatValue(value: number, unit: string): string {
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${unit}`;
}

/** One chart as SVG elements, translated to `top`; returns the elements and the chart's height. */
function renderChart(chart: Chart, top: number): { svg: string[]; height: number } {
  const max = Math.max(...chart.series.flatMap((s) => s.values), 1e-9);
  const plotWidth = WIDTH - LABEL_WIDTH - 110;
  const groupHeight = chart.series.length * (BAR_HEIGHT + BAR_GAP) + GROUP_GAP;
  const svg = [`<g transform="translate(0,${top})">`,
    `<text x="16" y="24" font-size="16" font-weight="bold">${escape(chart.title)}</text>`];
  chart.series.forEach((series, i) => {
    const x = LABEL_WIDTH + i * 190;
    svg.push(`<rect x="${x}" y="${TITLE_HEIGHT - 4}" width="12" height="12" fill="${COLORS[i % COLORS.length]}"/>`,
      `<text x="${x + 18}" y="${TITLE_HEIGHT + 6}" font-size="12">${escape(series.name)}</text>`);
  });
  chart.categories.forEach((category, c) => {
    const groupTop = TITLE_HEIGHT + LEGEND_HEIGHT + c * groupHeight;
    const labelY = groupTop + (chart.series.length * (BAR_HEIGHT + BAR_GAP)) / 2 + 4;
    svg.push(`<text x="${LABEL_WIDTH - 10}" y="${labelY}" font-size="12" text-anchor="end">${escape(category)}</text>`);
    chart.series.forEach((series, s) => {
      const value = series.values[c];
      const y = groupTop + s * (BAR_HEIGHT + BAR_GAP);
      const width = Math.max(1, (value / max) * plotWidth);
      svg.push(`<rect x="${LABEL_WIDTH}" y="${y}" width="${width.toFixed(1)}" height="${BAR_HEIGHT}" fill="${COLORS[s % COLORS.length]}"/>`,
        `<text x="${(LABEL_WIDTH + width + 6).toFixed(1)}" y="${y + 12}" font-size="11">${escape(formatValue(value, chart.unit))}</text>`);
    });
  });
  svg.push("</g>");
  return { svg, height: TITLE_HEIGHT + LEGEND_HEIGHT + chart.categories.length * groupHeight + 10 };
}

/** Every chart stacked in one SVG document. */
export function renderCharts(charts: readonly Chart[]): string {
  const parts: string[] = [];
  let top = 0;
  for (const chart of charts) {
    const { svg, height } = renderChart(chart, top);
    parts.push(...svg);
    top += height;
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${top}" viewBox="0 0 ${WIDTH} ${top}" font-family="sans-serif">`,
    `<rect width="${WIDTH}" height="${top}" fill="white"/>`,
    ...parts,
    "</svg>",
    "",
  ].join("\n");
}
