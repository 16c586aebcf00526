import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { ficheNumberSortKey } from '../../../src/lib/domain/fiche-number';
import type { CurrentUser } from '../../../src/lib/server/auth/auth.service';
import { migrateToLatest, openDatabase } from '../../../src/lib/server/db/database';
import {
	checkFiguresUpload,
	confirmFiguresImport
} from '../../../src/lib/server/figures-import/figures-import';
import {
	loadImportContext,
	writeFiguresTemplate
} from '../../../src/lib/server/figures-import/template';
import { FIGURES_COLUMNS } from '../../../src/lib/server/figures-import/template-format';
import type { BenchRow, BenchSection } from './types';

// Import of a 10 000-row figures file: a scheme of its own in a temporary database (the national
// one is left untouched) with 500 fiches × 20 expected lines for one open quarter, the
// coordinator's template filled by code, then the timed steps: reading and checking every row
// with the preview, and the all-or-nothing write through the grid's saveDraft (with history).

const FICHES = 500;
const PLAIN_INDICATORS = 4;
const BREAKDOWN_VALUES = 16;
const PERIOD = '2021-T1';

function buildDatabase(path: string) {
	const { db, sqlite } = openDatabase(path);
	return { db, sqlite };
}

function fill(sqlite: ReturnType<typeof openDatabase>['sqlite']): CurrentUser {
	const run = sqlite.transaction(() => {
		const schemeId = Number(
			sqlite
				.prepare(
					`insert into scheme (slug, department_code, department_name, title, start_year, end_year, state, level_labels, visibility)
					 values ('banc-import', '00', 'Département du banc', 'Schéma du banc d’essai de l’import', 2021, 2025, 'en_cours', '["Axe"]', 'private')`
				)
				.run().lastInsertRowid
		);
		const nodeId = Number(
			sqlite
				.prepare(
					`insert into plan_node (scheme_id, parent_id, depth, position, code, title) values (?, null, 1, 1, '1', 'Axe unique')`
				)
				.run(schemeId).lastInsertRowid
		);
		sqlite
			.prepare(
				`insert into reporting_period (scheme_id, code, kind, year, number, starts_on, ends_on, opens_on, closes_on, state)
				 values (?, ?, 'trimestre', 2021, 1, '2021-01-01', '2021-03-31', '2021-04-01', '2099-12-31', 'ouverte')`
			)
			.run(schemeId, PERIOD);
		const fiche = sqlite.prepare(
			`insert into fiche (scheme_id, node_id, number, number_sort, slug, title, state) values (?, ?, ?, ?, ?, ?, 'en_cours')`
		);
		const indicator = sqlite.prepare(
			`insert into indicator (fiche_id, position, kind, label, unit, polarity, periodicity, breakdown_label)
			 values (?, ?, 'realisation', ?, 'nombre', 'higher_better', 'trimestrielle', ?)`
		);
		const breakdown = sqlite.prepare(
			'insert into indicator_breakdown_value (indicator_id, position, label) values (?, ?, ?)'
		);
		for (let n = 1; n <= FICHES; n++) {
			const number = String(n);
			const ficheId = Number(
				fiche.run(schemeId, nodeId, number, ficheNumberSortKey(number), number, `Action ${number}`)
					.lastInsertRowid
			);
			for (let i = 0; i < PLAIN_INDICATORS; i++)
				indicator.run(ficheId, i, `Nombre de bénéficiaires (indicateur ${i + 1})`, null);
			const split = Number(
				indicator.run(ficheId, PLAIN_INDICATORS, 'Nombre de familles accueillies', 'Territoire')
					.lastInsertRowid
			);
			for (let b = 0; b < BREAKDOWN_VALUES; b++) breakdown.run(split, b, `Territoire ${b + 1}`);
		}
		const userId = Number(
			sqlite
				.prepare(
					`insert into app_user (email, name, role) values ('coordination.banc@exemple.fr', 'Coordination du banc', 'lecteur')`
				)
				.run().lastInsertRowid
		);
		// The scheme's coordination (rights are memberships; app_user.role is a legacy column).
		sqlite
			.prepare(`insert into membership (user_id, scheme_id, role) values (?, ?, 'coordinateur')`)
			.run(userId, schemeId);
		return { userId, schemeId };
	});
	const { userId: id, schemeId } = run();
	return {
		id,
		platformAdmin: false,
		memberships: [{ schemeId, role: 'coordinateur', organisationId: null }],
		token: null,
		organisationId: null,
		name: 'Coordination du banc',
		email: 'coordination.banc@exemple.fr',
		organisationShortName: null,
		via: 'session'
	};
}

const seconds = (ms: number) => Math.round(ms) / 1000;

export const excelImportSection: BenchSection = {
	name: 'excel : import de chiffres',
	async run(context) {
		const folder = mkdtempSync(join(tmpdir(), 'sdsf-bench-import-'));
		const { db, sqlite } = buildDatabase(join(folder, 'import.db'));
		try {
			await migrateToLatest(db);
			const admin = fill(sqlite);
			const where = { scheme: 'banc-import', period: PERIOD };

			let started = performance.now();
			const loaded = await loadImportContext(db, admin, where);
			if (!loaded.ok) throw new Error(`Contexte d’import impossible : ${JSON.stringify(loaded)}`);
			const template = await writeFiguresTemplate(loaded, admin);
			const templateMs = performance.now() - started;

			// The pilot's part, not timed: a value on every line.
			const workbook = new ExcelJS.Workbook();
			await workbook.xlsx.load(template as unknown as ExcelJS.Buffer);
			const valueColumn = FIGURES_COLUMNS.findIndex((c) => c.key === 'value') + 1;
			let lines = 0;
			workbook.getWorksheet('Chiffres')!.eachRow((row, n) => {
				if (n === 1) return;
				row.getCell(valueColumn).value = 10 + (n % 90);
				lines++;
			});
			const file = Buffer.from(await workbook.xlsx.writeBuffer());
			context.log(
				`  fichier de ${lines.toLocaleString('fr-FR')} lignes (${Math.round(file.length / 1024)} Ko) : lecture, contrôle, aperçu…`
			);

			started = performance.now();
			const checked = await checkFiguresUpload(db, admin, where, file);
			const checkMs = performance.now() - started;
			if (!checked.ok)
				throw new Error(
					`Import refusé : ${checked.message} ${JSON.stringify(checked.problems.slice(0, 3))}`
				);
			context.log(
				`  enregistrement tout ou rien de ${checked.preview.counts.new.toLocaleString('fr-FR')} chiffres…`
			);
			started = performance.now();
			const confirmed = await confirmFiguresImport(db, admin, where, checked.pending);
			const confirmMs = performance.now() - started;
			if (!confirmed.ok) throw new Error(`Enregistrement refusé : ${confirmed.message}`);
			const events = sqlite
				.prepare(`select count(*) as n from audit_event where entity_type = 'figure'`)
				.get() as { n: number };

			const total = checkMs + confirmMs;
			context.log(
				`    modèle ${seconds(templateMs)} s ; lecture et contrôle ${seconds(checkMs)} s ; enregistrement ${seconds(confirmMs)} s`
			);
			const row: BenchRow = {
				section: 'excel',
				name: `Import d’un fichier de ${lines.toLocaleString('fr-FR')} chiffres`,
				path: null,
				p50: Math.round(total),
				p95: Math.round(total),
				requestsPerSecond: null,
				cache: null,
				sqlP50: null,
				sqlStatements: null,
				serviceP50: Math.round(total),
				ratio: null,
				target: null,
				met: null,
				note: `lecture, contrôle de chaque ligne et aperçu ${seconds(checkMs)} s + enregistrement tout ou rien ${seconds(confirmMs)} s (${confirmed.saved.toLocaleString('fr-FR')} chiffres, ${events.n.toLocaleString('fr-FR')} événements d’historique, ${FICHES} fiches) ; modèle ${seconds(templateMs)} s ; une mesure`
			};
			return [row];
		} finally {
			await db.destroy();
			rmSync(folder, { recursive: true, force: true });
		}
	}
};
