import type { YearlyReport } from './indicators.ts';
import { type Cell, pinRows, reportSections, type Section } from './sections.ts';

const escapeHtml = (text: Cell) =>
  String(text).replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** A horizontal bar chart as inline SVG: the page stays one self-contained file, readable offline. */
function barChart(section: Section): string {
  const column = section.chart as number;
  const bars = section.rows.map((row) => ({ name: String(row[0]), value: Number(row[column]) || 0 }));
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const height = 22;
  const rows = bars
    .map((bar, index) => {
      const width = Math.round((bar.value / max) * 300);
      const y = index * height;
      return `<text x="0" y="${y + 15}" font-size="12">${escapeHtml(bar.name.slice(0, 48))}</text><rect x="300" y="${y + 4}" width="${width}" height="${height - 8}" fill="#2f6f9f"/><text x="${306 + width}" y="${y + 15}" font-size="12">${bar.value}</text>`;
    })
    .join('');
  return `<svg role="img" aria-label="${escapeHtml(section.title)}" width="680" height="${bars.length * height + 4}" xmlns="http://www.w3.org/2000/svg">${rows}</svg>`;
}

const table = (section: Section) =>
  `<h2>${escapeHtml(section.title)}</h2>${section.chart !== undefined && section.rows.length > 0 ? barChart(section) : ''}<table><thead><tr>${section.columns
    .map((column) => `<th>${escapeHtml(column)}</th>`)
    .join('')}</tr></thead><tbody>${section.rows
    .map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;

/** The report as one HTML page in Vietnamese, with its charts, ready to send to the Department of Health. */
export function reportHtml(report: YearlyReport, province = 'Gia Lai'): string {
  const { summary, communes, agencies } = reportSections(report);
  const year = report.period.from.slice(0, 4);
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>Báo cáo kết quả công tác bảo vệ trẻ em năm ${escapeHtml(year)} — tỉnh ${escapeHtml(province)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #1b1b1b; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border: 1px solid #c8c8c8; padding: 0.25rem 0.5rem; text-align: left; }
td:not(:first-child) { text-align: right; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 1.5rem; }
.pin { font-size: 0.85rem; color: #555; }
</style>
</head>
<body>
<h1>Báo cáo kết quả công tác bảo vệ trẻ em năm ${escapeHtml(year)} — tỉnh ${escapeHtml(province)}</h1>
<p>Kính gửi: Sở Y tế tỉnh ${escapeHtml(province)}. Số liệu được tính từ nhật ký sự kiện của hệ thống Chung Tay.</p>
${summary.map(table).join('\n')}
${table(communes)}
${agencies.map(table).join('\n')}
<h2>Nguồn số liệu</h2>
<table class="pin"><tbody>${pinRows(report)
    .map(
      ([name, value]) => `<tr><th>${escapeHtml(name as Cell)}</th><td>${escapeHtml(value as Cell)}</td></tr>`,
    )
    .join('')}</tbody></table>
</body>
</html>
`;
}
