import fc from 'fast-check';

// Random French text for property tests: accents, ligatures, French quotes and spaces, ellipsis,
// euro sign, line breaks and emoji (four UTF-8 bytes, two UTF-16 units), the characters most
// likely to be split by a reader that decodes chunk by chunk.

const PIECES = [
	'é',
	'è',
	'ê',
	'à',
	'ç',
	'ù',
	'ô',
	'î',
	'ï',
	'É',
	'À',
	'Ç',
	'œ',
	'Œ',
	'æ',
	'«\u00a0',
	'\u00a0»',
	'…',
	'’',
	'€',
	'\u202f',
	'—',
	'°',
	'🙂',
	'👨‍👩‍👧',
	'\n',
	'kakémono',
	'crèche',
	'cœur',
	'accueil',
	'parentalité',
	' ',
	' ',
	'a',
	'e',
	'<',
	'&',
	'"',
	"'",
	'>'
];

/** French-looking text of `minLength` to `maxLength` pieces, never blank, trimmed. */
export const frenchText = (minLength = 1, maxLength = 60) =>
	fc
		.array(fc.constantFrom(...PIECES), { minLength, maxLength })
		.map((pieces) => `x${pieces.join('')}x`);

/** A long text (tens of kilobytes) so that chunk boundaries fall inside it. */
export const longFrenchText = () =>
	fc
		.tuple(fc.integer({ min: 0, max: 70 }), frenchText(2_000, 6_000))
		.map(([pad, text]) => `${'p'.repeat(pad)}${text}`);
