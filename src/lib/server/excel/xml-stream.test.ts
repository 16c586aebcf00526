import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frenchText } from './french-text.fixture';
import { createXmlReader, XmlError } from './xml-stream';

const escapeXml = (text: string) =>
	text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Reads `xml` fed as UTF-8 bytes cut at `cuts`, as the inflater would hand them over. */
function read(xml: string, cuts: number[] = []) {
	const bytes = Buffer.from(xml, 'utf8');
	const events: string[] = [];
	const texts: string[] = [];
	let current = '';
	const reader = createXmlReader(
		{
			open(name, attributes) {
				events.push(`<${name}${Object.entries(attributes).map(([k, v]) => ` ${k}=${v}`)}>`);
				current = '';
			},
			close(name) {
				if (name === 't') texts.push(current);
				events.push(`</${name}>`);
			},
			text(text) {
				current += text;
			}
		},
		{ maxTagChars: 1024 }
	);
	const decoder = new TextDecoder('utf-8', { fatal: true });
	let from = 0;
	for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
		reader.write(decoder.decode(bytes.subarray(from, cut), { stream: true }));
		from = cut;
	}
	reader.write(decoder.decode(bytes.subarray(from)));
	reader.end();
	return { events, texts };
}

describe('streaming XML reader', () => {
	it('gives back any French text byte for byte wherever the chunks are cut', () => {
		fc.assert(
			fc.property(
				fc.array(frenchText(), { minLength: 1, maxLength: 8 }),
				fc.array(fc.nat(), { maxLength: 30 }),
				(texts, cuts) => {
					const xml = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="x">${texts
						.map((t, i) =>
							i % 2
								? `<si><t xml:space="preserve">${escapeXml(t)}</t></si>`
								: `<x:si><x:t>${escapeXml(t)}</x:t></x:si>`
						)
						.join('')}</sst>`;
					const length = Buffer.byteLength(xml);
					const result = read(
						xml,
						cuts.map((c) => c % length)
					);
					expect(result.texts).toEqual(texts);
				}
			),
			{ numRuns: 300 }
		);
	});

	it('reads entities, CDATA, comments and attributes in either quotes', () => {
		const { events, texts } = read(
			`<!-- en tête --><root a='1' b="d&amp;e"><t>&lt;&#233;&#x1F642;&quot;&apos;</t><!-- x --><t><![CDATA[<brut> & ]]></t><e/></root>`,
			[3, 20, 40, 41, 60, 75]
		);
		expect(texts).toEqual(['<é🙂"\'', '<brut> & ']);
		expect(events[0]).toBe('<root a=1, b=d&e>');
		expect(events.slice(-3)).toEqual(['<e>', '</e>', '</root>']);
	});

	it('keeps a line break typed as CR LF as one line break, even when the chunk cuts it', () => {
		expect(read('<t>a\r\nb\rc&#13;</t>', [5]).texts).toEqual(['a\nb\nc\r']);
	});

	it('refuses a DTD (no entity expansion), malformed markup and an over-long tag', () => {
		for (const xml of [
			'<!DOCTYPE t [<!ENTITY a "aaaa">]><t>&a;</t>',
			'<t>&inconnue;</t>',
			'<t><u></t></u>',
			'<t>',
			'<t/><t/>',
			'texte <t/>',
			`<t a="${'x'.repeat(2_000)}"/>`
		])
			expect(() => read(xml), xml).toThrow(XmlError);
	});
});
