import { excelImportSection } from './excel-import';
import { excelReportSection } from './excel-report';
import { excelStreamSection } from './excel-stream';
import { pagesSection } from './pages';
import type { BenchSection } from './types';

/** Every benchmark section, in the order they run. Add a section here (e.g. the Excel export). */
export const sections: BenchSection[] = [
	pagesSection,
	excelReportSection,
	excelStreamSection,
	excelImportSection
];
