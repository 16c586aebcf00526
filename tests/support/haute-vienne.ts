/** The fiche numbers of the Haute-Vienne 2017–2021 booklet, in its order (the seed and the API agree). */
export const HAUTE_VIENNE_FICHE_NUMBERS = [
	'1',
	'2',
	'8',
	'10',
	'11',
	'11 bis',
	'12',
	'14',
	'17',
	'18',
	'20',
	'23',
	'24',
	'31',
	'32',
	'33',
	'34',
	'35',
	'38',
	'40'
];
