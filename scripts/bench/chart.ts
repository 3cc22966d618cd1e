import { median } from './stats.ts';
import type { BenchResults } from './results.ts';

export interface Point {
  x: number;
  y: number;
  /** Joined by the tool's line (the generated books); other inputs are drawn as open marks. */
  joined: boolean;
}

export interface Series {
  label: string;
  points: Point[];
}

const palette = ['#d62728', '#111111', '#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#17becf'];

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** 1, 2, 5 × 10^k steps giving about `count` ticks up to `max`. */
export function ticks(max: number, count = 6): number[] {
  if (!(max > 0)) return [0];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let value = 0; value <= max + step * 1e-9; value += step) out.push(Math.round(value / step) * step);
  if (out[out.length - 1] < max) out.push(out[out.length - 1] + step);
  return out;
}

/** The median seconds of each tool against Octavo's page count of each input. */
export function seriesOf(results: BenchResults): Series[] {
  const byTool = new Map<string, Series>();
  for (const input of results.inputs) {
    if (input.octavoPages === undefined) continue;
    for (const tool of input.tools) {
      const ok = tool.runs.filter((run) => !run.error);
      if (ok.length === 0) continue;
      const series = byTool.get(tool.tool) ?? { label: tool.label, points: [] };
      series.points.push({ x: input.octavoPages, y: median(ok.map((run) => run.seconds)), joined: input.id.startsWith('book-') });
      byTool.set(tool.tool, series);
    }
  }
  for (const series of byTool.values()) series.points.sort((a, b) => a.x - b.x);
  return [...byTool.values()];
}

/** A line chart as a standalone SVG document; no dependencies. */
export function renderChart(series: Series[], options: { title: string; xLabel: string; yLabel: string }): string {
  const width = 860;
  const height = 480;
  const margin = { left: 64, right: 330, top: 44, bottom: 56 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const all = series.flatMap((s) => s.points);
  const xTicks = ticks(Math.max(1, ...all.map((p) => p.x)));
  const yTicks = ticks(Math.max(0.1, ...all.map((p) => p.y)));
  const xMax = xTicks[xTicks.length - 1];
  const yMax = yTicks[yTicks.length - 1];
  const sx = (x: number) => margin.left + (x / xMax) * plotW;
  const sy = (y: number) => margin.top + plotH - (y / yMax) * plotH;
  const f = (n: number) => Number(n.toFixed(1));
  const parts: string[] = [];
  parts.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);
  parts.push(`<text x="${margin.left}" y="24" font-size="16" font-weight="bold">${escape(options.title)}</text>`);
  for (const t of xTicks) {
    parts.push(`<line x1="${f(sx(t))}" y1="${margin.top}" x2="${f(sx(t))}" y2="${margin.top + plotH}" stroke="#e4e4e4"/>`);
    parts.push(`<text x="${f(sx(t))}" y="${margin.top + plotH + 18}" font-size="11" text-anchor="middle">${t}</text>`);
  }
  for (const t of yTicks) {
    parts.push(`<line x1="${margin.left}" y1="${f(sy(t))}" x2="${margin.left + plotW}" y2="${f(sy(t))}" stroke="#e4e4e4"/>`);
    parts.push(`<text x="${margin.left - 8}" y="${f(sy(t)) + 4}" font-size="11" text-anchor="end">${t}</text>`);
  }
  parts.push(`<rect x="${margin.left}" y="${margin.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#888888"/>`);
  parts.push(`<text x="${margin.left + plotW / 2}" y="${height - 14}" font-size="12" text-anchor="middle">${escape(options.xLabel)}</text>`);
  parts.push(`<text transform="translate(18 ${margin.top + plotH / 2}) rotate(-90)" font-size="12" text-anchor="middle">${escape(options.yLabel)}</text>`);
  series.forEach((s, i) => {
    const color = palette[i % palette.length];
    const dash = i >= palette.length ? ' stroke-dasharray="5 3"' : '';
    const joined = s.points.filter((p) => p.joined);
    const path = joined.map((p) => `${f(sx(p.x))},${f(sy(p.y))}`).join(' ');
    parts.push(`<g><title>${escape(s.label)}</title>`);
    if (joined.length > 1) parts.push(`<polyline points="${path}" fill="none" stroke="${color}" stroke-width="${i === 0 ? 3 : 2}"${dash}/>`);
    for (const p of s.points) {
      const fill = p.joined ? `fill="${color}"` : `fill="#ffffff" stroke="${color}" stroke-width="2"`;
      parts.push(`<circle cx="${f(sx(p.x))}" cy="${f(sy(p.y))}" r="${p.joined ? 3.5 : 4.5}" ${fill}><title>${escape(`${s.label}: ${p.x} pages, ${p.y.toFixed(2)} s`)}</title></circle>`);
    }
    parts.push('</g>');
    const ly = margin.top + 10 + i * 20;
    parts.push(`<line x1="${margin.left + plotW + 16}" y1="${ly}" x2="${margin.left + plotW + 40}" y2="${ly}" stroke="${color}" stroke-width="3"${dash}/>`);
    parts.push(`<text x="${margin.left + plotW + 46}" y="${ly + 4}" font-size="11">${escape(s.label)}</text>`);
  });
  const noteY = margin.top + 20 + series.length * 20;
  parts.push(`<circle cx="${margin.left + plotW + 28}" cy="${noteY}" r="3.5" fill="#555555"/>`);
  parts.push(`<text x="${margin.left + plotW + 46}" y="${noteY + 4}" font-size="11">generated books, joined</text>`);
  parts.push(`<circle cx="${margin.left + plotW + 28}" cy="${noteY + 20}" r="4.5" fill="#ffffff" stroke="#555555" stroke-width="2"/>`);
  parts.push(`<text x="${margin.left + plotW + 46}" y="${noteY + 24}" font-size="11">the review, the CommonMark spec</text>`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" role="img" aria-label="${escape(options.title)}">`,
    ...parts.map((part) => `  ${part}`),
    '</svg>',
    '',
  ].join('\n');
}
