import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The tools staff really use, run for the tests: LibreOffice (soffice --headless) re-saves a
// workbook or prints it to PDF, openpyxl (what pandas uses) edits it the way scripts do. Both are
// Debian packages (libreoffice-calc-nogui, python3-openpyxl) that .ci/run installs.

function inFolder<T>(work: (folder: string) => T): T {
	const folder = mkdtempSync(join(tmpdir(), 'sdsf-office-'));
	try {
		return work(folder);
	} finally {
		rmSync(folder, { recursive: true, force: true });
	}
}

function soffice(folder: string, input: Buffer, target: string): Buffer {
	writeFileSync(join(folder, 'classeur.xlsx'), input);
	execFileSync(
		'soffice',
		[
			// Its own profile, so that parallel runs do not wait on each other's lock.
			`-env:UserInstallation=file://${folder}/profil`,
			'--headless',
			'--convert-to',
			target,
			'--outdir',
			join(folder, 'sortie'),
			join(folder, 'classeur.xlsx')
		],
		{ stdio: 'pipe', timeout: 120_000 }
	);
	const extension = target.split(':')[0];
	return readFileSync(join(folder, 'sortie', `classeur.${extension}`));
}

/** The workbook opened and saved again by LibreOffice Calc, as .xlsx. */
export const libreofficeResave = (input: Buffer): Buffer =>
	inFolder((folder) => soffice(folder, input, 'xlsx:Calc MS Excel 2007 XML'));

/** The workbook printed to PDF by LibreOffice Calc (its print areas, titles and page setup). */
export const libreofficePdf = (input: Buffer): Buffer =>
	inFolder((folder) => soffice(folder, input, 'pdf'));

/**
 * The workbook loaded by openpyxl, edited by `script` (Python; `book` is the workbook, `data`
 * the JSON given) and saved by openpyxl.
 */
export function openpyxlEdit(input: Buffer, script: string, data: unknown = null): Buffer {
	return inFolder((folder) => {
		writeFileSync(join(folder, 'in.xlsx'), input);
		writeFileSync(join(folder, 'data.json'), JSON.stringify(data));
		writeFileSync(
			join(folder, 'edit.py'),
			[
				'import json, sys, openpyxl',
				`book = openpyxl.load_workbook(${JSON.stringify(join(folder, 'in.xlsx'))})`,
				`data = json.load(open(${JSON.stringify(join(folder, 'data.json'))}, encoding="utf-8"))`,
				script,
				`book.save(${JSON.stringify(join(folder, 'out.xlsx'))})`
			].join('\n')
		);
		execFileSync('/usr/bin/python3', [join(folder, 'edit.py')], { stdio: 'pipe', timeout: 60_000 });
		return readFileSync(join(folder, 'out.xlsx'));
	});
}
