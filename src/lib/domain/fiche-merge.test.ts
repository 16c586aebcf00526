import { describe, expect, it } from 'vitest';
import {
	applyMergeChoices,
	mergeFicheValues,
	normaliseFieldText,
	type FicheFormValues
} from './fiche-edit';

const values = (overrides: Partial<FicheFormValues> = {}): FicheFormValues => ({
	state: 'en_cours',
	context: 'Premier paragraphe.\n\nSecond paragraphe.',
	steps: '1) Réunir\n2) Décider',
	targetPublic: '',
	schedule: '2018',
	startDate: '',
	endDate: '',
	resultsQuantitative: '',
	resultsQualitative: '',
	partners: 'CAF\nCD 87',
	number: '35',
	title: 'Communiquer',
	priorityLabel: '',
	links: '',
	pilots: 'CAF 87',
	...overrides
});
const FIELDS = Object.keys(values()) as (keyof FicheFormValues)[];

describe('three-way merge of a fiche', () => {
	it('ignores line endings and trailing blanks', () => {
		expect(normaliseFieldText('a  \r\nb\t\r\n\r\n')).toBe('a\nb');
		const base = values();
		const mine = { ...base, context: base.context.replace(/\n/g, '\r\n') + '\r\n' };
		const theirs = values({ schedule: '2019' });
		const merge = mergeFicheValues(base, theirs, mine, FIELDS);
		expect(merge.conflicts).toEqual([]);
		expect(merge.merged).toEqual(theirs);
	});

	it('keeps each side’s change where the other did not touch the field', () => {
		const base = values();
		const theirs = values({ partners: 'CAF\nCD 87\nMSA' });
		const mine = values({ schedule: '2017/2019' });
		const merge = mergeFicheValues(base, theirs, mine, FIELDS);
		expect(merge.conflicts).toEqual([]);
		expect(merge.keptMine).toEqual(['schedule']);
		expect(merge.merged).toMatchObject({ partners: 'CAF\nCD 87\nMSA', schedule: '2017/2019' });
	});

	it('a field both changed is a conflict that keeps theirs until chosen', () => {
		const base = values();
		const merge = mergeFicheValues(
			base,
			values({ schedule: '2019' }),
			values({ schedule: '2020' }),
			FIELDS
		);
		expect(merge.conflicts).toEqual([
			{ field: 'schedule', base: '2018', theirs: '2019', mine: '2020' }
		]);
		expect(merge.merged.schedule).toBe('2019');
	});

	it('without the starting text, every difference is a conflict', () => {
		const merge = mergeFicheValues({}, values({ schedule: '2019' }), values(), FIELDS);
		expect(merge.conflicts.map((c) => c.field)).toEqual(['schedule']);
	});

	it('applies « la mienne » unless the field was edited since', () => {
		const form = {
			schedule: '2019',
			'base.schedule': '2019',
			'mine.schedule': '2020',
			'choice.schedule': 'mine',
			title: 'Autre',
			'base.title': 'Titre',
			'mine.title': 'Mon titre',
			'choice.title': 'mine',
			context: 'x',
			'base.context': 'x',
			'mine.context': 'y',
			'choice.context': 'theirs'
		};
		const out = applyMergeChoices(form);
		expect(out.schedule).toBe('2020');
		expect(out.title).toBe('Autre');
		expect(out.context).toBe('x');
	});
});
