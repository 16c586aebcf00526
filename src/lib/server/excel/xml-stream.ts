// A small streaming XML reader for the parts of an .xlsx upload. It is fed text that a streaming
// UTF-8 decoder produced (so a character is never split between two chunks), reports elements by
// their local name (`x:row` and `row` alike) and text already unescaped, and keeps at most one tag
// in memory: text is handed over piece by piece, so a huge text node never sits in a buffer.
// It refuses what an .xlsx part never holds (a DTD, hence no entity expansion), malformed markup,
// and a tag longer than `maxTagChars`.

export class XmlError extends Error {
	constructor(
		message: string,
		readonly kind: 'malformed' | 'too_large' = 'malformed'
	) {
		super(message);
	}
}

export type XmlHandlers = {
	open(name: string, attributes: Record<string, string>): void;
	close(name: string): void;
	/** Unescaped text; one text node may come in several pieces. */
	text(text: string): void;
};

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function unescape(raw: string): string {
	if (!raw.includes('&')) return raw;
	return raw.replace(/&([^;&]*);?/g, (whole, body: string) => {
		if (!whole.endsWith(';')) throw new XmlError('entité non terminée');
		if (body in NAMED) return NAMED[body];
		const code = /^#x([0-9a-f]{1,6})$/i.exec(body)
			? parseInt(body.slice(2), 16)
			: /^#(\d{1,7})$/.exec(body)
				? parseInt(body.slice(1), 10)
				: NaN;
		if (!Number.isFinite(code) || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
			throw new XmlError(`entité inconnue « ${whole.slice(0, 20)} »`);
		return String.fromCodePoint(code);
	});
}

const localName = (qualified: string) => qualified.slice(qualified.indexOf(':') + 1);
const NAME = /^[A-Za-z_][\w.:-]*$/;
const ATTRIBUTE = /([^\s=]+)\s*=\s*("([^"]*)"|'([^']*)')/g;

function parseTag(inner: string): { name: string; attributes: Record<string, string> } {
	const match = /^([^\s/>]+)/.exec(inner);
	if (!match || !NAME.test(match[1])) throw new XmlError('balise illisible');
	const attributes: Record<string, string> = {};
	const rest = inner.slice(match[1].length);
	let consumed = 0;
	for (const m of rest.matchAll(ATTRIBUTE)) {
		if (rest.slice(consumed, m.index).trim()) throw new XmlError('attribut illisible');
		consumed = m.index + m[0].length;
		const name = m[1];
		if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
		attributes[localName(name)] = unescape(m[3] ?? m[4]);
	}
	if (rest.slice(consumed).trim()) throw new XmlError('attribut illisible');
	return { name: localName(match[1]), attributes };
}

/** Where the tag starting at `from` (a '<') ends ('>' outside quotes), or -1 if not yet known. */
function tagEnd(text: string, from: number): number {
	let quote = '';
	for (let i = from + 1; i < text.length; i++) {
		const c = text[i];
		if (quote) {
			if (c === quote) quote = '';
		} else if (c === '"' || c === "'") quote = c;
		else if (c === '>') return i;
		else if (c === '<') throw new XmlError('balise illisible');
	}
	return -1;
}

export function createXmlReader(handlers: XmlHandlers, options: { maxTagChars: number }) {
	let pending = '';
	const stack: string[] = [];
	let rootSeen = false;
	let rootClosed = false;

	const emitText = (raw: string) => {
		if (!raw) return;
		if (stack.length === 0) {
			if (raw.trim()) throw new XmlError('texte hors de l’élément racine');
			return;
		}
		// XML reads a line break typed as CR LF (or a lone CR) as LF.
		handlers.text(unescape(raw.replace(/\r\n?/g, '\n')));
	};

	function consume(final: boolean): void {
		let at = 0;
		while (at < pending.length) {
			const lt = pending.indexOf('<', at);
			if (lt < 0) {
				// Keep an entity cut by the chunk boundary (and a CR that may start CR LF) for later.
				let keep = pending.length;
				const amp = pending.lastIndexOf('&');
				if (amp >= at && !pending.includes(';', amp)) keep = amp;
				if (!final && keep === pending.length && pending.endsWith('\r')) keep--;
				if (final) keep = pending.length;
				emitText(pending.slice(at, keep));
				at = keep;
				break;
			}
			emitText(pending.slice(at, lt));
			at = lt;
			const head = pending.slice(lt, lt + 9);
			let end: number;
			if (head.startsWith('<?')) {
				end = pending.indexOf('?>', lt + 2);
				if (end >= 0) end += 1;
			} else if (head.startsWith('<!--')) {
				end = pending.indexOf('-->', lt + 4);
				if (end >= 0) end += 2;
			} else if (head.startsWith('<![CDATA[')) {
				end = pending.indexOf(']]>', lt + 9);
				if (end >= 0) {
					if (stack.length === 0) throw new XmlError('CDATA hors de l’élément racine');
					handlers.text(pending.slice(lt + 9, end));
					end += 2;
					at = end + 1;
					continue;
				}
			} else if (head.startsWith('<!')) {
				// Wait for a comment or CDATA cut by the chunk boundary; anything else is a DTD.
				if (final || !('<![CDATA['.startsWith(head) || '<!--'.startsWith(head)))
					throw new XmlError('déclaration de type de document refusée');
				end = -1;
			} else {
				end = tagEnd(pending, lt);
				if (end - lt > options.maxTagChars) throw new XmlError('balise trop longue', 'too_large');
				if (end >= 0) {
					const inner = pending.slice(lt + 1, end);
					if (inner.startsWith('/')) {
						const name = localName(inner.slice(1).trim());
						if (stack.pop() !== name) throw new XmlError('balises mal imbriquées');
						if (stack.length === 0) rootClosed = true;
						handlers.close(name);
					} else {
						const selfClosing = inner.endsWith('/');
						const { name, attributes } = parseTag(selfClosing ? inner.slice(0, -1) : inner);
						if (stack.length === 0) {
							if (rootSeen) throw new XmlError('plusieurs éléments racines');
							rootSeen = true;
						}
						stack.push(name);
						handlers.open(name, attributes);
						if (selfClosing) {
							stack.pop();
							if (stack.length === 0) rootClosed = true;
							handlers.close(name);
						}
					}
				}
			}
			if (end < 0) {
				if (pending.length - lt > options.maxTagChars)
					throw new XmlError('balise trop longue', 'too_large');
				break;
			}
			at = end + 1;
		}
		pending = pending.slice(at);
	}

	return {
		write(text: string): void {
			pending += text;
			consume(false);
		},
		end(): void {
			consume(true);
			if (pending.trim() || !rootSeen || !rootClosed || stack.length)
				throw new XmlError('document XML incomplet');
		}
	};
}
