import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { YearlyReport } from './indicators.ts';
import { pinRows, reportSections, type Section } from './sections.ts';

function addSections(workbook: ExcelJS.Workbook, name: string, sections: readonly Section[]): void {
  const sheet = workbook.addWorksheet(name);
  for (const section of sections) {
    sheet.addRow([section.title]).font = { bold: true, size: 12 };
    sheet.addRow([...section.columns]).font = { bold: true };
    for (const row of section.rows) sheet.addRow([...row]);
    sheet.addRow([]);
  }
  sheet.getColumn(1).width = 60;
  for (let column = 2; column <= 9; column++) sheet.getColumn(column).width = 18;
}

/** The report as an Excel workbook: the same tables as the page, one sheet per part, labels in Vietnamese. */
export async function reportXlsx(report: YearlyReport): Promise<Buffer> {
  const { summary, communes, agencies } = reportSections(report);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Chung Tay';
  // Every timestamp in the file is the report's own instant, so the same report is the same bytes.
  const judged = new Date(report.judgedAt);
  workbook.created = judged;
  workbook.modified = judged;
  addSections(workbook, 'Tổng hợp', summary);
  addSections(workbook, 'Theo xã, phường', [communes]);
  addSections(workbook, 'Theo cơ quan', agencies);
  addSections(workbook, 'Nguồn số liệu', [
    { title: 'Nguồn số liệu', columns: ['Mục', 'Giá trị'], rows: pinRows(report) },
  ]);
  return stampedZip(Buffer.from(await workbook.xlsx.writeBuffer()), judged);
}

/** The workbook's zip entries dated `at` (the zip library dates them now), in their order, compressed alike. */
async function stampedZip(workbook: Buffer, at: Date): Promise<Buffer> {
  const zip = await JSZip.loadAsync(workbook);
  const restamped = new JSZip();
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    restamped.file(entry.name, await entry.async('uint8array'), {
      date: at,
      binary: true,
      createFolders: false,
    });
  }
  return restamped.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
